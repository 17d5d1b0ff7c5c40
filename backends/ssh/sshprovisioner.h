#pragma once

#include "kernel/provisioner.h"
#include "ssh/sshtarget.h"
#include "ssh/sshtransport.h"

#include <QPointer>
#include <QTimer>

namespace Notebench::Ssh {

class SshConnection;

/// Runs kernels on an SSH host through the remote agent: the kernel lives in a detached daemon
/// there, so it keeps running (and journaling its output) while the network is down or the app
/// is closed; the transport re-attaches by itself.
class SshProvisioner : public Kernel::Provisioner
{
    Q_OBJECT
public:
    explicit SshProvisioner(SshTarget target, QObject *parent = nullptr);
    ~SshProvisioner() override;

    /// Re-attach to a running session (from `agent list`) instead of starting a kernel;
    /// everything it journaled is replayed from the start.
    void setAttachSession(const QString &sessionId) { m_attachSession = sessionId; }

    QString id() const override;
    QString displayName() const override;
    Kernel::Capabilities capabilities() const override;
    QString unavailableReason() const override;

    void start(const Kernel::LaunchOptions &options) override;
    Kernel::Transport *transport() const override;
    bool isRunning() const override { return m_running; }
    /// The daemon interrupts as the kernelspec says (signal or interrupt_request), so the
    /// session always asks it through interrupt().
    Kernel::InterruptMode interruptMode() const override { return Kernel::InterruptMode::Signal; }
    void interrupt() override;
    void finishShutdown() override;
    void kill() override;
    /// Closes the attach stream only: the host's daemon keeps the kernel and journals its output.
    bool detach() override;
    QString language() const override { return m_language; }

    /// The remote session id once started; empty before.
    QString remoteSession() const { return m_session; }
    const SshTarget &target() const { return m_target; }

signals:
    /// Forwarded from the transport for the status bar: connected, reconnecting…, failed.
    void linkStateChanged(Notebench::Ssh::LinkState state, const QString &detail);

private:
    void onConnected(const Kernel::LaunchOptions &options);
    void onServed(const QString &session, const QString &language);
    void onServeFailed(int exitStatus, const QString &why);
    void onKernelEnded(int exitCode, const QString &reason);
    void dropTransport();

    SshTarget m_target;
    QString m_attachSession;
    QString m_session;
    QString m_language;
    QPointer<SshConnection> m_connection; // only while starting
    QPointer<SshTransport> m_transport;
    bool m_running = false;
    bool m_shuttingDown = false;
    QTimer m_shutdownDeadline;
};

} // namespace Notebench::Ssh
