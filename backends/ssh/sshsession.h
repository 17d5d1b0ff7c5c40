#pragma once

#include "ssh/sshlogin.h"
#include "ssh/sshtarget.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <libssh/callbacks.h>
#include <libssh/libssh.h>

#include <map>

class QSocketNotifier;

namespace Notebench::Ssh {

/// One libssh session and its channels. It lives on its own worker thread, because a libssh
/// session may not be used from two threads; SshConnection talks to it by queued calls only.
/// Blocking libssh calls (connect, authentication, SFTP, commands) happen here, never on the GUI.
class SshSession : public QObject
{
    Q_OBJECT
public:
    SshSession(SshTarget target, QByteArray agentScript);
    ~SshSession() override;

public slots:
    /// Connects, verifies the host key, authenticates and deploys the agent; emits ready or failed.
    void connectToHost();
    /// Runs a command to its end on a channel of its own.
    void runCommand(int id, const QString &command);
    /// Runs a long-lived command whose stdin and stdout carry the agent stream.
    void openStream(const QString &command);
    void writeStream(const QByteArray &bytes);
    /// Runs a long-lived command whose stdout is read beside the stream, on its own channel and by
    /// the same socket notifier, so the kernel's output keeps flowing (a runCommand would hold the
    /// thread): watchData(id, …) until watchClosed(id, …).
    void openWatch(int id, const QString &command);
    /// Closes a watch the caller no longer wants; no watchClosed follows.
    void closeWatch(int id);
    void disconnectFromHost();

signals:
    void ready(const QString &agentPath);
    void failed(const Notebench::Ssh::SshError &error);
    void commandFinished(int id, int exitStatus, const QByteArray &out, const QByteArray &err);
    void streamOpened();
    void streamData(const QByteArray &bytes);
    /// The stream ended: exitStatus is the command's (-1 when the connection was lost).
    void streamClosed(int exitStatus, const Notebench::Ssh::SshError &error);
    void watchData(int id, const QByteArray &bytes);
    /// A watch ended: exitStatus is the command's (-1 when the connection was lost).
    void watchClosed(int id, int exitStatus, const Notebench::Ssh::SshError &error);

private:
    SshError deployAgent(QString *path);
    SshError error(SshError::Kind kind, const QString &what) const;
    void pumpChannels();
    void pumpStream();
    void pumpWatches();
    void sendKeepalive();
    void closeStream(int exitStatus, const SshError &error);
    void closeWatches(const SshError &error);
    /// The socket notifier and the poll timer run while the stream or a watch is open.
    void listenToSocket();
    void stopListeningIfIdle();
    void release();

    struct Watch
    {
        ssh_channel channel;
        QByteArray stderrTail; // the end of what the command said on stderr, for its failure
    };

    SshTarget m_target;
    QByteArray m_agentScript;
    SshLogin m_login;
    ssh_session m_session = nullptr; // m_login's, while connected
    ssh_channel m_stream = nullptr;
    std::map<int, Watch> m_watches;
    QSocketNotifier *m_notifier = nullptr;
    QTimer m_pollTimer{this};     // children: they move to the worker thread with the session
    QTimer m_keepaliveTimer{this};
};

} // namespace Notebench::Ssh
