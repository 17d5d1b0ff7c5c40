#pragma once

#include "gpu/gpusample.h"

#include <QLibrary>
#include <QString>

#include <memory>

namespace Notebench::Gpu {

/// The NVIDIA Management Library, opened at run time with QLibrary so that Notebench builds and
/// runs on machines without an NVIDIA driver: libnvidia-ml.so.1 on Linux, nvml.dll on Windows
/// (System32, else the NVSMI folder). Loading, the symbols and nvmlInit are checked once, at
/// construction; every NVML error becomes a sentence through nvmlErrorString. NVML itself is
/// thread-safe, but one instance is meant to be used from one thread.
class NvmlLibrary
{
public:
    /// Opens the platform's NVML.
    NvmlLibrary();
    /// Opens `fileName` (with `version` as QLibrary takes it, -1 for none): tests, odd installs.
    NvmlLibrary(const QString &fileName, int version);
    ~NvmlLibrary();
    NvmlLibrary(const NvmlLibrary &) = delete;
    NvmlLibrary &operator=(const NvmlLibrary &) = delete;

    /// Empty when NVML is loaded and initialised; otherwise why not, as a sentence.
    QString error() const { return m_error; }
    /// Every device now, with the driver version; `error` names what could not be read.
    GpuReading read() const;

private:
    struct Api;
    void open(const QString &fileName, int version);
    bool resolve();
    QString describe(int code) const;

    QLibrary m_library;
    QString m_shownName;
    std::unique_ptr<Api> m_api;
    bool m_initialised = false;
    QString m_error;
};

} // namespace Notebench::Gpu
