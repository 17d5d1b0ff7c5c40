#pragma once

#include "ssh/sshtarget.h"

#include <QObject>
#include <QSet>

class QTextStream;

namespace Notebench::Protocol {
struct Message;
}

namespace Notebench::Ssh {
class RemoteSessions;
class SshTransport;
}

namespace Notebench::App {

/// `notebench attach ssh://HOST SESSION`: replays everything a remote session produced and
/// follows it live until no cell is running, printing streams, results and errors as text.
/// The session keeps running afterwards. The host's session list says how far the journal
/// reached when we asked, so the replay knows when it has caught up without guessing by time.
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
    void fail(const QString &why);

    QTextStream &m_out;
    QTextStream &m_err;
    QString m_sessionId;
    Ssh::RemoteSessions *m_sessions;
    Ssh::SshTransport *m_transport;
    quint64 m_catchUpSeq = 0; // the session's last seq when we asked: the replay ends past it
    QSet<QString> m_running; // execute_input seen; done once both its reply and its idle status came
    QSet<QString> m_replied;
    QSet<QString> m_idle;
    bool m_done = false;
};

} // namespace Notebench::App
