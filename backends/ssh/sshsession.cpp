#include "ssh/sshsession.h"

#include "ssh/sshlog.h"

#include <QElapsedTimer>
#include <QSocketNotifier>

#include <libssh/callbacks.h>
#include <libssh/server.h> // ssh_send_keepalive: a session-level call that libssh declares there

#include <cstring>

Q_LOGGING_CATEGORY(lcSsh, "notebench.ssh")

namespace Notebench::Ssh {

namespace {
constexpr int streamPollMs = 25;     // picks up data libssh buffered during a write
constexpr int commandTimeoutMs = 120'000;
constexpr int readChunk = 1 << 16;

QString openSshFingerprint(ssh_key key)
{
    unsigned char *hash = nullptr;
    size_t length = 0;
    if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &length) != SSH_OK)
        return {};
    // OpenSSH prints SHA256 fingerprints as unpadded base64.
    const QByteArray digest(reinterpret_cast<const char *>(hash), qsizetype(length));
    ssh_clean_pubkey_hash(&hash);
    return QStringLiteral("SHA256:") + QString::fromLatin1(digest.toBase64(QByteArray::OmitTrailingEquals));
}

} // namespace

QString SshTarget::displayName() const
{
    QString name = user.isEmpty() ? host : user + QLatin1Char('@') + host;
    if (port > 0 && port != 22)
        name += QLatin1Char(':') + QString::number(port);
    return name;
}

// libssh asks for an encrypted key's passphrase through this callback: answer with the one the
// caller gave, or refuse, so libssh never falls back to reading the terminal.
int SshSession::answerPassphrase(const char *, char *buffer, size_t length, int, int, void *userdata)
{
    auto *self = static_cast<SshSession *>(userdata);
    self->m_askedForPassphrase = true;
    const QByteArray passphrase = self->m_target.passphrase.toUtf8();
    if (passphrase.isEmpty() || size_t(passphrase.size()) >= length)
        return -1;
    std::memcpy(buffer, passphrase.constData(), size_t(passphrase.size()) + 1);
    return 0;
}

SshSession::SshSession(SshTarget target, QByteArray agentScript)
    : m_target(std::move(target))
    , m_agentScript(std::move(agentScript))
{
    m_pollTimer.setInterval(streamPollMs);
    connect(&m_pollTimer, &QTimer::timeout, this, &SshSession::pumpStream);
    m_keepaliveTimer.setInterval(m_target.keepaliveIntervalMs);
    connect(&m_keepaliveTimer, &QTimer::timeout, this, &SshSession::sendKeepalive);
}

SshSession::~SshSession()
{
    release();
}

SshError SshSession::error(SshError::Kind kind, const QString &what) const
{
    const QString detail = m_session ? QString::fromUtf8(ssh_get_error(m_session)) : QString();
    SshError e{kind, what, {}};
    if (!detail.isEmpty())
        e.message += QStringLiteral(" (%1)").arg(detail);
    return e;
}

SshError SshSession::applyOptions()
{
    const QByteArray host = m_target.host.toUtf8();
    ssh_options_set(m_session, SSH_OPTIONS_HOST, host.constData());
    // ssh -F FILE reads only FILE; without it, ~/.ssh/config then /etc/ssh/ssh_config.
    const QByteArray config = m_target.configFile.toLocal8Bit();
    if (ssh_options_parse_config(m_session, config.isEmpty() ? nullptr : config.constData()) != SSH_OK)
        return error(SshError::Kind::Connect, QStringLiteral("Could not read the ssh config %1.").arg(m_target.configFile));
    // As with ssh, what the address says wins over the config.
    if (!m_target.user.isEmpty()) {
        const QByteArray user = m_target.user.toUtf8();
        ssh_options_set(m_session, SSH_OPTIONS_USER, user.constData());
    }
    if (m_target.port > 0) {
        const unsigned int port = unsigned(m_target.port);
        ssh_options_set(m_session, SSH_OPTIONS_PORT, &port);
    }
    const long timeoutSeconds = 10;
    ssh_options_set(m_session, SSH_OPTIONS_TIMEOUT, &timeoutSeconds);
    return {};
}

void SshSession::connectToHost()
{
    release();
    m_session = ssh_new();
    if (!m_session) {
        emit failed({SshError::Kind::Connect, QStringLiteral("libssh could not create a session."), {}});
        return;
    }
    m_callbacks = {};
    m_callbacks.auth_function = &SshSession::answerPassphrase;
    m_callbacks.userdata = this;
    ssh_callbacks_init(&m_callbacks);
    ssh_set_callbacks(m_session, &m_callbacks);

    SshError result = applyOptions();
    if (result.kind == SshError::Kind::None && ssh_connect(m_session) != SSH_OK)
        result = error(SshError::Kind::Connect, QStringLiteral("Could not connect to %1.").arg(m_target.displayName()));
    if (result.kind == SshError::Kind::None)
        result = verifyHostKey();
    if (result.kind == SshError::Kind::None)
        result = authenticate();
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

SshError SshSession::verifyHostKey()
{
    ssh_key key = nullptr;
    if (ssh_get_server_publickey(m_session, &key) != SSH_OK)
        return error(SshError::Kind::Connect, QStringLiteral("%1 sent no host key.").arg(m_target.displayName()));
    const QString fingerprint = openSshFingerprint(key);
    ssh_key_free(key);

    const QString host = m_target.displayName();
    switch (ssh_session_is_known_server(m_session)) {
    case SSH_KNOWN_HOSTS_OK:
        return {};
    case SSH_KNOWN_HOSTS_CHANGED:
    case SSH_KNOWN_HOSTS_OTHER:
        // libssh guided tour: a changed key HAS to be reported as a possible attack; nothing runs.
        return {SshError::Kind::ChangedHostKey,
                QStringLiteral("WARNING: the host key of %1 has changed; it now presents %2. Someone may be "
                               "intercepting the connection, or the host was reinstalled. Nothing was run there. "
                               "If you trust the new key, remove the old one from known_hosts (ssh-keygen -R HOST).")
                    .arg(host, fingerprint),
                fingerprint};
    case SSH_KNOWN_HOSTS_NOT_FOUND: // no known_hosts file yet: the same as an unknown host
    case SSH_KNOWN_HOSTS_UNKNOWN:
        break;
    case SSH_KNOWN_HOSTS_ERROR:
        return error(SshError::Kind::Connect, QStringLiteral("Could not check the host key of %1 against known_hosts.").arg(host));
    }
    const bool accepted = m_target.unknownHost == UnknownHostPolicy::AcceptNew
                          || (!m_target.acceptedFingerprint.isEmpty() && m_target.acceptedFingerprint == fingerprint);
    if (!accepted) {
        return {SshError::Kind::UnknownHostKey,
                QStringLiteral("The host %1 is not in known_hosts; its key is %2. Check the fingerprint, then accept it "
                               "(on the command line: --accept-new-host-key).")
                    .arg(host, fingerprint),
                fingerprint};
    }
    if (ssh_session_update_known_hosts(m_session) != SSH_OK)
        return error(SshError::Kind::Connect, QStringLiteral("Could not record the host key of %1 in known_hosts.").arg(host));
    qCInfo(lcSsh) << "recorded the host key of" << host << fingerprint;
    return {};
}

SshError SshSession::authenticate()
{
    // OpenSSH's order: the agent, then key files (libssh's publickey_auto does both), then secrets.
    int rc = ssh_userauth_none(m_session, nullptr);
    if (rc == SSH_AUTH_SUCCESS)
        return {};
    const int methods = ssh_userauth_list(m_session, nullptr);
    m_askedForPassphrase = false;
    if (methods & SSH_AUTH_METHOD_PUBLICKEY) {
        rc = ssh_userauth_publickey_auto(m_session, nullptr, nullptr);
        if (rc == SSH_AUTH_SUCCESS)
            return {};
    }
    const QByteArray password = m_target.password.toUtf8();
    if (!password.isEmpty() && (methods & SSH_AUTH_METHOD_PASSWORD)) {
        if (ssh_userauth_password(m_session, nullptr, password.constData()) == SSH_AUTH_SUCCESS)
            return {};
    }
    if (!password.isEmpty() && (methods & SSH_AUTH_METHOD_INTERACTIVE)) {
        rc = ssh_userauth_kbdint(m_session, nullptr, nullptr);
        // Keyboard-interactive asks a list of questions; hidden ones get the password.
        for (int round = 0; rc == SSH_AUTH_INFO && round < 8; ++round) {
            const int prompts = ssh_userauth_kbdint_getnprompts(m_session);
            for (int i = 0; i < prompts; ++i) {
                char echo = 0;
                ssh_userauth_kbdint_getprompt(m_session, unsigned(i), &echo);
                ssh_userauth_kbdint_setanswer(m_session, unsigned(i), echo ? "" : password.constData());
            }
            rc = ssh_userauth_kbdint(m_session, nullptr, nullptr);
        }
        if (rc == SSH_AUTH_SUCCESS)
            return {};
    }
    const QString host = m_target.displayName();
    if (m_askedForPassphrase && m_target.passphrase.isEmpty())
        return {SshError::Kind::NeedsSecret,
                QStringLiteral("The key for %1 needs its passphrase. Load it into ssh-agent (ssh-add), or connect from the window to type it.").arg(host),
                {}, SshError::Secret::Passphrase};
    if (password.isEmpty() && (methods & (SSH_AUTH_METHOD_PASSWORD | SSH_AUTH_METHOD_INTERACTIVE)))
        return {SshError::Kind::NeedsSecret,
                QStringLiteral("%1 asks for a password. Set up a key (ssh-copy-id), or connect from the window to type it.").arg(host),
                {}, SshError::Secret::Password};
    return error(SshError::Kind::AuthFailed, QStringLiteral("%1 refused every way to log in that was tried.").arg(host));
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
    m_notifier = new QSocketNotifier(qintptr(ssh_get_fd(m_session)), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &SshSession::pumpStream);
    m_pollTimer.start();
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
        release();
        return;
    }
    pumpStream();
}

void SshSession::closeStream(int exitStatus, const SshError &error)
{
    m_pollTimer.stop();
    delete m_notifier;
    m_notifier = nullptr;
    if (m_stream) {
        ssh_channel_close(m_stream);
        ssh_channel_free(m_stream);
        m_stream = nullptr;
    }
    emit streamClosed(exitStatus, error);
}

void SshSession::disconnectFromHost()
{
    release();
}

void SshSession::release()
{
    m_pollTimer.stop();
    m_keepaliveTimer.stop();
    delete m_notifier;
    m_notifier = nullptr;
    if (m_stream) {
        ssh_channel_free(m_stream);
        m_stream = nullptr;
    }
    if (m_session) {
        ssh_disconnect(m_session);
        ssh_free(m_session);
        m_session = nullptr;
    }
}

} // namespace Notebench::Ssh
