#include "kernel/kernelsession.h"

#include "kernel/kernelclient.h"
#include "kernel/kernellog.h"
#include "kernel/transport.h"

namespace Notebench::Kernel {

QString kernelStateName(KernelState state)
{
    switch (state) {
    case KernelState::NotStarted: return QStringLiteral("not started");
    case KernelState::Starting: return QStringLiteral("starting");
    case KernelState::Idle: return QStringLiteral("idle");
    case KernelState::Busy: return QStringLiteral("busy");
    case KernelState::Restarting: return QStringLiteral("restarting");
    case KernelState::Disconnected: return QStringLiteral("disconnected");
    case KernelState::Dead: return QStringLiteral("dead");
    }
    return QStringLiteral("unknown");
}

KernelSession::KernelSession(std::unique_ptr<Provisioner> provisioner, QObject *parent)
    : QObject(parent)
    , m_provisioner(std::move(provisioner))
    , m_client(new KernelClient(this))
{
    qRegisterMetaType<Protocol::Message>();
    qRegisterMetaType<Channel>();
    qRegisterMetaType<DeathReason>();
    qRegisterMetaType<KernelState>();

    // nbclient startup_timeout: 60 s from launch to the first kernel_info reply.
    m_startTimer.setInterval(60'000);
    m_startTimer.setSingleShot(true);
    connect(&m_startTimer, &QTimer::timeout, this, &KernelSession::onStartTimeout);

    connectProvisioner();
    connect(m_client, &KernelClient::ready, this, [this](const Protocol::Message &reply) {
        if (m_shuttingDown)
            return; // a restart or shutdown asked for while starting wins
        m_startTimer.stop();
        m_kernelInfo = reply.content;
        m_restarting = false;
        setState(KernelState::Idle);
        emit ready();
    });
    connect(m_client, &KernelClient::executionStateChanged, this, [this](const QString &executionState) {
        if (executionState == QLatin1String("busy"))
            m_lastExecutionState = KernelState::Busy;
        else if (executionState == QLatin1String("idle"))
            m_lastExecutionState = KernelState::Idle;
        else
            return;
        if (m_state == KernelState::Idle || m_state == KernelState::Busy)
            setState(m_lastExecutionState);
    });
}

void KernelSession::connectProvisioner()
{
    connect(m_provisioner.get(), &Provisioner::started, this, &KernelSession::onStarted);
    connect(m_provisioner.get(), &Provisioner::startFailed, this, [this](const QString &why) {
        onExited({DeathReason::Cause::FailedToStart, 0, 0, why});
    });
    connect(m_provisioner.get(), &Provisioner::exited, this, &KernelSession::onExited);
}

void KernelSession::adoptNextProvisioner()
{
    if (!m_nextProvisioner)
        return;
    disconnect(m_provisioner.get(), nullptr, this, nullptr);
    // The old provisioner may be inside its own exited() emission: it goes once that returns.
    Provisioner *old = m_provisioner.release();
    old->setParent(this);
    old->deleteLater();
    m_provisioner = std::move(m_nextProvisioner);
    connectProvisioner();
}

KernelSession::~KernelSession()
{
    m_client->detach(QStringLiteral("The session was closed."));
    // A cell still running on a kernel that can outlive us (a remote session) keeps running and
    // keeps its output for the next attach; an idle kernel is stopped, so it frees its memory
    // and GPUs.
    const bool cellRunning = m_state == KernelState::Busy
                             || (m_state == KernelState::Disconnected && m_lastExecutionState == KernelState::Busy);
    if (m_provisioner->isRunning() && !(cellRunning && m_provisioner->detach()))
        m_provisioner->kill();
}

void KernelSession::start(const LaunchOptions &options)
{
    if (m_provisioner->isRunning())
        return; // one kernel per session; restart() replaces it
    m_options = options;
    m_shuttingDown = false;
    m_deathReason = {};
    m_deathReasonFixed = false;
    m_lastExecutionState = KernelState::Idle;
    setState(m_restarting ? KernelState::Restarting : KernelState::Starting);
    m_startTimer.start();
    m_provisioner->start(options);
}

void KernelSession::onStarted()
{
    if (m_shuttingDown)
        return; // the escalation already under way stops this process
    Transport *transport = m_provisioner->transport();
    m_client->attach(transport);
    m_transportConnections << connect(transport, &Transport::opened, m_client, &KernelClient::startNudging);
    m_transportConnections << connect(transport, &Transport::heartbeatChanged, this, [this](bool alive) {
        if (!alive && (m_state == KernelState::Idle || m_state == KernelState::Busy))
            setState(KernelState::Disconnected);
        else if (alive && m_state == KernelState::Disconnected)
            setState(m_lastExecutionState);
    });
    m_transportConnections << connect(transport, &Transport::failed, this, [this](const QString &why) {
        qCWarning(lcKernel) << "transport failed:" << why;
        m_deathReason = {DeathReason::Cause::Unknown, 0, 0, QStringLiteral("Its connection failed: %1").arg(why)};
        m_deathReasonFixed = true;
        if (m_provisioner->isRunning())
            m_provisioner->kill();
        else
            onExited(m_deathReason);
    });
    transport->open();
}

void KernelSession::onStartTimeout()
{
    qCWarning(lcKernel) << "the kernel did not answer within" << m_startTimer.interval() << "ms";
    m_deathReason = {DeathReason::Cause::FailedToStart, 0, 0,
                     QStringLiteral("It did not answer within %1 seconds.").arg(m_startTimer.interval() / 1000)};
    m_deathReasonFixed = true;
    m_provisioner->kill();
}

void KernelSession::onExited(const DeathReason &reason)
{
    m_startTimer.stop();
    for (const auto &connection : std::as_const(m_transportConnections))
        disconnect(connection);
    m_transportConnections.clear();
    if (m_restarting && m_shuttingDown) {
        m_client->detach(QStringLiteral("The kernel was restarted."));
        m_shuttingDown = false;
        adoptNextProvisioner();
        start(m_options);
        return;
    }
    // A start timeout or a failed transport sets its own reason before killing the process.
    if (!std::exchange(m_deathReasonFixed, false))
        m_deathReason = m_shuttingDown ? DeathReason{DeathReason::Cause::ShutDown, reason.exitCode, 0, {}} : reason;
    m_client->detach(m_deathReason.text());
    const bool wasShutdown = m_shuttingDown;
    m_shuttingDown = false;
    m_restarting = false;
    setState(KernelState::Dead);
    if (wasShutdown)
        emit shutdownFinished();
    else
        emit died(m_deathReason);
}

void KernelSession::interrupt()
{
    if (!m_provisioner->isRunning())
        return;
    if (m_provisioner->interruptMode() == InterruptMode::Message)
        m_client->interruptRequest();
    else
        m_provisioner->interrupt();
}

void KernelSession::restart()
{
    if (!m_provisioner->isRunning()) {
        start(m_options);
        return;
    }
    m_restarting = true;
    setState(KernelState::Restarting);
    beginShutdown(true);
}

void KernelSession::restartWith(const LaunchOptions &options)
{
    m_options = options;
    restart();
}

void KernelSession::restartOn(std::unique_ptr<Provisioner> provisioner, const LaunchOptions &options)
{
    m_nextProvisioner = std::move(provisioner);
    m_options = options;
    if (!m_provisioner->isRunning()) {
        adoptNextProvisioner();
        start(m_options);
        return;
    }
    m_restarting = true;
    setState(KernelState::Restarting);
    beginShutdown(true);
}

void KernelSession::shutdown()
{
    m_restarting = false; // a shutdown during a restart ends there
    m_nextProvisioner.reset();
    if (!m_provisioner->isRunning()) {
        setState(KernelState::Dead);
        emit shutdownFinished();
        return;
    }
    beginShutdown(false);
}

void KernelSession::beginShutdown(bool restart)
{
    if (m_shuttingDown)
        return; // one escalation at a time: a second request must not delay the kill
    m_shuttingDown = true;
    m_startTimer.stop();
    // jupyter_client _async_shutdown_kernel: interrupt first, then shutdown_request on control,
    // then the provisioner waits shutdown_wait_time/2 before SIGTERM and SIGKILL.
    if (m_provisioner->interruptMode() == InterruptMode::Signal)
        m_provisioner->interrupt();
    else if (m_client->transport())
        m_client->interruptRequest();
    if (m_client->transport())
        m_client->shutdownRequest(restart);
    m_provisioner->finishShutdown();
}

void KernelSession::setState(KernelState state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

} // namespace Notebench::Kernel
