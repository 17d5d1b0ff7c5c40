#pragma once

#include "kernel/transport.h"
#include "ssh/agentframe.h"
#include "ssh/sshtarget.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>

namespace Notebench::Ssh {

class SshConnection;

/// Where the link to the remote agent stands, for the status bar ("reconnecting…").
enum class LinkState { Connecting, Connected, Reconnecting, Failed };

/// Kernel::Transport over the remote agent's attach stream on an SSH exec channel. It keeps the
/// last sequence number it delivered; when the connection drops it reconnects with backoff and
/// resumes with attach --from that number, so every message arrives once, in order.
class SshTransport : public Kernel::Transport
{
    Q_OBJECT
public:
    /// Attaches to `sessionId` from `fromSeq`; adopts `connection` when it is already open.
    SshTransport(SshTarget target, QString sessionId, quint64 fromSeq, SshConnection *connection, QObject *parent = nullptr);
    ~SshTransport() override;

    /// Starts a kernel with `agent serve --attach` on the adopted, open connection: one exec
    /// both starts the daemon and streams it, instead of serve and then attach (each exec costs
    /// the host a channel and a Python start). served() once the kernel is ready, or
    /// serveFailed(); what arrives before open() waits for it, so the client misses nothing.
    void serve(const QStringList &serveArguments);

    void open() override;
    void close() override;
    void send(Kernel::Channel channel, const Protocol::Message &message) override;
    QString session() const override { return m_clientSession; }

    /// Asks the daemon to "interrupt", "shutdown" or "kill" the kernel.
    void sendAgentCommand(const QString &command);
    QString remoteSession() const { return m_remoteSession; }
    quint64 lastSeq() const { return m_lastSeq; }
    LinkState linkState() const { return m_state; }
    /// The connection the stream runs on now (a new one after each reconnect; null while none),
    /// for what else goes over it, such as GPU telemetry.
    SshConnection *connection() const;
    /// How long reconnecting may go on before the transport fails (default 5 minutes).
    void setReconnectLimit(int milliseconds) { m_reconnectLimitMs = milliseconds; }

signals:
    /// serve(): the daemon's kernel is ready in this remote session.
    void served(const QString &sessionId, const QString &language);
    /// serve(): no kernel; `why` is the agent's sentence, else how the exec ended.
    void serveFailed(int exitStatus, const QString &why);
    void linkStateChanged(Notebench::Ssh::LinkState state, const QString &detail);
    /// The daemon reported that the kernel process ended ("exited", "shutdown", "killed").
    void kernelEnded(int exitCode, const QString &reason);

private:
    void connectAndAttach();
    void attach();
    void openStream(const QStringList &arguments);
    void goLive();
    void onData(const QByteArray &bytes);
    void onFrame(const AgentFrame &frame);
    void onServeEvent(const nlohmann::json &event);
    void onLost(const SshError &error);
    void setState(LinkState state, const QString &detail = QString());
    void write(const QByteArray &frame);

    SshTarget m_target;
    QString m_remoteSession;
    QString m_clientSession;
    QPointer<SshConnection> m_connection;
    AgentFrameReader m_reader;
    quint64 m_lastSeq = 0;
    LinkState m_state = LinkState::Connecting;
    QList<QByteArray> m_outbox; // frames sent while the link was down, in order
    bool m_streaming = false;
    bool m_holding = false; // serve() streams before open(): frames wait in m_held
    QList<AgentFrame> m_held;
    bool m_everOpened = false;
    bool m_closed = false;
    bool m_kernelEnded = false;
    int m_attempt = 0;
    int m_reconnectLimitMs = 5 * 60 * 1000;
    QElapsedTimer m_downSince;
    QTimer m_retry;
};

} // namespace Notebench::Ssh

Q_DECLARE_METATYPE(Notebench::Ssh::LinkState)
