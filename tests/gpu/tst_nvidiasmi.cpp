// The nvidia-smi CSV parser against real and broken outputs: what a remote host's GPUs look like.
#include "gpu/gpuinventory.h"
#include "gpu/nvidiasmi.h"

#include <QTest>

using namespace Notebench::Gpu;

namespace {
constexpr qint64 mib = 1024 * 1024;

// A device as a compact line for comparing: "index|name|uuid|util|used MiB|total MiB", "?" for unknown.
QString describe(const GpuSample &s)
{
    auto opt = [](const auto &value, qint64 divisor) {
        return value ? QString::number(qint64(*value) / divisor) : QStringLiteral("?");
    };
    return QStringLiteral("%1|%2|%3|%4|%5|%6")
        .arg(s.index)
        .arg(s.name, s.uuid, opt(s.utilisation, 1), opt(s.memoryUsed, mib), opt(s.memoryTotal, mib));
}
} // namespace

class TestNvidiaSmi : public QObject
{
    Q_OBJECT
private slots:
    void parse_data();
    void parse();
    void oversizedOutputIsBounded();
    void queryArgumentsMatchTheParser();
    void compactText();
};

void TestNvidiaSmi::parse_data()
{
    QTest::addColumn<QByteArray>("output");
    QTest::addColumn<QStringList>("devices");
    QTest::addColumn<QString>("error"); // a fragment of the error; empty: no error at all

    QTest::newRow("one H100") << QByteArray("0, NVIDIA H100 80GB HBM3, GPU-5d1e2a3b-0000-1111-2222-333344445555, 37, 12390, 81559\n")
                              << QStringList{"0|NVIDIA H100 80GB HBM3|GPU-5d1e2a3b-0000-1111-2222-333344445555|37|12390|81559"}
                              << QString();
    QTest::newRow("two, CRLF, no final newline")
        << QByteArray("0, Tesla T4, GPU-aaa, 0, 3, 15360\r\n1, Tesla T4, GPU-bbb, 100, 15000, 15360")
        << QStringList{"0|Tesla T4|GPU-aaa|0|3|15360", "1|Tesla T4|GPU-bbb|100|15000|15360"} << QString();
    QTest::newRow("N/A and Not Supported") << QByteArray("0, NVIDIA A100-SXM4-40GB MIG 1g.5gb, MIG-xyz, [N/A], [Not Supported], 4864\n")
                                           << QStringList{"0|NVIDIA A100-SXM4-40GB MIG 1g.5gb|MIG-xyz|?|?|4864"} << QString();
    QTest::newRow("extra spaces and tabs") << QByteArray("   0 ,\tGeForce RTX 4090 ,  GPU-c  ,  99 ,  1024 ,  24564   \n\n")
                                           << QStringList{"0|GeForce RTX 4090|GPU-c|99|1024|24564"} << QString();
    QTest::newRow("units left on") << QByteArray("0, L4, GPU-d, 12 %, 100 MiB, 23034 MiB\n")
                                   << QStringList{"0|L4|GPU-d|12|100|23034"} << QString();
    QTest::newRow("comma in name") << QByteArray("2, Odd, Board, GPU-e, 5, 1, 2\n") << QStringList{"2|Odd, Board|GPU-e|5|1|2"}
                                   << QString();
    QTest::newRow("missing columns") << QByteArray("0, Tesla T4, GPU-aaa, 0\n1, Tesla T4, GPU-bbb, 1, 2, 3\n")
                                     << QStringList{"1|Tesla T4|GPU-bbb|1|2|3"} << QStringLiteral("not a GPU: \"0, Tesla T4, GPU-aaa, 0\"");
    QTest::newRow("driver failure message")
        << QByteArray("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest "
                      "NVIDIA driver is installed and running.\n")
        << QStringList{} << QStringLiteral("NVIDIA-SMI has failed");
    QTest::newRow("header line") << QByteArray("index, name, uuid, utilization.gpu [%], memory.used [MiB], memory.total [MiB]\n"
                                               "0, T4, GPU-a, 1, 2, 3\n")
                                 << QStringList{"0|T4|GPU-a|1|2|3"} << QStringLiteral("not a GPU");
    QTest::newRow("empty") << QByteArray() << QStringList{} << QString();
    QTest::newRow("only blank lines") << QByteArray("\n  \n\r\n") << QStringList{} << QString();
    QTest::newRow("garbage numbers") << QByteArray("0, T4, GPU-a, 250, -4, 1e400\n")
                                     << QStringList{"0|T4|GPU-a|?|?|?"} << QString();
    QTest::newRow("negative index") << QByteArray("-1, T4, GPU-a, 1, 2, 3\n") << QStringList{} << QStringLiteral("not a GPU");
    QTest::newRow("duplicate index") << QByteArray("0, T4, GPU-a, 1, 2, 3\n0, T4, GPU-b, 1, 2, 3\n")
                                     << QStringList{"0|T4|GPU-a|1|2|3"} << QStringLiteral("GPU 0 twice");
    QTest::newRow("binary junk") << QByteArray("\x01\xff\xfe,\x00,,,,,\n", 11) << QStringList{} << QStringLiteral("not a GPU");
    QTest::newRow("unknown name and uuid") << QByteArray("3, [N/A], [N/A], 1, 2, 3\n") << QStringList{"3|||1|2|3"} << QString();
}

void TestNvidiaSmi::parse()
{
    QFETCH(QByteArray, output);
    QFETCH(QStringList, devices);
    QFETCH(QString, error);
    const GpuReading reading = parseNvidiaSmiCsv(output);
    QStringList got;
    for (const auto &device : reading.devices)
        got << describe(device);
    QCOMPARE(got, devices);
    if (error.isEmpty())
        QVERIFY2(reading.error.isEmpty(), qPrintable(reading.error));
    else
        QVERIFY2(reading.error.contains(error), qPrintable(reading.error));
}

void TestNvidiaSmi::oversizedOutputIsBounded()
{
    QByteArray output;
    for (int i = 0; i < 5000; ++i)
        output += QByteArray::number(i) + ", T4, GPU-" + QByteArray::number(i) + ", 1, 2, 3\n";
    output += QByteArray(1 << 20, 'x'); // a megabyte on one line
    const GpuReading reading = parseNvidiaSmiCsv(output);
    QCOMPARE(reading.devices.size(), 256);
    QVERIFY(reading.error.contains(QStringLiteral("more than 256 GPUs")));
}

void TestNvidiaSmi::queryArgumentsMatchTheParser()
{
    const QString arguments = nvidiaSmiQueryArguments().join(QLatin1Char(' '));
    QCOMPARE(arguments, QStringLiteral("--query-gpu=index,name,uuid,utilization.gpu,memory.used,memory.total "
                                       "--format=csv,noheader,nounits"));
}

void TestNvidiaSmi::compactText()
{
    const auto reading = parseNvidiaSmiCsv("0, NVIDIA H100 80GB HBM3, GPU-1, 37, 12390, 81920\n1, T4, GPU-2, [N/A], 512, [N/A]\n");
    QCOMPARE(Notebench::Gpu::compactText(reading.devices), QStringLiteral("GPU0 37% 12.1/80 GB  ·  GPU1 –% 0.5/– GB"));
    const QString details = detailText(reading.devices);
    QVERIFY2(details.contains(QStringLiteral("GPU0: NVIDIA H100 80GB HBM3 (GPU-1)")), qPrintable(details));
    QVERIFY2(details.contains(QStringLiteral("GPU1: T4 (GPU-2) — unknown busy")), qPrintable(details));

    // The same reading decides availability as NVML's does.
    const auto inventory = GpuInventory::fromReading(reading);
    QVERIFY(inventory.unavailableReason.isEmpty());
    QCOMPARE(inventory.selectionProblem({QStringLiteral("1")}), QString());
    QCOMPARE(inventory.selectionProblem({QStringLiteral("0"), QStringLiteral("2")}),
             QStringLiteral("There is no GPU 2 on this machine; its GPUs are 0, 1."));
    const auto none = GpuInventory::fromReading(parseNvidiaSmiCsv(QByteArray()));
    QCOMPARE(none.unavailableReason, QStringLiteral("No NVIDIA GPU found: the driver reports no devices."));
    QCOMPARE(none.selectionProblem({}), none.unavailableReason);
}

QTEST_GUILESS_MAIN(TestNvidiaSmi)
#include "tst_nvidiasmi.moc"
