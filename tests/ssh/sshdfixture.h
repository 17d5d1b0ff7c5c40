#pragma once

#include "ssh/sshtarget.h"

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace Notebench::Testing {

/// A real OpenSSH sshd on 127.0.0.1 with its own host key, user key and config, for tests.
/// The client side gets its own ssh config and known_hosts in the same temporary folder, so
/// ~/.ssh is never read for host keys nor written; the agent's state folder is there too.
class SshdFixture
{
public:
    SshdFixture();
    ~SshdFixture();

    /// Generates keys and configs and starts sshd; empty on success, else why not. Unsets
    /// SSH_AUTH_SOCK: only the fixture's key logs in, never the developer's agent.
    QString start();
    /// Stops sshd by its process id.
    void stop();
    /// A new host key and a restart on the same port: what a reinstalled or spoofed host shows.
    QString replaceHostKey();

    int port() const { return m_port; }
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QString clientConfig() const { return path(QStringLiteral("ssh_config")); }
    QString knownHosts() const { return path(QStringLiteral("known_hosts")); }
    QString agentState() const { return path(QStringLiteral("agent-state")); }
    /// The alias "nbtest" of the client config, with this fixture's agent state folder.
    Ssh::SshTarget target(Ssh::UnknownHostPolicy policy = Ssh::UnknownHostPolicy::AcceptNew) const;
    /// Writes a second alias, "nbproxy", that reaches sshd through 127.0.0.1:proxyPort.
    void addProxyAlias(int proxyPort);
    /// Writes the alias "nbjump": sshd's own address, reached only through
    /// `ProxyCommand ssh -F <this config> -W %h:%p <jumpAlias>` (OpenSSH's ssh as the jump).
    void addJumpAlias(const QString &jumpAlias);
    /// The agent sessions on the "host" (folders of the agent state).
    QStringList remoteSessions() const;
    /// Stops every agent session (the agent's own stop, 30 s at most each), so a failed test
    /// leaves no kernel behind.
    void stopRemoteSessions();
    static QString userName();

private:
    QString generateKey(const QString &name);
    QString launch();
    void writeClientConfig();

    QTemporaryDir m_dir;
    QProcess m_sshd;
    int m_port = 0;
    int m_proxyPort = 0;
    QString m_jumpAlias;
};

} // namespace Notebench::Testing
