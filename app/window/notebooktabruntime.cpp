// NotebookTab's runtime half: where the kernel runs, changing it, and the GPUs it uses.
#include "app/window/notebooktab.h"

#include "app/executionqueue.h"
#include "app/runtimesettings.h"
#include "app/sshconfighosts.h"
#include "app/window/remotefilespanel.h"
#include "app/window/runtimechooser.h"
#include "app/window/settingsdialog.h"
#include "app/window/sshsecrets.h"
#include "gpu/gpupoller.h"
#include "kernel/kernelsession.h"
#include "model/notebookmodel.h"
#include "ssh/remotesessions.h"

#include <QDir>
#include <QDockWidget>
#include <QMainWindow>
#include <QFileInfo>
#include <QMessageBox>
#include <QtConcurrent/QtConcurrentRun>

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
        switchRuntime(spec);
    });
    chooser->open();
}

void NotebookTab::switchRuntime(const RuntimeSpec &spec)
{
    if (spec.kind == RuntimeSpec::Kind::Ssh) {
        SshOptions options;
        options.configFile = defaultSshConfigPath();
        if (!QFileInfo(options.configFile).isFile())
            options.configFile.clear();   // libssh's own defaults then
        probeSshRuntime(spec, options);
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

void NotebookTab::probeSshRuntime(const RuntimeSpec &spec, const SshOptions &options)
{
    auto *probe = new Ssh::RemoteSessions(sshTarget(spec, options), this);
    connect(probe, &Ssh::RemoteSessions::listed, this, [this, probe, spec, options] {
        probe->deleteLater();
        sshSecretsOf(this)->loginSucceeded(sshTarget(spec, options).displayName(), options);
        RuntimeContext context;
        context.ssh = options;
        provisionAndRestart(spec, context);
        // The host's files beside the notebook, over a connection of their own (once per host).
        const Ssh::SshTarget target = sshTarget(spec, options);
        auto *mainWindow = qobject_cast<QMainWindow *>(window());
        if (mainWindow && !mainWindow->findChild<QDockWidget *>(QStringLiteral("remoteFiles %1").arg(target.displayName())))
            mainWindow->addDockWidget(Qt::RightDockWidgetArea, createRemoteFilesDock(target, mainWindow));
    });
    connect(probe, &Ssh::RemoteSessions::failed, this, [this, probe, spec, options](const Ssh::SshError &error) {
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
                [this, spec](const SshOptions &withSecret) { probeSshRuntime(spec, withSecret); },
                [this, spec, reason = error.message] { refuseRuntime(spec, reason); });
            return;
        default:
            break;
        }
        if (ok)
            probeSshRuntime(spec, next);
        else
            refuseRuntime(spec, error.message);
    });
    probe->list();
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
    m_queue->clear();
    delete m_gpuPoller;
    m_gpuPoller = nullptr;
    if (spec.kind == RuntimeSpec::Kind::LocalGpu) {
        QList<int> indices;
        for (const QString &id : spec.gpuIds)
            indices << id.toInt();
        m_gpuPoller = new Gpu::GpuPoller(indices, 2000, this);
        connect(m_gpuPoller, &Gpu::GpuPoller::changed, this, &NotebookTab::kernelStatusChanged);
    }
    m_session->restartOn(std::move(provision.provisioner), launchOptions(QString::fromStdString(m_model->notebook().kernelName())));
    emit kernelStatusChanged();
}

QString NotebookTab::gpuText() const
{
    if (!m_gpuPoller)
        return {};
    const auto &reading = m_gpuPoller->latest();
    if (reading.devices.isEmpty())
        return reading.error.isEmpty() ? QString() : tr("GPU unavailable");
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
