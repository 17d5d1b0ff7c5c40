#include "ssh/sshtransport.h"

#include "kernel/jsonfields.h"
#include "ssh/sshconnection.h"
#include "ssh/sshlog.h"

#include <QThread>

#include <algorithm>

namespace Notebench::Ssh {

namespace {
constexpr int firstRetryMs = 500;
constexpr int longestRetryMs = 10'000;
constexpr int agentNoSuchSession = 3; // notebench_agent.py attach: the session directory is gone
} // namespace

SshTransport::SshTransport(SshTarget target, QString sessionId, quint64 fromSeq, SshConnection *connection, QObject *parent)
    : Kernel::Transport(parent)
    , m_target(std::move(target))
    , m_remoteSession(std::move(sessionId))
    , m_clientSession(QString::fromStdString(Protocol::newUuid()))
    , m_connection(connection)
    , m_lastSeq(fromSeq)
{
    qRegisterMetaType<LinkState>();
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &SshTransport::connectAndAttach);
}

SshTransport::~SshTransport()
{
    close();
}

void SshTransport::serve(const QStringList &serveArguments)
{
    m_holding = true;
    m_connection->setParent(this);
    QStringList arguments{QStringLiteral("serve"), QStringLiteral("--attach")};
    arguments << serveArguments;
    openStream(arguments);
}

void SshTransport::open()
{
    m_closed = false;
    if (std::exchange(m_holding, false)) {
        // serve() is streaming already: what came before the client was there goes to it now.
        for (const AgentFrame &frame : std::exchange(m_held, {})) {
            if (m_closed)
                return;
            onFrame(frame);
        }
        if (m_streaming)
            goLive(); // else a reconnect is under way and goes live with its stream
        return;
    }
    if (m_connection && m_connection->isReady()) {
        m_connection->setParent(this);
        attach();
    } else {
        connectAndAttach();
    }
}

void SshTransport::close()
{
    m_closed = true;
    m_retry.stop();
    m_streaming = false;
    if (m_connection) {
        disconnect(m_connection, nullptr, this, nullptr);
        m_connection->deleteLater();
        m_connection = nullptr;
    }
}

SshConnection *SshTransport::connection() const
{
    return m_connection;
}

void SshTransport::connectAndAttach()
{
    if (m_closed)
        return;
    if (m_connection) {
        disconnect(m_connection, nullptr, this, nullptr);
        m_connection->deleteLater();
    }
    m_connection = new SshConnection(m_target, this);
    connect(m_connection, &SshConnection::ready, this, &SshTransport::attach);
    connect(m_connection, &SshConnection::failed, this, &SshTransport::onLost);
    m_connection->open();
}

void SshTransport::attach()
{
    if (m_closed || !m_connection)
        return;
    openStream({QStringLiteral("attach"), m_remoteSession, QStringLiteral("--from"), QString::number(m_lastSeq)});
}

void SshTransport::openStream(const QStringList &arguments)
{
    disconnect(m_connection, &SshConnection::streamOpened, this, nullptr);
    disconnect(m_connection, &SshConnection::streamData, this, nullptr);
    disconnect(m_connection, &SshConnection::streamClosed, this, nullptr);
    connect(m_connection, &SshConnection::streamOpened, this, [this] {
        m_streaming = true;
        // serve --attach is live once its kernel is ready and the client has opened the transport.
        if (!m_remoteSession.isEmpty() && !m_holding)
            goLive();
    });
    connect(m_connection, &SshConnection::streamData, this, &SshTransport::onData);
    connect(m_connection, &SshConnection::streamClosed, this, [this](int exitStatus, const SshError &error) {
        m_streaming = false;
        if (m_closed || m_kernelEnded)
            return; // the daemon finished after reporting the kernel's end: nothing more will come
        if (m_remoteSession.isEmpty()) {
            // serve --attach ended before a kernel was ready: there is no session to go back to.
            emit serveFailed(exitStatus, error.kind == SshError::Kind::None
                                             ? QStringLiteral("The agent on %1 could not start a kernel.").arg(m_target.displayName())
                                             : error.message);
            return;
        }
        if (exitStatus == agentNoSuchSession) {
            setState(LinkState::Failed, QStringLiteral("The session is gone."));
            emit failed(QStringLiteral("The kernel session %1 no longer exists on %2.").arg(m_remoteSession, m_target.displayName()));
            return;
        }
        onLost(error.kind == SshError::Kind::None
                   ? SshError{SshError::Kind::Disconnected, QStringLiteral("The agent stream ended."), {}}
                   : error);
    });
    // A frame cut in half by the drop is sent again whole after --from: start from a clean reader.
    m_reader = AgentFrameReader();
    m_connection->openAgentStream(arguments);
}

void SshTransport::goLive()
{
    m_attempt = 0;
    const bool wasDown = m_state == LinkState::Reconnecting;
    setState(LinkState::Connected);
    for (const QByteArray &frame : std::exchange(m_outbox, {}))
        m_connection->write(frame);
    if (!std::exchange(m_everOpened, true))
        emit opened();
    else if (wasDown)
        emit heartbeatChanged(true);
}

void SshTransport::onData(const QByteArray &bytes)
{
    for (const AgentFrame &frame : m_reader.feed(bytes)) {
        if (m_closed)
            return;
        if (m_holding && frame.seq != 0)
            m_held.append(frame);
        else
            onFrame(frame);
    }
    if (!m_reader.error().isEmpty() && !m_closed) {
        qCWarning(lcSsh) << m_reader.error();
        m_streaming = false;
        onLost({SshError::Kind::Channel, m_reader.error(), {}});
    }
}

void SshTransport::onFrame(const AgentFrame &frame)
{
    if (frame.seq != 0) {
        if (frame.seq <= m_lastSeq)
            return; // already delivered before the drop
        if (frame.seq != m_lastSeq + 1)
            qCWarning(lcSsh) << "agent frame" << frame.seq << "follows" << m_lastSeq;
        m_lastSeq = frame.seq;
    }
    if (frame.channel == QLatin1String("agent")) {
        const std::string event = Kernel::stringField(frame.msg, "event");
        if (event == "served" || event == "serve_failed") {
            onServeEvent(frame.msg);
        } else if (event == "heartbeat") {
            emit heartbeatChanged(Kernel::boolField(frame.msg, "alive", true));
        } else if (event == "kernel_died") {
            m_kernelEnded = true;
            const auto code = frame.msg.find("exit_code");
            emit kernelEnded(code != frame.msg.end() && code->is_number_integer() ? code->get<int>() : 0,
                             QString::fromStdString(Kernel::stringField(frame.msg, "reason")));
        }
        return;
    }
    const auto channel = channelFromName(frame.channel);
    auto message = channel ? messageFromFrame(frame) : std::nullopt;
    if (!message) {
        emit messageRejected(channel.value_or(Kernel::Channel::IOPub), QStringLiteral("a malformed frame from the agent"));
        return;
    }
    emit messageReceived(*channel, *message);
}

void SshTransport::onServeEvent(const nlohmann::json &event)
{
    if (!m_remoteSession.isEmpty())
        return; // one serve per transport
    const QString session = QString::fromStdString(Kernel::stringField(event, "session"));
    if (Kernel::stringField(event, "event") == "served" && !session.isEmpty()) {
        m_remoteSession = session;
        emit served(m_remoteSession, QString::fromStdString(Kernel::stringField(event, "language")));
        return;
    }
    // The exec ends next with status 1: this sentence is the reason, the status says less.
    m_kernelEnded = true;
    const QString why = QString::fromStdString(Kernel::stringField(event, "message"));
    emit serveFailed(1, why.isEmpty() ? QStringLiteral("The agent on %1 named no session.").arg(m_target.displayName()) : why);
}

void SshTransport::onLost(const SshError &error)
{
    if (m_closed)
        return;
    if (m_remoteSession.isEmpty()) {
        emit serveFailed(-1, error.message); // serve --attach never named a session to go back to
        return;
    }
    if (!error.isTransient()) {
        setState(LinkState::Failed, error.message);
        emit failed(error.message);
        return;
    }
    if (m_state != LinkState::Reconnecting) {
        m_downSince.start();
        setState(LinkState::Reconnecting, error.message);
        if (m_everOpened)
            emit heartbeatChanged(false);
    }
    if (m_downSince.elapsed() > m_reconnectLimitMs) {
        setState(LinkState::Failed, error.message);
        emit failed(QStringLiteral("Could not reconnect to %1 for %2 s: %3")
                        .arg(m_target.displayName()).arg(m_reconnectLimitMs / 1000).arg(error.message));
        return;
    }
    // 0.5 s, 1 s, 2 s, … capped at 10 s: quick after a blip, gentle on a host that is down.
    const int delay = std::min(longestRetryMs, firstRetryMs << std::min(m_attempt, 5));
    ++m_attempt;
    qCInfo(lcSsh) << "lost" << m_target.displayName() << "(" << error.message << "); reconnecting in" << delay << "ms";
    m_retry.start(delay);
}

void SshTransport::setState(LinkState state, const QString &detail)
{
    if (m_state == state)
        return;
    m_state = state;
    emit linkStateChanged(state, detail);
}

void SshTransport::send(Kernel::Channel channel, const Protocol::Message &message)
{
    write(encodeMessageFrame(channel, message));
}

void SshTransport::sendAgentCommand(const QString &command)
{
    write(encodeAgentCommand(command));
}

void SshTransport::write(const QByteArray &frame)
{
    if (QThread::currentThread() != thread()) {
        QMetaObject::invokeMethod(this, [this, frame] { write(frame); }, Qt::QueuedConnection);
        return;
    }
    if (m_closed)
        return;
    if (m_streaming && m_connection)
        m_connection->write(frame);
    else
        m_outbox.append(frame);
}

} // namespace Notebench::Ssh
