// NVML loaded at run time: on a machine without the NVIDIA driver it reports why, as a sentence,
// and never crashes; with a driver (the lead's GPU machine) it lists real devices.
#include "gpu/gpuinventory.h"
#include "gpu/gpupoller.h"
#include "gpu/nvmllibrary.h"

#include <QLibrary>
#include <QSignalSpy>
#include <QTest>

using namespace Notebench::Gpu;

class TestNvml : public QObject
{
    Q_OBJECT
private slots:
    void platformLibrary();
    void missingFileIsNoDriver();
    void libraryWithoutNvmlSymbols();
    void pollerReportsOffTheGuiThread();
};

void TestNvml::platformLibrary()
{
#if !defined(Q_OS_WIN) && !defined(Q_OS_LINUX)
    QSKIP("NVIDIA drivers exist for Linux and Windows only");
#else
    const GpuInventory inventory = GpuInventory::probe();
#if defined(Q_OS_WIN)
    QLibrary plain(QStringLiteral("nvml"));
    const QString expected = QStringLiteral("No NVIDIA driver found: nvml.dll could not be loaded. Install the NVIDIA driver to run on a local GPU.");
#else
    QLibrary plain(QStringLiteral("nvidia-ml"), 1);
    const QString expected = QStringLiteral("No NVIDIA driver found: libnvidia-ml.so.1 could not be loaded. Install the NVIDIA driver to run on a local GPU.");
#endif
    const bool loadable = plain.load();
    if (!loadable) {
        QCOMPARE(inventory.unavailableReason, expected);
        QVERIFY(inventory.devices.isEmpty());
        QCOMPARE(inventory.selectionProblem({QStringLiteral("0")}), expected);
        return;
    }
    plain.unload();
    if (!inventory.unavailableReason.isEmpty()) {
        // A driver without a usable GPU: the sentence says which part failed.
        QVERIFY2(inventory.unavailableReason.startsWith(QStringLiteral("The NVIDIA driver"))
                     || inventory.unavailableReason.startsWith(QStringLiteral("No NVIDIA GPU found")),
                 qPrintable(inventory.unavailableReason));
        return;
    }
    QVERIFY(!inventory.driverVersion.isEmpty());
    for (const auto &device : inventory.devices) {
        QVERIFY2(!device.name.isEmpty(), qPrintable(QStringLiteral("GPU %1 has no name").arg(device.index)));
        QVERIFY2(device.uuid.startsWith(QStringLiteral("GPU-")) || device.uuid.startsWith(QStringLiteral("MIG-")), qPrintable(device.uuid));
        QVERIFY(device.memoryTotal && *device.memoryTotal > 0);
        QVERIFY(device.memoryUsed && *device.memoryUsed <= *device.memoryTotal);
    }
    QCOMPARE(inventory.selectionProblem({QStringLiteral("0")}), QString());
    QVERIFY(inventory.selectionProblem({QStringLiteral("4096")}).startsWith(QStringLiteral("There is no GPU 4096")));
#endif
}

void TestNvml::missingFileIsNoDriver()
{
    const NvmlLibrary nvml(QStringLiteral("/nonexistent/folder/libnvidia-ml.so.1"), -1);
    QVERIFY2(nvml.error().startsWith(QStringLiteral("No NVIDIA driver found: libnvidia-ml.so.1"))
                 && nvml.error().endsWith(QStringLiteral(" could not be loaded. Install the NVIDIA driver to run on a local GPU.")),
             qPrintable(nvml.error()));
    const GpuReading reading = nvml.read();
    QVERIFY(reading.devices.isEmpty());
    QCOMPARE(reading.error, nvml.error());
}

void TestNvml::libraryWithoutNvmlSymbols()
{
    // A real library that loads but is not NVML.
#if defined(Q_OS_WIN)
    const NvmlLibrary nvml(QStringLiteral("kernel32"), -1);
    const QString name = QStringLiteral("kernel32.dll");
#elif defined(Q_OS_LINUX)
    const NvmlLibrary nvml(QStringLiteral("m"), 6);
    const QString name = QStringLiteral("libm.so.6");
#endif
#if defined(Q_OS_WIN) || defined(Q_OS_LINUX)
    QVERIFY2(nvml.error().startsWith(name + QStringLiteral(" is not a usable NVIDIA Management Library: it lacks nvmlInit_v2, "
                                                           "nvmlShutdown, nvmlErrorString, nvmlDeviceGetCount_v2")),
             qPrintable(nvml.error()));
    QVERIFY(nvml.error().endsWith(QStringLiteral("nvmlSystemGetDriverVersion. Update the NVIDIA driver.")));
    const GpuInventory inventory = GpuInventory::fromReading(nvml.read());
    QCOMPARE(inventory.unavailableReason, nvml.error());
#else
    QSKIP("needs a library every machine of this platform has");
#endif
}

void TestNvml::pollerReportsOffTheGuiThread()
{
    auto *poller = new GpuPoller({0}, 50);
    QSignalSpy changed(poller, &GpuPoller::changed);
    QVERIFY2(changed.wait(10000), "no GPU reading within 10 s");
    QVERIFY2(changed.count() >= 1 && (changed.wait(2000) || changed.count() >= 2), "the poller did not read again");
    const GpuReading &reading = poller->latest();
    if (reading.devices.isEmpty()) {
        QVERIFY2(!reading.error.isEmpty(), "no devices and no reason");
    } else {
        QCOMPARE(reading.devices.size(), 1);
        QCOMPARE(reading.devices.first().index, 0);
    }
    delete poller; // returns at once; the worker thread ends by itself
    QTest::qWait(200);
}

QTEST_GUILESS_MAIN(TestNvml)
#include "tst_nvml.moc"
