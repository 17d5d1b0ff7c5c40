#pragma once

#include "gpu/gpusample.h"

#include <QStringList>

namespace Notebench::Gpu {

/// The GPUs of this machine at one moment, or why there are none: what the runtime chooser lists
/// and what `--runtime local-gpu:IDS` is checked against. Probing opens NVML, so it belongs on a
/// worker thread in the window (nvmlInit can take a second on a cold driver).
struct GpuInventory
{
    QList<GpuSample> devices;
    QString driverVersion;
    QString unavailableReason; ///< empty when at least one GPU is usable

    /// Opens the platform's NVML, reads every device, and closes it again.
    static GpuInventory probe();
    /// The same with another library file (see NvmlLibrary).
    static GpuInventory probe(const QString &fileName, int version);
    /// What a reading says about availability: its devices, or its error as the reason.
    static GpuInventory fromReading(const GpuReading &reading);

    /// Empty when each index in `indices` (every GPU when empty) names a device here; otherwise
    /// why not, as a sentence.
    QString selectionProblem(const QStringList &indices) const;
};

} // namespace Notebench::Gpu
