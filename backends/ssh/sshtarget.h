#pragma once

#include <QMetaType>
#include <QString>

namespace Notebench::Ssh {

/// What to do with a host whose key is not in known_hosts. libssh 0.10 only understands
/// StrictHostKeyChecking yes/no, so ask and accept-new live here (reliability-anchors §4).
enum class UnknownHostPolicy {
    Refuse,    ///< fail with UnknownHostKey and the fingerprint: the CLI without --accept-new-host-key
    AcceptNew, ///< record it in known_hosts and go on: --accept-new-host-key
};

/// Where and how to connect; the host may be an alias of the ssh config.
struct SshTarget
{
    QString host;
    QString user;       ///< empty: the config's User, else the local user
    int port = 0;       ///< 0: the config's Port, else 22
    QString configFile; ///< empty: ~/.ssh/config then /etc/ssh/ssh_config; else only this file (ssh -F)
    UnknownHostPolicy unknownHost = UnknownHostPolicy::Refuse;
    QString acceptedFingerprint; ///< "SHA256:…" the user agreed to in a dialog; recorded when it matches
    QString passphrase;          ///< for encrypted keys; empty: never asks
    QString password;            ///< for password / keyboard-interactive; empty: never asks
    QString python = QStringLiteral("python3"); ///< the host's Python with jupyter_client
    QString agentStateDir;       ///< the agent's --state-dir; empty: its default
    int keepaliveIntervalMs = 5000;
    int keepaliveTimeoutMs = 15000; ///< silence after a keepalive beyond this: the peer is dead

    /// "user@host:port" as far as known, for messages.
    QString displayName() const;
};

/// Why a connection could not be made or was lost.
struct SshError
{
    enum class Kind { None, Connect, UnknownHostKey, ChangedHostKey, NeedsSecret, AuthFailed, Deploy, Channel, Disconnected };
    /// Which secret a NeedsSecret error wants: a key's passphrase stays on this machine, a
    /// password goes to the server, so the window must not mix them up.
    enum class Secret { None, Passphrase, Password };
    Kind kind = Kind::None;
    QString message;     ///< a sentence for the user
    QString fingerprint; ///< the server's key, SHA256:… as OpenSSH prints it (host-key errors)
    Secret secret = Secret::None;

    /// Worth retrying after a pause: the network, not the user's settings, failed.
    bool isTransient() const { return kind == Kind::Connect || kind == Kind::Disconnected || kind == Kind::Channel; }
};

} // namespace Notebench::Ssh

Q_DECLARE_METATYPE(Notebench::Ssh::SshError)
