#include "sshdfixture.h"

#include "ssh/sshworkers.h"

#include "ssh/sshconnection.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QFile>
#include <QTcpServer>

namespace Notebench::Testing {

namespace {
bool writeFile(const QString &path, const QByteArray &text)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(text) == text.size();
}
} // namespace

SshdFixture::SshdFixture() = default;

SshdFixture::~SshdFixture()
{
    // Connections the test left closing finish before sshd goes, and before the process exits.
    Ssh::SshWorkers::waitForAll(10000);
    stop();
}

QString SshdFixture::userName()
{
    const QString user = qEnvironmentVariable("USER");
    return user.isEmpty() ? QStringLiteral("root") : user;
}

QString SshdFixture::generateKey(const QString &name)
{
    QFile::remove(path(name));
    QFile::remove(path(name + QStringLiteral(".pub")));
    QProcess keygen;
    keygen.start(QStringLiteral("ssh-keygen"), {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"),
                                                 QStringLiteral("-N"), QString(), QStringLiteral("-f"), path(name)});
    if (!keygen.waitForFinished(20000) || keygen.exitCode() != 0)
        return QStringLiteral("ssh-keygen failed: %1").arg(QString::fromUtf8(keygen.readAllStandardError()));
    return {};
}

QString SshdFixture::start()
{
    qunsetenv("SSH_AUTH_SOCK");
    if (!QFile::exists(QStringLiteral("/usr/sbin/sshd")))
        return QStringLiteral("/usr/sbin/sshd is not installed (openssh-server)");
    // sshd refuses to start without its privilege separation folder, which only a booted system has.
    QDir().mkpath(QStringLiteral("/run/sshd"));
    if (!QFileInfo(QStringLiteral("/run/sshd")).isDir())
        return QStringLiteral("/run/sshd is missing and cannot be created");
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return QStringLiteral("no free port on 127.0.0.1");
    m_port = probe.serverPort();
    probe.close();
    for (const QString &key : {QStringLiteral("host_ed25519"), QStringLiteral("id_ed25519")}) {
        if (const QString error = generateKey(key); !error.isEmpty())
            return error;
    }
    QFile::remove(path(QStringLiteral("authorized_keys")));
    if (!QFile::copy(path(QStringLiteral("id_ed25519.pub")), path(QStringLiteral("authorized_keys"))))
        return QStringLiteral("could not write authorized_keys");
    const QString sshdConfig = QStringLiteral(
        "ListenAddress 127.0.0.1\nPort %1\nHostKey %2\nAuthorizedKeysFile %3\nPidFile %4\nUsePAM no\n"
        "StrictModes no\nPermitRootLogin yes\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n"
        "Subsystem sftp internal-sftp\nLogLevel INFO\n")
        .arg(m_port).arg(path(QStringLiteral("host_ed25519")), path(QStringLiteral("authorized_keys")), path(QStringLiteral("sshd.pid")));
    if (!writeFile(path(QStringLiteral("sshd_config")), sshdConfig.toUtf8()))
        return QStringLiteral("could not write sshd_config");
    writeFile(knownHosts(), {});
    addProxyAlias(0);
    QDir().mkpath(agentState());
    return launch();
}

QString SshdFixture::launch()
{
    m_sshd.setProcessChannelMode(QProcess::SeparateChannels);
    m_sshd.start(QStringLiteral("/usr/sbin/sshd"), {QStringLiteral("-D"), QStringLiteral("-e"), QStringLiteral("-f"), path(QStringLiteral("sshd_config"))});
    if (!m_sshd.waitForStarted(10000))
        return QStringLiteral("sshd did not start: %1").arg(m_sshd.errorString());
    QByteArray log;
    QDeadlineTimer deadline(15000);
    while (!log.contains("Server listening")) {
        if (deadline.hasExpired() || m_sshd.state() != QProcess::Running)
            return QStringLiteral("sshd did not listen within 15 s: %1").arg(QString::fromUtf8(log + m_sshd.readAllStandardError()));
        m_sshd.waitForReadyRead(100);
        log += m_sshd.readAllStandardError();
    }
    return {};
}

void SshdFixture::stop()
{
    if (m_sshd.state() == QProcess::NotRunning)
        return;
    m_sshd.terminate(); // SIGTERM to the listener's own pid; its per-connection children end with their sockets
    if (!m_sshd.waitForFinished(5000)) {
        m_sshd.kill();
        m_sshd.waitForFinished(5000);
    }
}

QString SshdFixture::replaceHostKey()
{
    stop();
    if (const QString error = generateKey(QStringLiteral("host_ed25519")); !error.isEmpty())
        return error;
    return launch();
}

void SshdFixture::addProxyAlias(int proxyPort)
{
    m_proxyPort = proxyPort;
    writeClientConfig();
}

void SshdFixture::addJumpAlias(const QString &jumpAlias)
{
    m_jumpAlias = jumpAlias;
    writeClientConfig();
}

void SshdFixture::writeClientConfig()
{
    QString config;
    for (const auto &[alias, port] : {std::pair{QStringLiteral("nbtest"), m_port}, std::pair{QStringLiteral("nbproxy"), m_proxyPort},
                                      std::pair{QStringLiteral("nbjump"), m_jumpAlias.isEmpty() ? 0 : m_port}}) {
        if (port == 0)
            continue;
        config += QStringLiteral("Host %1\n  HostName 127.0.0.1\n  Port %2\n  User %3\n  IdentityFile %4\n"
                                 "  UserKnownHostsFile %5\n  GlobalKnownHostsFile /dev/null\n")
                      .arg(alias).arg(port).arg(userName(), path(QStringLiteral("id_ed25519")), knownHosts());
        // The jump is OpenSSH's ssh on this same config and known_hosts; it must never ask.
        if (alias == QLatin1String("nbjump"))
            config += QStringLiteral("  ProxyCommand ssh -F %1 -o BatchMode=yes -o StrictHostKeyChecking=accept-new -W %h:%p %2\n")
                          .arg(clientConfig(), m_jumpAlias);
    }
    writeFile(clientConfig(), config.toUtf8());
}

QStringList SshdFixture::remoteSessions() const
{
    return QDir(agentState()).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
}

void SshdFixture::stopRemoteSessions()
{
    // The agent that the SSH backend deploys, run here directly: the "host" is this machine.
    const QString agent = path(QStringLiteral("notebench_agent.py"));
    if (!QFile::exists(agent))
        writeFile(agent, Ssh::SshConnection::agentScript());
    for (const QString &session : remoteSessions()) {
        QProcess stop;
        stop.start(QStringLiteral("/usr/bin/python3"),
                   {agent, QStringLiteral("stop"), session, QStringLiteral("--state-dir"), agentState()});
        if (!stop.waitForFinished(30000))
            stop.kill();
        stop.waitForFinished(5000);
    }
}

Ssh::SshTarget SshdFixture::target(Ssh::UnknownHostPolicy policy) const
{
    Ssh::SshTarget target;
    target.host = QStringLiteral("nbtest");
    target.configFile = clientConfig();
    target.unknownHost = policy;
    target.python = QStringLiteral("/usr/bin/python3");
    target.agentStateDir = agentState();
    return target;
}

} // namespace Notebench::Testing
