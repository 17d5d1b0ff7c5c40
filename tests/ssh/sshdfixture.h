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

    /// Generates keys and configs and starts sshd; empty on success, else why not.
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
    /// Stops every kernel session a test left in agentState(), through the agent itself.
    void stopAgentSessions() const;
    static QString userName();

private:
    QString generateKey(const QString &name);
    QString launch();

    QTemporaryDir m_dir;
    QProcess m_sshd;
    int m_port = 0;
};

} // namespace Notebench::Testing
