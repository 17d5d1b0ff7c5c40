#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace Notebench::Gpu {

/// One GPU at one moment, as NVML or `nvidia-smi --query-gpu` reports it. A value the device
/// does not report ("[N/A]", NVML_ERROR_NOT_SUPPORTED) stays empty rather than zero.
struct GpuSample
{
    int index = -1;                      ///< NVML / nvidia-smi index (PCI bus order)
    QString name;
    QString uuid;                        ///< "GPU-…" (or "MIG-…")
    std::optional<int> utilisation;      ///< percent of time a kernel ran, 0–100
    std::optional<qint64> memoryUsed;    ///< bytes
    std::optional<qint64> memoryTotal;   ///< bytes

    bool operator==(const GpuSample &) const = default;
};

/// Every device of one reading, or why there is none.
struct GpuReading
{
    QList<GpuSample> devices;
    QString driverVersion;
    QString error; ///< a sentence; empty when the reading succeeded
    /// The machine has no NVIDIA GPU to read (no nvidia-smi there): not a fault, so nothing to
    /// show beyond `error`'s reason.
    bool noGpu = false;
};

/// "GPU0 37% 12.1/80 GB"; several devices joined by "  ·  "; unknown values as "–".
QString compactText(const QList<GpuSample> &samples);
/// One line per device with its name and UUID, for a tooltip.
QString detailText(const QList<GpuSample> &samples);

} // namespace Notebench::Gpu

Q_DECLARE_METATYPE(Notebench::Gpu::GpuReading)
