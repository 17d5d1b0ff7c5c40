#pragma once

#include "ssh/sshtarget.h"

#include <QObject>
#include <QStringList>

class QThread;

namespace Notebench::Ssh {

class SshSession;

/// The GUI-thread handle of one SSH connection: it owns a worker thread with an SshSession and
/// talks to it by queued calls and signals only, so no call here ever blocks.
class SshConnection : public QObject
{
    Q_OBJECT
public:
    explicit SshConnection(SshTarget target, QObject *parent = nullptr);
    /// Hands the worker a disconnect and lets its thread end on its own (never waits for it).
    ~SshConnection() override;

    /// Connects, verifies, authenticates and deploys the agent: ready() or failed().
    void open();
    /// Runs the agent with these arguments to completion: commandFinished(id, …) with this id.
    int runAgent(const QStringList &arguments);
    /// Runs the agent as a long-lived stream (attach): streamOpened, streamData, streamClosed.
    void openAgentStream(const QStringList &arguments);
    void write(const QByteArray &bytes);
    /// Runs the agent with these arguments on a channel of its own beside the stream, for as long
    /// as it prints (telemetry): watchData(id, …) until watchClosed(id, …) or closeWatch(id).
    int openAgentWatch(const QStringList &arguments);
    void closeWatch(int id);

    const SshTarget &target() const { return m_target; }
    bool isReady() const { return m_ready; }
    /// The command line that runs the deployed agent with these arguments on the host.
    QString agentCommand(const QStringList &arguments) const;
    /// POSIX shell quoting, for remote command lines.
    static QString shellQuote(const QString &word);
    /// The agent script embedded in this binary.
    static QByteArray agentScript();

signals:
    void ready();
    void failed(const Notebench::Ssh::SshError &error);
    void commandFinished(int id, int exitStatus, const QByteArray &out, const QByteArray &err);
    void streamOpened();
    void streamData(const QByteArray &bytes);
    void streamClosed(int exitStatus, const Notebench::Ssh::SshError &error);
    void watchData(int id, const QByteArray &bytes);
    void watchClosed(int id, int exitStatus, const Notebench::Ssh::SshError &error);

private:
    SshTarget m_target;
    QThread *m_thread;
    SshSession *m_session;
    QString m_agentPath;
    bool m_ready = false;
    int m_nextCommand = 0;
};

} // namespace Notebench::Ssh
