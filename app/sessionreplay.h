#pragma once

#include "ssh/sshtarget.h"

#include <QObject>
#include <QSet>
#include <QTimer>

class QTextStream;

namespace Notebench::Protocol {
struct Message;
}

namespace Notebench::Ssh {
class SshTransport;
}

namespace Notebench::App {

/// `notebench attach ssh://HOST SESSION`: replays everything a remote session produced and
/// follows it live until no cell is running, printing streams, results and errors as text.
/// The session keeps running afterwards.
class SessionReplay : public QObject
{
    Q_OBJECT
public:
    SessionReplay(Ssh::SshTarget target, QString sessionId, QTextStream &out, QTextStream &err, QObject *parent = nullptr);
    ~SessionReplay() override;

    void start();

signals:
    void finished(int exitCode);

private:
    void onMessage(const Protocol::Message &message);
    void finishIfSettled();

    QTextStream &m_out;
    QTextStream &m_err;
    Ssh::SshTransport *m_transport;
    QSet<QString> m_running; // execute_input seen; done once both its reply and its idle status came
    QSet<QString> m_replied;
    QSet<QString> m_idle;
    QTimer m_settle;
    bool m_done = false;
};

} // namespace Notebench::App
