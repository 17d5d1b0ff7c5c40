#include "gpu/nvmllibrary.h"

#include <QDir>
#include <QFileInfo>
#include <QStringList>

#include <array>
#include <type_traits>

namespace Notebench::Gpu {

namespace {
// From the NVML API reference (nvml.h is not installed; these are the documented values).
constexpr int nvmlSuccess = 0;
constexpr int nvmlErrorNotSupported = 3;
constexpr unsigned textBufferSize = 96; // NVML_DEVICE_NAME_V2_BUFFER_SIZE, NVML_DEVICE_UUID_V2_BUFFER_SIZE

struct NvmlDeviceOpaque;
using NvmlDevice = NvmlDeviceOpaque *;
struct NvmlMemory // nvmlMemory_t
{
    unsigned long long total;
    unsigned long long free;
    unsigned long long used;
};
struct NvmlUtilization // nvmlUtilization_t
{
    unsigned int gpu;
    unsigned int memory;
};
} // namespace

struct NvmlLibrary::Api
{
    int (*init)() = nullptr;                                           // nvmlInit_v2
    int (*shutdown)() = nullptr;                                       // nvmlShutdown
    const char *(*errorString)(int) = nullptr;                         // nvmlErrorString
    int (*deviceCount)(unsigned int *) = nullptr;                      // nvmlDeviceGetCount_v2
    int (*handleByIndex)(unsigned int, NvmlDevice *) = nullptr;        // nvmlDeviceGetHandleByIndex_v2
    int (*name)(NvmlDevice, char *, unsigned int) = nullptr;           // nvmlDeviceGetName
    int (*uuid)(NvmlDevice, char *, unsigned int) = nullptr;           // nvmlDeviceGetUUID
    int (*memory)(NvmlDevice, NvmlMemory *) = nullptr;                 // nvmlDeviceGetMemoryInfo
    int (*utilization)(NvmlDevice, NvmlUtilization *) = nullptr;       // nvmlDeviceGetUtilizationRates
    int (*driverVersion)(char *, unsigned int) = nullptr;              // nvmlSystemGetDriverVersion
};

NvmlLibrary::NvmlLibrary()
    : m_api(std::make_unique<Api>())
{
#ifdef Q_OS_WIN
    // The driver puts nvml.dll in System32; older drivers only in the NVSMI folder.
    m_library.setFileName(QStringLiteral("nvml"));
    m_shownName = QStringLiteral("nvml.dll");
    if (!m_library.load()) {
        m_library.unload();
        const QString programFiles = qEnvironmentVariable("ProgramW6432", qEnvironmentVariable("ProgramFiles"));
        const QString nvsmi = QDir(programFiles).filePath(QStringLiteral("NVIDIA Corporation/NVSMI/nvml.dll"));
        if (!programFiles.isEmpty() && QFileInfo::exists(nvsmi)) {
            m_shownName = QDir::toNativeSeparators(nvsmi);
            open(nvsmi, -1);
            return;
        }
    }
    open(QStringLiteral("nvml"), -1);
#else
    open(QStringLiteral("nvidia-ml"), 1);
#endif
}

NvmlLibrary::NvmlLibrary(const QString &fileName, int version)
    : m_api(std::make_unique<Api>())
{
    open(fileName, version);
}

NvmlLibrary::~NvmlLibrary()
{
    if (m_initialised)
        m_api->shutdown();
    // QLibrary unloads only when every instance has let go; NVML stays mapped for other users.
    m_library.unload();
}

void NvmlLibrary::open(const QString &fileName, int version)
{
    if (version >= 0)
        m_library.setFileNameAndVersion(fileName, version);
    else
        m_library.setFileName(fileName);
    if (m_shownName.isEmpty()) {
        const QString base = QFileInfo(fileName).fileName();
#if defined(Q_OS_WIN)
        m_shownName = base.endsWith(QLatin1String(".dll"), Qt::CaseInsensitive) ? base : base + QLatin1String(".dll");
#elif defined(Q_OS_MACOS)
        m_shownName = base;
#else
        const QString so = base.startsWith(QLatin1String("lib")) || base.contains(QLatin1String(".so"))
                               ? base
                               : QStringLiteral("lib%1.so").arg(base);
        m_shownName = version >= 0 && !so.contains(QLatin1String(".so.")) ? QStringLiteral("%1.%2").arg(so).arg(version) : so;
#endif
    }
    if (!m_library.load()) {
        m_error = QStringLiteral("No NVIDIA driver found: %1 could not be loaded. Install the NVIDIA driver to run on a local GPU.")
                      .arg(m_shownName);
        return;
    }
    if (!resolve())
        return;
    if (const int code = m_api->init(); code != nvmlSuccess) {
        m_error = QStringLiteral("The NVIDIA driver could not be started: %1.").arg(describe(code));
        return;
    }
    m_initialised = true;
}

bool NvmlLibrary::resolve()
{
    QStringList missing;
    // Every symbol is a documented NVML entry point; a library without them is not NVML (or too old).
    auto bind = [&](auto &pointer, const char *symbol) {
        pointer = reinterpret_cast<std::remove_reference_t<decltype(pointer)>>(m_library.resolve(symbol));
        if (!pointer)
            missing << QString::fromLatin1(symbol);
    };
    bind(m_api->init, "nvmlInit_v2");
    bind(m_api->shutdown, "nvmlShutdown");
    bind(m_api->errorString, "nvmlErrorString");
    bind(m_api->deviceCount, "nvmlDeviceGetCount_v2");
    bind(m_api->handleByIndex, "nvmlDeviceGetHandleByIndex_v2");
    bind(m_api->name, "nvmlDeviceGetName");
    bind(m_api->uuid, "nvmlDeviceGetUUID");
    bind(m_api->memory, "nvmlDeviceGetMemoryInfo");
    bind(m_api->utilization, "nvmlDeviceGetUtilizationRates");
    bind(m_api->driverVersion, "nvmlSystemGetDriverVersion");
    if (missing.isEmpty())
        return true;
    m_error = QStringLiteral("%1 is not a usable NVIDIA Management Library: it lacks %2. Update the NVIDIA driver.")
                  .arg(m_shownName, missing.join(QStringLiteral(", ")));
    return false;
}

QString NvmlLibrary::describe(int code) const
{
    const char *text = m_api->errorString ? m_api->errorString(code) : nullptr;
    const QString sentence = text ? QString::fromUtf8(text) : QString();
    return sentence.isEmpty() ? QStringLiteral("NVML error %1").arg(code) : sentence;
}

GpuReading NvmlLibrary::read() const
{
    GpuReading reading;
    if (!m_initialised) {
        reading.error = m_error;
        return reading;
    }
    std::array<char, textBufferSize> text{};
    if (m_api->driverVersion(text.data(), unsigned(text.size())) == nvmlSuccess)
        reading.driverVersion = QString::fromUtf8(text.data());
    unsigned int count = 0;
    if (const int code = m_api->deviceCount(&count); code != nvmlSuccess) {
        reading.error = QStringLiteral("The NVIDIA driver could not count its GPUs: %1.").arg(describe(code));
        return reading;
    }
    QStringList problems;
    for (unsigned int index = 0; index < count; ++index) {
        NvmlDevice device = nullptr;
        if (const int code = m_api->handleByIndex(index, &device); code != nvmlSuccess) {
            problems << QStringLiteral("GPU %1 cannot be read: %2.").arg(index).arg(describe(code));
            continue;
        }
        GpuSample sample;
        sample.index = int(index);
        text.fill('\0');
        if (m_api->name(device, text.data(), unsigned(text.size())) == nvmlSuccess)
            sample.name = QString::fromUtf8(text.data());
        text.fill('\0');
        if (m_api->uuid(device, text.data(), unsigned(text.size())) == nvmlSuccess)
            sample.uuid = QString::fromUtf8(text.data());
        NvmlMemory memory{};
        if (m_api->memory(device, &memory) == nvmlSuccess) {
            sample.memoryUsed = qint64(memory.used);
            sample.memoryTotal = qint64(memory.total);
        }
        NvmlUtilization utilization{};
        // MIG instances and some boards answer NOT_SUPPORTED: the value stays unknown, not an error.
        if (const int code = m_api->utilization(device, &utilization); code == nvmlSuccess)
            sample.utilisation = int(utilization.gpu);
        else if (code != nvmlErrorNotSupported)
            problems << QStringLiteral("GPU %1's utilisation cannot be read: %2.").arg(index).arg(describe(code));
        reading.devices << sample;
    }
    reading.error = problems.join(QLatin1Char(' '));
    return reading;
}

} // namespace Notebench::Gpu
