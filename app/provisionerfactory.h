#pragma once

#include "app/runtimespec.h"
#include "app/sshruntime.h"
#include "gpu/gpuinventory.h"

#include <QMap>
#include <QTextStream>
#include <QString>

#include <memory>

namespace Notebench::Kernel {
class Provisioner;
}

namespace Notebench::App {

/// What a runtime needs besides its spelling. The window probes the GPUs off the GUI thread and
/// the command line probes them in place; only local-gpu reads them.
struct RuntimeContext
{
    Gpu::GpuInventory gpus;
    SshOptions ssh;                   ///< `--ssh-config FILE`, `--accept-new-host-key`, the host's Python
    QTextStream *progress = nullptr;  ///< the command line's progress stream (session id, "reconnecting…")
};

/// A runtime made ready to launch: its backend and the environment it adds to every launch
/// (LaunchOptions.environment), or why it cannot run here.
struct RuntimeProvision
{
    std::unique_ptr<Kernel::Provisioner> provisioner; ///< null exactly when `reason` is set
    QMap<QString, QString> environment;
    QString reason;
};

/// The one place where a runtime becomes a backend, for the window and the command line alike:
/// local and local-gpu are the local provisioner with device environments (local-gpu checked
/// against `context.gpus`), ssh:// is the SSH backend's, a Jupyter Server a later version's.
RuntimeProvision provisionRuntime(const RuntimeSpec &spec, const RuntimeContext &context);

/// The variables that choose the devices a local runtime's kernel sees: none for Local CPU, the
/// chosen NVML indices as CUDA_VISIBLE_DEVICES (in PCI bus order) for Local GPU.
QMap<QString, QString> deviceEnvironment(const RuntimeSpec &spec);

} // namespace Notebench::App
