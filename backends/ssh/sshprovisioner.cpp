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
    // The transport takes the open connection over, for serve --attach or attach alike.
    disconnect(m_connection, nullptr, this, nullptr);
    m_transport = new SshTransport(m_target, m_attachSession, 0, m_connection, this);
    m_connection = nullptr;
    connect(m_transport, &SshTransport::kernelEnded, this, &SshProvisioner::onKernelEnded);
    connect(m_transport, &SshTransport::linkStateChanged, this, &SshProvisioner::linkStateChanged);
    if (!m_attachSession.isEmpty()) {
        onServed(m_attachSession, QString());
        return;
    }
    connect(m_transport, &SshTransport::served, this, &SshProvisioner::onServed);
    connect(m_transport, &SshTransport::serveFailed, this, &SshProvisioner::onServeFailed);
    // The local working directory means nothing on the host: the agent starts the kernel in the
    // remote home directory. Extra kernel arguments pass through after "--".
    QStringList arguments;
    if (!options.kernelName.isEmpty())
        arguments << QStringLiteral("--kernel") << options.kernelName;
    if (!options.extraArguments.isEmpty())
        arguments << QStringLiteral("--") << options.extraArguments;
    m_transport->serve(arguments);
}

void SshProvisioner::onServed(const QString &session, const QString &language)
{
    m_session = session;
    m_language = language;
    m_running = true;
    qCInfo(lcSsh) << "kernel session" << m_session << "on" << m_target.displayName();
    emit started();
}

void SshProvisioner::onServeFailed(int exitStatus, const QString &why)
{
    dropTransport();
    QString message = why;
    if (exitStatus == 127) // the login shell found no such command
        message = QStringLiteral("%1 has no usable Python with jupyter_client: %2 was not found there.")
                      .arg(m_target.displayName(), m_target.python);
    else if (why.contains(QLatin1String("No module named")))
        message = QStringLiteral("%1 has no usable Python with jupyter_client (%2): %3").arg(m_target.displayName(), m_target.python, why);
    emit startFailed(message);
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

bool SshProvisioner::detach()
{
    if (!m_running)
        return false;
    m_running = false;
    qCInfo(lcSsh) << "detached from" << m_session << "on" << m_target.displayName() << "; its kernel keeps running";
    dropTransport();
    return true;
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
