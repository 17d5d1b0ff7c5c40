#include "local/localprovisioner.h"

#include "local/jupyterpaths.h"
#include "local/kernelprocess.h"
#include "zmq/zmqtransport.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace Notebench::Local {

namespace {
// jupyter_client manager.shutdown_wait_time = 5 s, split in two halves: SIGTERM, then SIGKILL.
constexpr int shutdownHalfWaitMs = 2500;

// jupyter_client swaps python/python3 for its own interpreter; having none, we resolve through PATH.
QString resolveProgram(const QString &program)
{
    if (QFileInfo(program).isAbsolute())
        return program;
    const QString found = QStandardPaths::findExecutable(program);
    return found.isEmpty() ? program : found;
}
} // namespace

LocalProvisioner::LocalProvisioner(DeviceSelection devices, Protocol::KernelSpecFinder finder, QObject *parent)
    : Kernel::Provisioner(parent)
    , m_devices(std::move(devices))
    , m_finder(std::move(finder))
    , m_process(new KernelProcess(this))
{
    connect(m_process, &KernelProcess::started, this, &LocalProvisioner::onProcessStarted);
    connect(m_process, &KernelProcess::failedToStart, this, [this](const QString &why) {
        removeConnectionFile();
        emit startFailed(QStringLiteral("Could not run the kernel command: %1").arg(why));
    });
    // Queued: output the I/O thread delivered just before the exit is routed before the death is.
    connect(m_process, &KernelProcess::exited, this, &LocalProvisioner::onProcessExited, Qt::QueuedConnection);
    m_escalation.setSingleShot(true);
    m_escalation.setInterval(shutdownHalfWaitMs);
    connect(&m_escalation, &QTimer::timeout, this, [this] {
        if (!m_process->isRunning())
            return;
        if (m_escalationStep++ == 0) {
            m_process->terminate();
            m_escalation.start();
        } else {
            m_process->kill();
        }
    });
}

LocalProvisioner::~LocalProvisioner()
{
    delete m_transport;
    removeConnectionFile();
}

QString LocalProvisioner::id() const
{
    return m_devices.kind == DeviceSelection::Kind::Cpu ? QStringLiteral("local") : QStringLiteral("local-gpu");
}

QString LocalProvisioner::displayName() const
{
    if (m_devices.kind == DeviceSelection::Kind::Cpu)
        return QStringLiteral("Local CPU");
    return m_devices.gpuIds.isEmpty() ? QStringLiteral("Local GPU")
                                      : QStringLiteral("Local GPU (%1)").arg(m_devices.gpuIds.join(QLatin1Char(',')));
}

Kernel::Capabilities LocalProvisioner::capabilities() const
{
    Kernel::Capabilities caps;
    caps.interrupt = true;
    caps.gpuTelemetry = m_devices.kind == DeviceSelection::Kind::Gpu;
    return caps;
}

QString LocalProvisioner::unavailableReason() const
{
    return {};
}

QMap<QString, QString> LocalProvisioner::deviceEnvironment(const DeviceSelection &devices)
{
    QMap<QString, QString> env;
    if (devices.kind == DeviceSelection::Kind::Cpu) {
        // An empty list hides every device from CUDA (PyTorch, TensorFlow, JAX) and ROCm.
        env.insert(QStringLiteral("CUDA_VISIBLE_DEVICES"), QString());
        env.insert(QStringLiteral("HIP_VISIBLE_DEVICES"), QString());
    } else if (!devices.gpuIds.isEmpty()) {
        // PCI bus order makes CUDA's numbering match NVML's and nvidia-smi's.
        env.insert(QStringLiteral("CUDA_DEVICE_ORDER"), QStringLiteral("PCI_BUS_ID"));
        env.insert(QStringLiteral("CUDA_VISIBLE_DEVICES"), devices.gpuIds.join(QLatin1Char(',')));
    }
    return env;
}

void LocalProvisioner::start(const Kernel::LaunchOptions &options)
{
    if (m_process->isRunning()) {
        emit startFailed(QStringLiteral("The kernel is already running."));
        return;
    }
    const std::string name = options.kernelName.isEmpty() ? std::string("python3") : options.kernelName.toStdString();
    auto found = m_finder.find(name);
    if (!found.spec) {
        emit startFailed(QString::fromStdString(found.error));
        return;
    }
    m_spec = std::move(found.spec);

    const QList<int> ports = pickFreePorts(5);
    if (ports.size() != 5) {
        emit startFailed(QStringLiteral("No free TCP ports on 127.0.0.1 for the kernel."));
        return;
    }
    m_connection = Protocol::ConnectionInfo::withFreshKey();
    m_connection.shellPort = ports[0];
    m_connection.iopubPort = ports[1];
    m_connection.stdinPort = ports[2];
    m_connection.controlPort = ports[3];
    m_connection.hbPort = ports[4];
    m_connection.kernelName = m_spec->name;
    m_connectionFile = QDir(jupyterRuntimeDir())
                           .filePath(QStringLiteral("kernel-%1.json").arg(QString::fromStdString(Protocol::newUuid())));
    if (const auto error = Protocol::writeConnectionFile(m_connectionFile.toStdString(), m_connection); !error.empty()) {
        emit startFailed(QString::fromStdString(error));
        return;
    }

    // jupyter_client format_kernel_cmd: connection_file is passed through realpath.
    const auto argv = Protocol::formatArgv(
        m_spec->argv, {{"connection_file", QFileInfo(m_connectionFile).canonicalFilePath().toStdString()},
                       {"resource_dir", m_spec->resourceDir.string()}});
    QStringList arguments;
    for (const auto &arg : argv)
        arguments << QString::fromStdString(arg);
    arguments << options.extraArguments;
    const QString program = resolveProgram(arguments.takeFirst());

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const auto &[key, value] : m_spec->env)
        env.insert(QString::fromStdString(key), QString::fromStdString(value));
    const auto devices = deviceEnvironment(m_devices);
    for (auto it = devices.begin(); it != devices.end(); ++it)
        env.insert(it.key(), it.value());
    for (auto it = options.environment.begin(); it != options.environment.end(); ++it)
        env.insert(it.key(), it.value());

    m_escalation.stop();
    m_escalationStep = 0;
    m_process->start(program, arguments, env, options.workingDirectory);
}

void LocalProvisioner::onProcessStarted()
{
    delete m_transport;
    m_transport = new Zmq::ZmqTransport(m_connection, this);
    emit started();
}

void LocalProvisioner::onProcessExited(const Kernel::DeathReason &reason)
{
    m_escalation.stop();
    if (m_transport) {
        m_transport->close();
        m_transport->deleteLater();
        m_transport = nullptr;
    }
    removeConnectionFile();
    Kernel::DeathReason withLog = reason;
    const QString tail = m_process->stderrTail();
    if (reason.cause == Kernel::DeathReason::Cause::Exited && reason.exitCode != 0 && !tail.isEmpty())
        withLog.detail = QStringLiteral("Its last output was:\n%1").arg(tail.right(1500));
    emit exited(withLog);
}

void LocalProvisioner::removeConnectionFile()
{
    if (!m_connectionFile.isEmpty())
        QFile::remove(m_connectionFile);
    m_connectionFile.clear();
}

Kernel::Transport *LocalProvisioner::transport() const
{
    return m_transport;
}

bool LocalProvisioner::isRunning() const
{
    return m_process->isRunning();
}

Kernel::InterruptMode LocalProvisioner::interruptMode() const
{
    return m_spec && m_spec->interruptMode == "message" ? Kernel::InterruptMode::Message : Kernel::InterruptMode::Signal;
}

void LocalProvisioner::interrupt()
{
    m_process->interrupt();
}

void LocalProvisioner::finishShutdown()
{
    m_escalationStep = 0;
    m_escalation.start();
}

void LocalProvisioner::kill()
{
    m_process->kill();
}

QString LocalProvisioner::language() const
{
    return m_spec ? QString::fromStdString(m_spec->language) : QString();
}

qint64 LocalProvisioner::processId() const
{
    return m_process->pid();
}

} // namespace Notebench::Local
