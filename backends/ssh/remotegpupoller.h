#pragma once

#include "gpu/gpumonitor.h"
#include "ssh/sshtarget.h"

#include <QPointer>
#include <QTimer>

namespace Notebench::Ssh {

class SshConnection;
class SshProvisioner;

/// The GPUs of an SSH runtime's host, read over the connection its kernel uses: the agent's
/// `gpus --every` runs on a watch channel beside the kernel's stream (a blocking command would
/// hold up the kernel's output), and each JSON line it prints becomes a reading. It follows the
/// provisioner's transport, so a reconnect or a kernel restart (a new connection) starts the
/// telemetry again there. A host without nvidia-smi gives a reading with noGpu and the reason.
class RemoteGpuPoller : public Gpu::GpuMonitor
{
    Q_OBJECT
public:
    explicit RemoteGpuPoller(SshProvisioner *provisioner, int intervalMs = 2000, QObject *parent = nullptr);
    ~RemoteGpuPoller() override;

    /// The nvidia-smi the agent runs (default: the one on the host's PATH): an odd install, or a
    /// test's stand-in. Takes effect at the next (re)start of the telemetry.
    void setNvidiaSmi(const QString &program) { m_nvidiaSmi = program; }

private:
    /// Watches on the transport's current connection, unless it already does.
    void follow();
    void stopWatching();
    void onData(int id, const QByteArray &bytes);
    void onClosed(int id, int exitStatus, const SshError &error);
    void onLine(const QByteArray &line);
    Gpu::GpuReading failure(const QString &why) const;

    QPointer<SshProvisioner> m_provisioner;
    QPointer<SshConnection> m_connection;
    QString m_host;
    QString m_nvidiaSmi;
    int m_intervalMs;
    int m_watch = 0;
    QByteArray m_pending; // the unfinished line
    QTimer m_retry;
};

} // namespace Notebench::Ssh
