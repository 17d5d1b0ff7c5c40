#include "gpu/gpuinventory.h"

#include "gpu/nvmllibrary.h"

namespace Notebench::Gpu {

GpuInventory GpuInventory::probe()
{
    const NvmlLibrary nvml;
    return fromReading(nvml.read());
}

GpuInventory GpuInventory::probe(const QString &fileName, int version)
{
    const NvmlLibrary nvml(fileName, version);
    return fromReading(nvml.read());
}

GpuInventory GpuInventory::fromReading(const GpuReading &reading)
{
    GpuInventory inventory;
    inventory.devices = reading.devices;
    inventory.driverVersion = reading.driverVersion;
    if (reading.devices.isEmpty()) {
        inventory.unavailableReason = !reading.error.isEmpty()
                                          ? reading.error
                                          : QStringLiteral("No NVIDIA GPU found: the driver%1 reports no devices.")
                                                .arg(reading.driverVersion.isEmpty() ? QString()
                                                                                     : QLatin1Char(' ') + reading.driverVersion);
    }
    return inventory;
}

QString GpuInventory::selectionProblem(const QStringList &indices) const
{
    if (!unavailableReason.isEmpty())
        return unavailableReason;
    QList<int> present;
    QStringList spelled;
    for (const auto &device : devices) {
        present << device.index;
        spelled << QString::number(device.index);
    }
    for (const QString &index : indices) {
        bool ok = false;
        if (!present.contains(index.toInt(&ok)) || !ok)
            return QStringLiteral("There is no GPU %1 on this machine; its GPUs are %2.").arg(index, spelled.join(QStringLiteral(", ")));
    }
    return {};
}

} // namespace Notebench::Gpu
