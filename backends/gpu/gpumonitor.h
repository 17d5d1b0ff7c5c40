#pragma once

#include "gpu/gpusample.h"

#include <QObject>

namespace Notebench::Gpu {

/// Something that reads GPUs now and then and says when a new reading is in: NVML on this machine
/// (GpuPoller) or nvidia-smi on an SSH host (Ssh::RemoteGpuPoller). The status bar shows either
/// through this one shape.
class GpuMonitor : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    /// The last reading; empty devices and error until the first one arrives.
    const GpuReading &latest() const { return m_latest; }

signals:
    void changed();

protected:
    void publish(const GpuReading &reading)
    {
        m_latest = reading;
        emit changed();
    }

private:
    GpuReading m_latest;
};

} // namespace Notebench::Gpu
