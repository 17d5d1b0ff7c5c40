#include "ssh/sshlogin.h"

#include "ssh/sshlog.h"

#include <QByteArray>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>

#include <cstring>

namespace Notebench::Ssh {

namespace {
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

SshLogin::SshLogin(SshTarget target)
    : m_target(std::move(target))
{
}

SshLogin::~SshLogin()
{
    close();
}

// libssh asks for an encrypted key's passphrase through this callback: answer with the one the
// caller gave, or refuse, so libssh never falls back to reading the terminal.
int SshLogin::answerPassphrase(const char *, char *buffer, size_t length, int, int, void *userdata)
{
    auto *self = static_cast<SshLogin *>(userdata);
    self->m_askedForPassphrase = true;
    const QByteArray passphrase = self->m_target.passphrase.toUtf8();
    if (passphrase.isEmpty() || size_t(passphrase.size()) >= length)
        return -1;
    std::memcpy(buffer, passphrase.constData(), size_t(passphrase.size()) + 1);
    return 0;
}

SshError SshLogin::error(SshError::Kind kind, const QString &what) const
{
    const QString detail = m_session ? QString::fromUtf8(ssh_get_error(m_session)) : QString();
    SshError e{kind, what, {}};
    if (!detail.isEmpty())
        e.message += QStringLiteral(" (%1)").arg(detail);
    return e;
}

QString SshLogin::proxyCommand() const
{
    char *value = nullptr;
    if (ssh_options_get(m_session, SSH_OPTIONS_PROXYCOMMAND, &value) != SSH_OK || !value)
        return {};
    const QString command = QString::fromUtf8(value);
    ssh_string_free_char(value);
    return command == QLatin1String("none") ? QString() : command;
}

SshError SshLogin::checkProxyCommand() const
{
    const QString command = proxyCommand();
    if (command.isEmpty())
        return {};
#ifdef _WIN32
    // libssh runs ProxyCommand (and ProxyJump, which it turns into one) only on POSIX; on
    // Windows it would quietly connect straight to the host instead (reliability-anchors §4).
    return {SshError::Kind::Connect,
            QStringLiteral("The ssh config reaches %1 through ProxyCommand or ProxyJump (%2), which Notebench's SSH "
                           "library cannot run on Windows. Open a tunnel to the host (ssh -L) and connect to it instead.")
                .arg(m_target.displayName(), command),
            {}};
#else
    // libssh runs it with /bin/sh -c; a missing program would only show as a closed connection.
    // ProxyJump becomes "ssh … -W '[%h]:%p' jump", so this is where a missing OpenSSH shows.
    QStringList words = command.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
    if (words.value(0) == QLatin1String("exec"))
        words.removeFirst();
    const QString program = words.value(0);
    static const QRegularExpression shellSyntax(QStringLiteral("[=$`'\"\\\\;&|(){}<>*?~]"));
    if (program.isEmpty() || program.contains(shellSyntax))
        return {}; // only the shell can tell
    const bool isPath = program.contains(QLatin1Char('/'));
    if (isPath ? QFileInfo(program).isExecutable() : !QStandardPaths::findExecutable(program).isEmpty())
        return {};
    QString message = QStringLiteral("The ssh config reaches %1 through ProxyCommand or ProxyJump (%2), but %3 %4.")
                          .arg(m_target.displayName(), command, program,
                               isPath ? QStringLiteral("is not an executable file") : QStringLiteral("is not on PATH"));
    if (QFileInfo(program).fileName() == QLatin1String("ssh"))
        message += QStringLiteral(" ProxyJump needs OpenSSH's ssh client installed.");
    return {SshError::Kind::Connect, message, {}};
#endif
}

SshError SshLogin::applyOptions()
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
    // libssh leaves Nagle on (OpenSSH's ssh turns it off for interactive sessions): a small
    // request after a large write then waits for the peer's delayed ACK, ~40 ms every round trip.
    const int noDelay = 1;
    ssh_options_set(m_session, SSH_OPTIONS_NODELAY, &noDelay);
    return {};
}

SshError SshLogin::open()
{
    close();
    m_session = ssh_new();
    if (!m_session)
        return {SshError::Kind::Connect, QStringLiteral("libssh could not create a session."), {}};
    m_callbacks = {};
    m_callbacks.auth_function = &SshLogin::answerPassphrase;
    m_callbacks.userdata = this;
    ssh_callbacks_init(&m_callbacks);
    ssh_set_callbacks(m_session, &m_callbacks);

    SshError result = applyOptions();
    if (result.kind == SshError::Kind::None)
        result = checkProxyCommand();
    if (result.kind == SshError::Kind::None && ssh_connect(m_session) != SSH_OK) {
        const QString proxy = proxyCommand();
        result = error(SshError::Kind::Connect, proxy.isEmpty() ? QStringLiteral("Could not connect to %1.").arg(m_target.displayName())
                                                                : QStringLiteral("Could not connect to %1 through its ProxyCommand (%2).")
                                                                      .arg(m_target.displayName(), proxy));
    }
    if (result.kind == SshError::Kind::None)
        result = verifyHostKey();
    if (result.kind == SshError::Kind::None)
        result = authenticate();
    if (result.kind != SshError::Kind::None)
        close();
    return result;
}

void SshLogin::close()
{
    if (m_session) {
        ssh_disconnect(m_session);
        ssh_free(m_session);
        m_session = nullptr;
    }
}

SshError SshLogin::verifyHostKey()
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

SshError SshLogin::authenticate()
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

} // namespace Notebench::Ssh
