#pragma once

#include "kernel/deathreason.h"

#include <QMap>
#include <QObject>
#include <QString>
#include <QStringList>

namespace Notebench::Kernel {

class Transport;

/// What a backend can do, so the UI can show or hide actions without knowing the backend.
struct Capabilities
{
    bool interrupt = true;
    bool gpuTelemetry = false;
    bool remoteFiles = false;
    bool survivesDisconnect = false;
};

/// How interrupts reach the kernel (kernel.json "interrupt_mode").
enum class InterruptMode { Signal, Message };

struct LaunchOptions
{
    QString kernelName;                 ///< kernelspec name; empty = the backend's default
    QString workingDirectory;           ///< empty = the backend's default
    QMap<QString, QString> environment; ///< extra variables for the kernel process
    QStringList extraArguments;         ///< appended to the kernelspec's argv (jupyter_client extra_arguments)
};

/// Starts, interrupts and stops a kernel somewhere and hands back a Transport to it.
/// Local CPU and GPU are one provisioner with different device environments; SSH and Jupyter
/// Server are others. Each describes itself so the runtime chooser needs no special cases.
class Provisioner : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~Provisioner() override = default;

    virtual QString id() const = 0;
    virtual QString displayName() const = 0;
    virtual Capabilities capabilities() const = 0;
    /// Empty when the backend can be used; otherwise one sentence saying why not.
    virtual QString unavailableReason() const = 0;

    /// Launches; emits started() once transport() is usable, or startFailed().
    virtual void start(const LaunchOptions &options) = 0;
    /// The transport of the running kernel, owned by the provisioner; nullptr when not running.
    virtual Transport *transport() const = 0;
    virtual bool isRunning() const = 0;
    virtual InterruptMode interruptMode() const = 0;
    /// Signal-mode interrupt (SIGINT to the process group, or the Windows interrupt event).
    virtual void interrupt() = 0;
    /// Called after shutdown_request was sent: waits for exit, then escalates as jupyter_client does.
    virtual void finishShutdown() = 0;
    /// Kills at once.
    virtual void kill() = 0;
    /// Leaves the kernel running without this client, when the backend keeps it (and its output)
    /// for a later attach — an SSH host's agent does; false when it cannot, and kill() is due.
    virtual bool detach() { return false; }
    /// Language of the kernel, from its spec ("python", …).
    virtual QString language() const = 0;

signals:
    void started();
    void startFailed(const QString &reason);
    /// The kernel process ended, expectedly or not.
    void exited(const Notebench::Kernel::DeathReason &reason);
};

} // namespace Notebench::Kernel
