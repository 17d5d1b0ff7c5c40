#pragma once

#include "kernel/deathreason.h"
#include "kernel/provisioner.h"

#include <QObject>
#include <QTimer>

#include <nlohmann/json.hpp>

#include <memory>

namespace Notebench::Kernel {

class KernelClient;

enum class KernelState { NotStarted, Starting, Idle, Busy, Restarting, Disconnected, Dead };
QString kernelStateName(KernelState state);

/// One running kernel: a provisioner, its transport and the shared KernelClient, driven by a
/// state machine (starting, idle, busy, restarting, disconnected, dead — with a reason).
class KernelSession : public QObject
{
    Q_OBJECT
public:
    explicit KernelSession(std::unique_ptr<Provisioner> provisioner, QObject *parent = nullptr);
    ~KernelSession() override;

    /// Starts the kernel; emits ready() when it answers, or died() when it cannot start.
    void start(const LaunchOptions &options);
    /// Interrupts the running cell by signal or by control message, per the kernelspec.
    void interrupt();
    /// Restarts with the same options; pending requests fail.
    void restart();
    /// Restarts with other options (another kernelspec, say); starts when nothing runs.
    void restartWith(const LaunchOptions &options);
    /// Restarts somewhere else: the running kernel shuts down as for restart(), then `provisioner`
    /// (another runtime: a GPU, an SSH host) replaces the old one and starts with `options`.
    void restartOn(std::unique_ptr<Provisioner> provisioner, const LaunchOptions &options);
    /// jupyter_client shutdown: interrupt, shutdown_request, then SIGTERM and SIGKILL if it lingers.
    void shutdown();

    KernelState state() const { return m_state; }
    DeathReason deathReason() const { return m_deathReason; }
    KernelClient *client() const { return m_client; }
    Provisioner *provisioner() const { return m_provisioner.get(); }
    /// The kernel_info reply of the running kernel (language_info, banner, …).
    const nlohmann::json &kernelInfo() const { return m_kernelInfo; }

    /// How long start() waits for the kernel to answer (nbclient's startup_timeout).
    void setStartTimeout(int milliseconds) { m_startTimer.setInterval(milliseconds); }

signals:
    void stateChanged(Notebench::Kernel::KernelState state);
    void ready();
    void died(const Notebench::Kernel::DeathReason &reason);
    void shutdownFinished();

private:
    void setState(KernelState state);
    void onStarted();
    void onExited(const DeathReason &reason);
    void onStartTimeout();
    void beginShutdown(bool restart);
    void connectProvisioner();
    void adoptNextProvisioner();

    std::unique_ptr<Provisioner> m_provisioner;
    std::unique_ptr<Provisioner> m_nextProvisioner; // takes over once the old kernel has exited
    KernelClient *m_client;
    KernelState m_state = KernelState::NotStarted;
    KernelState m_lastExecutionState = KernelState::Idle; // from IOPub status, kept while disconnected
    DeathReason m_deathReason;
    bool m_deathReasonFixed = false;
    QList<QMetaObject::Connection> m_transportConnections;
    LaunchOptions m_options;
    nlohmann::json m_kernelInfo;
    QTimer m_startTimer;
    bool m_shuttingDown = false;
    bool m_restarting = false;
};

} // namespace Notebench::Kernel

Q_DECLARE_METATYPE(Notebench::Kernel::KernelState)
