#pragma once

#include "gpu/gpumonitor.h"

class QThread;

namespace Notebench::Gpu {

/// Reads the chosen local GPUs through NVML every few seconds on a worker thread (a read can
/// stall while the driver wakes up, and the GUI thread never waits) and hands each reading to the
/// owner's thread by a queued signal. Stopping never waits for a read under way.
class GpuPoller : public GpuMonitor
{
    Q_OBJECT
public:
    /// Devices with these NVML indices; every device when `indices` is empty.
    explicit GpuPoller(QList<int> indices, int intervalMs = 2000, QObject *parent = nullptr);
    ~GpuPoller() override;

private:
    QThread *m_thread;
};

} // namespace Notebench::Gpu
