#include "ssh/sshsession.h"

#include "ssh/sshlog.h"

#include <QElapsedTimer>
#include <QSocketNotifier>

#include <libssh/callbacks.h>
#include <libssh/server.h> // ssh_send_keepalive: a session-level call that libssh declares there

Q_LOGGING_CATEGORY(lcSsh, "notebench.ssh")

namespace Notebench::Ssh {

namespace {
constexpr int streamPollMs = 25;     // picks up data libssh buffered during a write
constexpr int commandTimeoutMs = 120'000;
constexpr int readChunk = 1 << 16;
} // namespace

QString SshTarget::displayName() const
{
    QString name = user.isEmpty() ? host : user + QLatin1Char('@') + host;
    if (port > 0 && port != 22)
        name += QLatin1Char(':') + QString::number(port);
    return name;
}

SshSession::SshSession(SshTarget target, QByteArray agentScript)
    : m_target(target)
    , m_agentScript(std::move(agentScript))
    , m_login(std::move(target))
{
    m_pollTimer.setInterval(streamPollMs);
    connect(&m_pollTimer, &QTimer::timeout, this, &SshSession::pumpChannels);
    m_keepaliveTimer.setInterval(m_target.keepaliveIntervalMs);
    connect(&m_keepaliveTimer, &QTimer::timeout, this, &SshSession::sendKeepalive);
}

SshSession::~SshSession()
{
    release();
}

SshError SshSession::error(SshError::Kind kind, const QString &what) const
{
    return m_login.error(kind, what);
}

void SshSession::connectToHost()
{
    release();
    SshError result = m_login.open();
    m_session = m_login.session();
    QString agentPath;
    if (result.kind == SshError::Kind::None)
        result = deployAgent(&agentPath);
    if (result.kind != SshError::Kind::None) {
        qCInfo(lcSsh) << "connection to" << m_target.displayName() << "failed:" << result.message;
        release();
        emit failed(result);
        return;
    }
    // Blocking calls from here on (commands, keepalives) give up after the dead-peer limit.
    const long timeoutSeconds = std::max(1, m_target.keepaliveTimeoutMs / 1000);
    ssh_options_set(m_session, SSH_OPTIONS_TIMEOUT, &timeoutSeconds);
    m_keepaliveTimer.start();
    emit ready(agentPath);
}

void SshSession::runCommand(int id, const QString &command)
{
    QByteArray out;
    QByteArray err;
    int status = -1;
    ssh_channel channel = m_session ? ssh_channel_new(m_session) : nullptr;
    const QByteArray text = command.toUtf8();
    if (channel && ssh_channel_open_session(channel) == SSH_OK && ssh_channel_request_exec(channel, text.constData()) == SSH_OK) {
        QElapsedTimer clock;
        clock.start();
        QByteArray buffer(readChunk, Qt::Uninitialized);
        while (!ssh_channel_is_eof(channel) && clock.elapsed() < commandTimeoutMs) {
            bool any = false;
            for (const int isStderr : {0, 1}) {
                const int n = ssh_channel_read_nonblocking(channel, buffer.data(), uint32_t(buffer.size()), isStderr);
                if (n > 0) {
                    (isStderr ? err : out).append(buffer.constData(), n);
                    any = true;
                } else if (n == SSH_ERROR) {
                    clock.invalidate();
                }
            }
            if (!clock.isValid())
                break;
            if (!any)
                ssh_channel_poll_timeout(channel, 50, 0);
        }
        for (const int isStderr : {0, 1}) { // what arrived with the EOF
            int n = 0;
            while ((n = ssh_channel_read_nonblocking(channel, buffer.data(), uint32_t(buffer.size()), isStderr)) > 0)
                (isStderr ? err : out).append(buffer.constData(), n);
        }
        ssh_channel_send_eof(channel);
        status = ssh_channel_get_exit_status(channel);
    } else {
        err = QByteArray(m_session ? ssh_get_error(m_session) : "not connected");
    }
    if (channel) {
        ssh_channel_close(channel);
        ssh_channel_free(channel);
    }
    emit commandFinished(id, status, out, err);
}

void SshSession::openStream(const QString &command)
{
    const QByteArray text = command.toUtf8();
    m_stream = m_session ? ssh_channel_new(m_session) : nullptr;
    if (!m_stream || ssh_channel_open_session(m_stream) != SSH_OK || ssh_channel_request_exec(m_stream, text.constData()) != SSH_OK) {
        closeStream(-1, error(SshError::Kind::Channel, QStringLiteral("Could not start the agent on %1.").arg(m_target.displayName())));
        return;
    }
    listenToSocket();
    emit streamOpened();
    pumpStream();
}

void SshSession::writeStream(const QByteArray &bytes)
{
    if (!m_stream)
        return;
    qsizetype written = 0;
    while (written < bytes.size()) {
        const int n = ssh_channel_write(m_stream, bytes.constData() + written, uint32_t(bytes.size() - written));
        if (n == SSH_ERROR) {
            closeStream(-1, error(SshError::Kind::Disconnected, QStringLiteral("The connection to %1 was lost.").arg(m_target.displayName())));
            return;
        }
        written += n;
    }
    pumpStream();
}

void SshSession::pumpChannels()
{
    // One read may move another channel's data into its libssh buffer: every channel is read.
    pumpStream();
    pumpWatches();
}

void SshSession::pumpStream()
{
    if (!m_stream)
        return;
    QByteArray received;
    QByteArray buffer(readChunk, Qt::Uninitialized);
    bool lost = false;
    for (;;) {
        const int n = ssh_channel_read_nonblocking(m_stream, buffer.data(), uint32_t(buffer.size()), 0);
        if (n > 0) {
            received.append(buffer.constData(), n);
            continue;
        }
        lost = n == SSH_ERROR;
        break;
    }
    int n = 0;
    while ((n = ssh_channel_read_nonblocking(m_stream, buffer.data(), uint32_t(buffer.size()), 1)) > 0)
        qCDebug(lcSsh) << "agent:" << QByteArray(buffer.constData(), n).trimmed();
    if (!received.isEmpty())
        emit streamData(received);
    if (lost || !ssh_is_connected(m_session)) {
        closeStream(-1, error(SshError::Kind::Disconnected, QStringLiteral("The connection to %1 was lost.").arg(m_target.displayName())));
    } else if (ssh_channel_is_eof(m_stream) || ssh_channel_is_closed(m_stream)) {
        const int status = ssh_channel_get_exit_status(m_stream);
        closeStream(status, status == 0 ? SshError{}
                                        : SshError{SshError::Kind::Channel,
                                                   QStringLiteral("The agent on %1 ended with status %2.").arg(m_target.displayName()).arg(status),
                                                   {}});
    }
}

void SshSession::sendKeepalive()
{
    if (!m_session)
        return;
    // libssh 0.10 has no ServerAliveInterval: a keepalive@openssh.com request, answered by any
    // OpenSSH server, waits at most the session timeout (the dead-peer limit) for its reply.
    QElapsedTimer clock;
    clock.start();
    ssh_send_keepalive(m_session);
    const bool silent = clock.elapsed() >= m_target.keepaliveTimeoutMs - 100;
    if (silent || !ssh_is_connected(m_session)) {
        qCInfo(lcSsh) << m_target.displayName() << "did not answer a keepalive for" << clock.elapsed() << "ms";
        const SshError lost{SshError::Kind::Disconnected,
                            QStringLiteral("%1 stopped answering.").arg(m_target.displayName()), {}};
        if (m_stream)
            closeStream(-1, lost);
        closeWatches(lost);
        release();
        return;
    }
    pumpChannels();
}

void SshSession::closeStream(int exitStatus, const SshError &error)
{
    if (m_stream) {
        ssh_channel_close(m_stream);
        ssh_channel_free(m_stream);
        m_stream = nullptr;
    }
    stopListeningIfIdle();
    emit streamClosed(exitStatus, error);
}

void SshSession::listenToSocket()
{
    if (!m_notifier) {
        m_notifier = new QSocketNotifier(qintptr(ssh_get_fd(m_session)), QSocketNotifier::Read, this);
        connect(m_notifier, &QSocketNotifier::activated, this, &SshSession::pumpChannels);
    }
    if (!m_pollTimer.isActive())
        m_pollTimer.start();
}

void SshSession::stopListeningIfIdle()
{
    if (m_stream || !m_watches.empty())
        return;
    m_pollTimer.stop();
    if (m_notifier) {
        // Later: this may run inside the notifier's own activated().
        m_notifier->setEnabled(false);
        m_notifier->deleteLater();
        m_notifier = nullptr;
    }
}

void SshSession::disconnectFromHost()
{
    release();
}

void SshSession::release()
{
    m_keepaliveTimer.stop();
    if (m_stream) {
        ssh_channel_free(m_stream);
        m_stream = nullptr;
    }
    for (const auto &[id, watch] : std::exchange(m_watches, {}))
        ssh_channel_free(watch.channel);
    stopListeningIfIdle();
    m_login.close();
    m_session = nullptr;
}

} // namespace Notebench::Ssh
