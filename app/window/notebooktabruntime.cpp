// NotebookTab's runtime half: where the kernel runs, changing it, and the GPUs it uses.
#include "app/window/notebooktab.h"

#include "app/executionqueue.h"
#include "app/runtimesettings.h"
#include "app/sshconfighosts.h"
#include "app/window/remotefilespanel.h"
#include "app/window/remotesessionsdialog.h"
#include "app/window/runtimechooser.h"
#include "app/window/settingsdialog.h"
#include "app/window/sshsecrets.h"
#include "gpu/gpupoller.h"
#include "kernel/kernelsession.h"
#include "model/notebookmodel.h"
#include "ssh/remotegpupoller.h"
#include "ssh/remotesessions.h"
#include "ssh/sshprovisioner.h"

#include <QDir>
#include <QDockWidget>
#include <QMainWindow>
#include <QFileInfo>
#include <QMessageBox>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace Notebench::App {

namespace {
// The tab's SSH secrets, made on first use; what the keychain cannot do shows in the status bar.
SshSecrets *sshSecretsOf(NotebookTab *tab)
{
    if (auto *secrets = tab->findChild<SshSecrets *>(QString(), Qt::FindDirectChildrenOnly))
        return secrets;
    auto *secrets = new SshSecrets(tab);
    QObject::connect(secrets, &SshSecrets::problem, tab, &NotebookTab::runtimeProblem);
    return secrets;
}
} // namespace

Kernel::LaunchOptions NotebookTab::launchOptions(const QString &kernelName) const
{
    const QString cwd = m_path.isEmpty() ? QDir::homePath() : QFileInfo(m_path).absolutePath();
    return {kernelName, cwd, m_runtimeEnvironment, {}};
}

void NotebookTab::chooseRuntime()
{
    auto *chooser = new RuntimeChooser(m_runtime, defaultSshConfigPath(), this);
    chooser->setAttribute(Qt::WA_DeleteOnClose);
    connect(chooser, &QDialog::accepted, this, [this, chooser] {
        const RuntimeSpec spec = chooser->chosen();
        if (spec == m_runtime)
            return;
        const auto state = m_session->state();
        const bool live = state != Kernel::KernelState::NotStarted && state != Kernel::KernelState::Dead;
        if (live && SettingsDialog::confirmRestart()
            && QMessageBox::question(this, tr("Change runtime"),
                                     tr("Restart the kernel on %1? Variables in memory are lost.").arg(spec.displayName()))
                   != QMessageBox::Yes)
            return;
        switchRuntime(spec, true);
    });
    chooser->open();
}

void NotebookTab::switchRuntime(const RuntimeSpec &spec, bool offerRunningSessions)
{
    if (spec.kind == RuntimeSpec::Kind::Ssh) {
        SshOptions options;
        options.configFile = defaultSshConfigPath();
        if (!QFileInfo(options.configFile).isFile())
            options.configFile.clear();   // libssh's own defaults then
        probeSshRuntime(spec, options, offerRunningSessions);
        return;
    }
    if (spec.kind != RuntimeSpec::Kind::LocalGpu) {
        provisionAndRestart(spec, {});
        return;
    }
    // nvmlInit can take a second while the driver wakes up: never on the GUI thread.
    auto *probe = new QFutureWatcher<Gpu::GpuInventory>(this);
    connect(probe, &QFutureWatcher<Gpu::GpuInventory>::finished, this, [this, probe, spec] {
        RuntimeContext context;
        context.gpus = probe->result();
        probe->deleteLater();
        provisionAndRestart(spec, context);
    });
    probe->setFuture(QtConcurrent::run([] { return Gpu::GpuInventory::probe(); }));
}

void NotebookTab::probeSshRuntime(const RuntimeSpec &spec, const SshOptions &options, bool offerRunningSessions)
{
    auto *probe = new Ssh::RemoteSessions(sshTarget(spec, options), this);
    connect(probe, &Ssh::RemoteSessions::listed, this,
            [this, probe, spec, options, offerRunningSessions](const QList<Ssh::RemoteSession> &sessions) {
                probe->deleteLater();
                sshSecretsOf(this)->loginSucceeded(sshTarget(spec, options).displayName(), options);
                useSshRuntime(spec, options, sessions, offerRunningSessions);
            });
    connect(probe, &Ssh::RemoteSessions::failed, this, [this, probe, spec, options, offerRunningSessions](const Ssh::SshError &error) {
        probe->deleteLater();
        SshOptions next = options;
        bool ok = false;
        switch (error.kind) {
        case Ssh::SshError::Kind::UnknownHostKey:
            // As ssh asks on a first connection, with the same SHA256 fingerprint to compare.
            ok = QMessageBox::question(this, tr("Unknown host"),
                                       tr("%1 is not a known host. Its key fingerprint is\n%2\n\nConnect and remember "
                                          "this key?").arg(spec.displayName(), error.fingerprint))
                 == QMessageBox::Yes;
            next.acceptedFingerprint = error.fingerprint;
            break;
        case Ssh::SshError::Kind::NeedsSecret:
        case Ssh::SshError::Kind::AuthFailed: // a secret that was tried and refused is asked for again
            // The keychain's copy first, then a prompt; either way the answer comes later.
            sshSecretsOf(this)->answer(
                error, sshTarget(spec, options).displayName(), options,
                [this, spec, offerRunningSessions](const SshOptions &withSecret) { probeSshRuntime(spec, withSecret, offerRunningSessions); },
                [this, spec, reason = error.message] { refuseRuntime(spec, reason); });
            return;
        default:
            break;
        }
        if (ok)
            probeSshRuntime(spec, next, offerRunningSessions);
        else
            refuseRuntime(spec, error.message);
    });
    probe->list();
}

void NotebookTab::useSshRuntime(const RuntimeSpec &spec, SshOptions options, const QList<Ssh::RemoteSession> &sessions,
                                bool offerRunningSessions)
{
    const auto isAlive = [&sessions](const QString &id) {
        return std::any_of(sessions.begin(), sessions.end(), [&id](const auto &s) { return s.alive && s.id == id; });
    };
    const auto start = [this, spec](SshOptions chosen) {
        m_sshOptions = chosen;
        m_sshOptions.attachSession.clear();
        RuntimeContext context;
        context.ssh = std::move(chosen);
        provisionAndRestart(spec, context);
        // The host's files beside the notebook, over a connection of their own (once per host).
        const Ssh::SshTarget target = sshTarget(spec, m_sshOptions);
        auto *mainWindow = qobject_cast<QMainWindow *>(window());
        if (mainWindow && !mainWindow->findChild<QDockWidget *>(QStringLiteral("remoteFiles %1").arg(target.displayName())))
            mainWindow->addDockWidget(Qt::RightDockWidgetArea, createRemoteFilesDock(target, mainWindow));
    };
    // The kernel this notebook left running there (the app quit mid-cell, or crashed): back to it,
    // as a reopened JupyterLab tab finds its kernel.
    const std::optional<RuntimeSpec> remembered = RuntimeSettings::runtimeFor(m_path);
    const QString ownSession = remembered && *remembered == spec ? RuntimeSettings::remoteSessionFor(m_path) : QString();
    if (options.attachSession.isEmpty() && !ownSession.isEmpty() && isAlive(ownSession))
        options.attachSession = ownSession;
    const bool othersRunning = std::any_of(sessions.begin(), sessions.end(), [](const auto &s) { return s.alive; });
    if (!options.attachSession.isEmpty() || !offerRunningSessions || !othersRunning) {
        start(options);
        return;
    }
    auto *dialog = new RemoteSessionsDialog(sshTarget(spec, options), RemoteSessionsDialog::Purpose::ChooseOnSwitch,
                                            ownSession, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setSessions(sessions);
    connect(dialog, &QDialog::accepted, this, [dialog, options, start]() mutable {
        options.attachSession = dialog->chosenSession();
        start(options);
    });
    connect(dialog, &QDialog::rejected, this, [this, spec] {
        if (m_session->state() == Kernel::KernelState::NotStarted)
            refuseRuntime(spec, tr("no kernel was chosen on the host."));
    });
    dialog->open();
}

void NotebookTab::showRemoteSessions()
{
    if (m_runtime.kind != RuntimeSpec::Kind::Ssh) {
        emit runtimeProblem(tr("This notebook runs on %1; kernel sessions are listed for SSH hosts (Kernel → Change Runtime).")
                                .arg(m_runtime.displayName()));
        return;
    }
    const auto *remote = qobject_cast<const Ssh::SshProvisioner *>(m_session->provisioner());
    auto *dialog = new RemoteSessionsDialog(sshTarget(m_runtime, m_sshOptions), RemoteSessionsDialog::Purpose::Manage,
                                            remote ? remote->remoteSession() : QString(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { attachRemoteSession(m_runtime, dialog->chosenSession()); });
    dialog->open();
    dialog->refresh();
}

void NotebookTab::attachRemoteSession(const RuntimeSpec &spec, const QString &sessionId)
{
    SshOptions options = spec == m_runtime ? m_sshOptions : SshOptions{};
    if (options.configFile.isEmpty() && QFileInfo(defaultSshConfigPath()).isFile())
        options.configFile = defaultSshConfigPath();
    options.attachSession = sessionId;
    RuntimeContext context;
    context.ssh = options;
    m_sshOptions = options;
    m_sshOptions.attachSession.clear();
    provisionAndRestart(spec, context);
}

void NotebookTab::refuseRuntime(const RuntimeSpec &spec, const QString &reason)
{
    emit runtimeProblem(tr("%1 cannot be used: %2").arg(spec.displayName(), reason));
    // A notebook opened on a remembered runtime still gets a kernel: the default one.
    if (m_session->state() == Kernel::KernelState::NotStarted)
        m_session->start(launchOptions(QString::fromStdString(m_model->notebook().kernelName())));
}

void NotebookTab::provisionAndRestart(const RuntimeSpec &spec, const RuntimeContext &context)
{
    RuntimeProvision provision = provisionRuntime(spec, context);
    if (!provision.provisioner) {
        refuseRuntime(spec, provision.reason);
        return;
    }
    restartOn(spec, std::move(provision));
}

void NotebookTab::restartOn(const RuntimeSpec &spec, RuntimeProvision provision)
{
    m_runtime = spec;
    m_runtimeEnvironment = provision.environment;
    RuntimeSettings::remember(m_path, spec);
    RuntimeSettings::rememberRemoteSession(m_path, {});
    m_queue->clear();
    delete m_gpuPoller;
    m_gpuPoller = nullptr;
    if (spec.kind == RuntimeSpec::Kind::LocalGpu) {
        QList<int> indices;
        for (const QString &id : spec.gpuIds)
            indices << id.toInt();
        m_gpuPoller = new Gpu::GpuPoller(indices, 2000, this);
    } else if (auto *ssh = qobject_cast<Ssh::SshProvisioner *>(provision.provisioner.get())) {
        // The session the kernel runs in, so that reopening the notebook finds it again.
        connect(ssh, &Kernel::Provisioner::started, this,
                [this, ssh] { RuntimeSettings::rememberRemoteSession(m_path, ssh->remoteSession()); });
        // The host's GPUs (nvidia-smi) over the kernel's own connection, as it reconnects.
        m_gpuPoller = new Ssh::RemoteGpuPoller(ssh, 2000, this);
    }
    if (m_gpuPoller)
        connect(m_gpuPoller, &Gpu::GpuMonitor::changed, this, &NotebookTab::kernelStatusChanged);
    m_session->restartOn(std::move(provision.provisioner), launchOptions(QString::fromStdString(m_model->notebook().kernelName())));
    emit kernelStatusChanged();
}

QString NotebookTab::gpuText() const
{
    if (!m_gpuPoller)
        return {};
    const auto &reading = m_gpuPoller->latest();
    if (reading.devices.isEmpty())
        return reading.error.isEmpty() || reading.noGpu ? QString() : tr("GPU unavailable");
    return Gpu::compactText(reading.devices);
}

QString NotebookTab::gpuDetails() const
{
    if (!m_gpuPoller)
        return {};
    const auto &reading = m_gpuPoller->latest();
    QString details = Gpu::detailText(reading.devices);
    if (!reading.error.isEmpty())
        details += (details.isEmpty() ? QString() : QStringLiteral("\n")) + reading.error;
    return details;
}

} // namespace Notebench::App
