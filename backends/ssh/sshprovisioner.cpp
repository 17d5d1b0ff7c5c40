#include "ssh/sshprovisioner.h"

#include "ssh/sshconnection.h"
#include "ssh/sshlog.h"

namespace Notebench::Ssh {

namespace {
// The daemon runs jupyter_client's shutdown (shutdown_wait_time 5 s, then terminate and kill);
// this is how long we wait for it to report the end before we stop waiting.
constexpr int shutdownDeadlineMs = 15'000;
} // namespace

SshProvisioner::SshProvisioner(SshTarget target, QObject *parent)
    : Kernel::Provisioner(parent)
    , m_target(std::move(target))
{
    m_shutdownDeadline.setSingleShot(true);
    m_shutdownDeadline.setInterval(shutdownDeadlineMs);
    connect(&m_shutdownDeadline, &QTimer::timeout, this, [this] {
        qCWarning(lcSsh) << "the agent on" << m_target.displayName() << "did not confirm the shutdown";
        onKernelEnded(0, QStringLiteral("unconfirmed"));
    });
}

SshProvisioner::~SshProvisioner()
{
    dropTransport();
    delete m_connection;
}

QString SshProvisioner::id() const
{
    return QStringLiteral("ssh://") + m_target.displayName();
}

QString SshProvisioner::displayName() const
{
    return QStringLiteral("SSH: %1").arg(m_target.displayName());
}

Kernel::Capabilities SshProvisioner::capabilities() const
{
    Kernel::Capabilities caps;
    caps.interrupt = true;
    caps.survivesDisconnect = true;
    // The files panel is not tied to the kernel's provisioner (it opens its own SFTP session);
    // nvidia-smi telemetry runs over this connection (RemoteGpuPoller).
    caps.remoteFiles = false;
    caps.gpuTelemetry = true;
    return caps;
}

QString SshProvisioner::unavailableReason() const
{
    return m_target.host.isEmpty() ? QStringLiteral("No SSH host was given.") : QString();
}

void SshProvisioner::start(const Kernel::LaunchOptions &options)
{
    if (m_running) {
        emit startFailed(QStringLiteral("The kernel is already running."));
        return;
    }
    dropTransport();
    m_shuttingDown = false;
    delete m_connection;
    m_connection = new SshConnection(m_target, this);
    connect(m_connection, &SshConnection::failed, this, [this](const SshError &error) {
        m_connection->deleteLater();
        emit startFailed(error.message);
    });
    connect(m_connection, &SshConnection::ready, this, [this, options] { onConnected(options); });
    m_connection->open();
}

void SshProvisioner::onConnected(const Kernel::LaunchOptions &options)
{
    if (!m_attachSession.isEmpty()) {
        m_session = m_attachSession;
        makeTransport(m_connection);
        return;
    }
    // The local working directory means nothing on the host: the agent starts the kernel in the
    // remote home directory. Extra kernel arguments pass through after "--".
    QStringList arguments{QStringLiteral("serve")};
    if (!options.kernelName.isEmpty())
        arguments << QStringLiteral("--kernel") << options.kernelName;
    if (!options.extraArguments.isEmpty())
        arguments << QStringLiteral("--") << options.extraArguments;
    const int id = m_connection->runAgent(arguments);
    connect(m_connection, &SshConnection::commandFinished, this,
            [this, id](int commandId, int exitStatus, const QByteArray &out, const QByteArray &err) {
                if (commandId == id)
                    onServed(exitStatus, out, err);
            });
}

void SshProvisioner::onServed(int exitStatus, const QByteArray &out, const QByteArray &err)
{
    const QStringList lines = QString::fromUtf8(out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    if (exitStatus != 0 || lines.isEmpty()) {
        QString why = QString::fromUtf8(err).trimmed();
        if (exitStatus == 127 || why.contains(QLatin1String("No module named")))
            why = QStringLiteral("%1 has no usable Python with jupyter_client (%2): %3")
                      .arg(m_target.displayName(), m_target.python, why);
        m_connection->deleteLater();
        emit startFailed(why.isEmpty() ? QStringLiteral("The agent on %1 could not start a kernel.").arg(m_target.displayName()) : why);
        return;
    }
    m_session = lines.first().trimmed();
    m_language = lines.value(1).trimmed();
    makeTransport(m_connection);
}

void SshProvisioner::makeTransport(SshConnection *connection)
{
    disconnect(connection, nullptr, this, nullptr);
    m_transport = new SshTransport(m_target, m_session, 0, connection, this);
    connect(m_transport, &SshTransport::kernelEnded, this, &SshProvisioner::onKernelEnded);
    connect(m_transport, &SshTransport::linkStateChanged, this, &SshProvisioner::linkStateChanged);
    m_connection = nullptr;
    m_running = true;
    qCInfo(lcSsh) << "kernel session" << m_session << "on" << m_target.displayName();
    emit started();
}

Kernel::Transport *SshProvisioner::transport() const
{
    return m_transport;
}

void SshProvisioner::interrupt()
{
    if (m_transport)
        m_transport->sendAgentCommand(QStringLiteral("interrupt"));
}

void SshProvisioner::finishShutdown()
{
    // The session has sent shutdown_request; the daemon escalates as jupyter_client does and
    // removes the remote session, since the user ended it.
    m_shuttingDown = true;
    if (m_transport)
        m_transport->sendAgentCommand(QStringLiteral("shutdown"));
    m_shutdownDeadline.start();
}

void SshProvisioner::kill()
{
    m_shuttingDown = true;
    if (m_transport && m_transport->linkState() == LinkState::Connected) {
        m_transport->sendAgentCommand(QStringLiteral("kill"));
        m_shutdownDeadline.start();
    } else {
        // Unreachable: stop waiting here; the host's session stays listed until stopped there.
        onKernelEnded(-1, QStringLiteral("unreachable"));
    }
}

void SshProvisioner::onKernelEnded(int exitCode, const QString &reason)
{
    if (!m_running)
        return;
    m_shutdownDeadline.stop();
    m_running = false;
    dropTransport();
    Kernel::DeathReason death;
    death.cause = m_shuttingDown ? Kernel::DeathReason::Cause::ShutDown : Kernel::DeathReason::Cause::Exited;
    death.exitCode = exitCode;
    if (reason == QLatin1String("unreachable"))
        death.detail = QStringLiteral("%1 could not be reached to stop it.").arg(m_target.displayName());
    emit exited(death);
}

void SshProvisioner::dropTransport()
{
    if (!m_transport)
        return;
    m_transport->close();
    m_transport->deleteLater();
    m_transport = nullptr;
}

} // namespace Notebench::Ssh
