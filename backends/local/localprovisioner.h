#pragma once

#include "kernel/provisioner.h"
#include "protocol/connectioninfo.h"
#include "protocol/kernelspecfinder.h"

#include <QPointer>
#include <QStringList>
#include <QTimer>

namespace Notebench::Zmq {
class ZmqTransport;
}

namespace Notebench::Local {

class KernelProcess;

/// Which devices the kernel may see. CPU mode hides every GPU; GPU mode exposes the chosen ones.
struct DeviceSelection
{
    enum class Kind { Cpu, Gpu };
    Kind kind = Kind::Cpu;
    QStringList gpuIds; ///< NVML / nvidia-smi indices; empty in GPU mode = all
};

/// Runs kernels from local kernelspecs as child processes, reached over ZeroMQ on 127.0.0.1.
class LocalProvisioner : public Kernel::Provisioner
{
    Q_OBJECT
public:
    /// The kernel's ports and key, for a second client on the same kernel (a console, a test).
    const Protocol::ConnectionInfo &connectionInfo() const { return m_connection; }
    explicit LocalProvisioner(DeviceSelection devices = {}, Protocol::KernelSpecFinder finder = Protocol::KernelSpecFinder(),
                              QObject *parent = nullptr);
    ~LocalProvisioner() override;

    QString id() const override;
    QString displayName() const override;
    Kernel::Capabilities capabilities() const override;
    QString unavailableReason() const override;

    void start(const Kernel::LaunchOptions &options) override;
    Kernel::Transport *transport() const override;
    bool isRunning() const override;
    Kernel::InterruptMode interruptMode() const override;
    void interrupt() override;
    void finishShutdown() override;
    void kill() override;
    QString language() const override;

    /// The kernel's OS process id (0 when not running).
    qint64 processId() const;
    /// The environment variables that select devices for this mode.
    static QMap<QString, QString> deviceEnvironment(const DeviceSelection &devices);

private:
    void onProcessStarted();
    void onProcessExited(const Kernel::DeathReason &reason);
    void removeConnectionFile();

    DeviceSelection m_devices;
    Protocol::KernelSpecFinder m_finder;
    std::optional<Protocol::KernelSpec> m_spec;
    Protocol::ConnectionInfo m_connection;
    QString m_connectionFile;
    KernelProcess *m_process;
    QPointer<Zmq::ZmqTransport> m_transport;
    QTimer m_escalation;
    int m_escalationStep = 0;
};

} // namespace Notebench::Local
