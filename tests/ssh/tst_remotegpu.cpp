// GPU telemetry of an SSH host over the kernel's own connection: the real sshd (SshdFixture), the
// real agent and Debian's ipykernel. There is no GPU here, so the real nvidia-smi never runs: the
// host either has none (the reason must say so) or a stand-in script that prints nvidia-smi's real
// CSV format (the samples of tests/gpu/tst_nvidiasmi) and counts its calls.
#include "../completion/waitfor.h"
#include "cuttingproxy.h"
#include "sshdfixture.h"

#include "gpu/nvidiasmi.h"
#include "kernel/kernelclient.h"
#include "kernel/kernelsession.h"
#include "kernel/pendingrequest.h"
#include "ssh/remotegpupoller.h"
#include "ssh/sshprovisioner.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include <memory>

using namespace Notebench;

namespace {
// "index|name|uuid|util|used MiB|total MiB", "?" for unknown, as tst_nvidiasmi compares devices.
QStringList describe(const QList<Gpu::GpuSample> &devices)
{
    constexpr qint64 mib = 1024 * 1024;
    QStringList lines;
    for (const auto &s : devices) {
        auto opt = [](const auto &value, qint64 divisor) { return value ? QString::number(qint64(*value) / divisor) : QStringLiteral("?"); };
        lines << QStringLiteral("%1|%2|%3|%4|%5|%6")
                     .arg(s.index)
                     .arg(s.name, s.uuid, opt(s.utilisation, 1), opt(s.memoryUsed, mib), opt(s.memoryTotal, mib));
    }
    return lines;
}

// The stand-in's GPU0 uses 12390 MiB plus one for each time it ran.
constexpr int baseMib = 12390;

int calls(const Gpu::GpuReading &reading)
{
    const auto used = reading.devices.value(0).memoryUsed;
    return used ? int(*used / (1024 * 1024)) - baseMib : -1;
}

QStringList expectedDevices(int calls)
{
    return {QStringLiteral("0|NVIDIA H100 80GB HBM3|GPU-5d1e2a3b-0000-1111-2222-333344445555|37|%1|81559").arg(baseMib + calls),
            QStringLiteral("1|NVIDIA A100-SXM4-40GB MIG 1g.5gb|MIG-xyz|?|?|4864")};
}

// The agent processes that run this stand-in (the "host" is this machine): none may outlive the poller.
int agentsRunning(const QString &standIn)
{
    int count = 0;
#ifdef Q_OS_LINUX
    for (const QString &pid : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (cmdline.open(QIODevice::ReadOnly) && cmdline.readAll().split('\0').contains(standIn.toUtf8()))
            ++count;
    }
#else
    Q_UNUSED(standIn)
#endif
    return count;
}

/// The text of a cell's stream output as it arrives, with the time of each message.
struct StreamLog
{
    QString text;
    QList<qint64> arrivals;
    bool finished = false;
};
} // namespace

class TestRemoteGpu : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();
    void hostWithoutNvidiaSmiSaysWhy();
    void readingsArriveWhileACellPrints();
    void telemetryStartsAgainAfterAReconnect();

private:
    struct Running
    {
        std::unique_ptr<Kernel::KernelSession> session;
        Ssh::SshProvisioner *provisioner = nullptr;
    };
    /// The provisioner alone, for a poller to follow before the kernel starts (as the window does).
    Running makeKernel(const Ssh::SshTarget &target);
    bool startKernel(Running &running, QString *failure);
    void stopKernel(Running &running);

    Testing::SshdFixture m_sshd;
    QString m_standIn;
};

void TestRemoteGpu::initTestCase()
{
    qunsetenv("SSH_AUTH_SOCK"); // only the fixture's key, never the developer's agent
    const QString error = m_sshd.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    // It refuses any query but the parser's, so a drift between the agent and the parser fails here.
    m_standIn = m_sshd.path(QStringLiteral("nvidia-smi"));
    QFile script(m_standIn);
    QVERIFY(script.open(QIODevice::WriteOnly | QIODevice::Truncate));
    script.write(QStringLiteral("#!/bin/sh\n"
                                "if [ \"$*\" != \"%1\" ]; then echo \"unexpected arguments: $*\" >&2; exit 2; fi\n"
                                "n=$(cat \"$0.count\" 2>/dev/null || echo 0); n=$((n + 1)); echo $n > \"$0.count\"\n"
                                "echo \"0, NVIDIA H100 80GB HBM3, GPU-5d1e2a3b-0000-1111-2222-333344445555, 37, $((%2 + n)), 81559\"\n"
                                "echo \"1, NVIDIA A100-SXM4-40GB MIG 1g.5gb, MIG-xyz, [N/A], [Not Supported], 4864\"\n")
                     .arg(Gpu::nvidiaSmiQueryArguments().join(QLatin1Char(' ')))
                     .arg(baseMib)
                     .toUtf8());
    script.close();
    QVERIFY(script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
}

void TestRemoteGpu::init()
{
    QFile::remove(m_standIn + QStringLiteral(".count"));
}

void TestRemoteGpu::cleanup()
{
    m_sshd.stopRemoteSessions(); // whatever a failed test left running on the "host"
}

void TestRemoteGpu::cleanupTestCase()
{
    m_sshd.stop();
}

TestRemoteGpu::Running TestRemoteGpu::makeKernel(const Ssh::SshTarget &target)
{
    auto provisioner = std::make_unique<Ssh::SshProvisioner>(target);
    Running running;
    running.provisioner = provisioner.get();
    running.session = std::make_unique<Kernel::KernelSession>(std::move(provisioner));
    return running;
}

bool TestRemoteGpu::startKernel(Running &running, QString *failure)
{
    bool ready = false;
    bool died = false;
    auto *session = running.session.get();
    QObject::connect(session, &Kernel::KernelSession::ready, this, [&] { ready = true; });
    QObject::connect(session, &Kernel::KernelSession::died, this, [&](const Kernel::DeathReason &reason) {
        died = true;
        *failure = reason.text();
    });
    session->start({QStringLiteral("python3"), {}, {}, {}});
    if (!waitFor([&] { return ready || died; }, 60000))
        *failure = QStringLiteral("the kernel over SSH was neither ready nor dead after 60 s");
    QObject::disconnect(session, nullptr, this, nullptr);
    return ready;
}

void TestRemoteGpu::stopKernel(Running &running)
{
    QSignalSpy finished(running.session.get(), &Kernel::KernelSession::shutdownFinished);
    running.session->shutdown();
    QVERIFY2(finished.wait(30000), "shutdown over SSH did not finish");
}

void TestRemoteGpu::hostWithoutNvidiaSmiSaysWhy()
{
    // sshd's default PATH for a session: a real nvidia-smi there would make this host a GPU host.
    const QStringList sessionPath{QStringLiteral("/usr/local/sbin"), QStringLiteral("/usr/local/bin"), QStringLiteral("/usr/sbin"),
                                  QStringLiteral("/usr/bin"), QStringLiteral("/sbin"), QStringLiteral("/bin")};
    if (!QStandardPaths::findExecutable(QStringLiteral("nvidia-smi"), sessionPath).isEmpty())
        QSKIP("this machine has nvidia-smi: it is not a host without one");
    Running kernel = makeKernel(m_sshd.target());
    QString failure;
    QVERIFY2(startKernel(kernel, &failure), qPrintable(failure));

    // Made after the kernel is up: it finds the transport already connected.
    Ssh::RemoteGpuPoller poller(kernel.provisioner, 200);
    QSignalSpy changed(&poller, &Gpu::GpuMonitor::changed);
    WAIT_FOR(changed.size() >= 2, 20000, "no readings came from a host without nvidia-smi");
    const Gpu::GpuReading &reading = poller.latest();
    QVERIFY(reading.devices.isEmpty());
    QVERIFY(reading.noGpu);
    QCOMPARE(reading.error, QStringLiteral("No NVIDIA GPU on nbtest: nvidia-smi not found on this host."));

    // The kernel is untouched by it.
    auto *run = kernel.session->client()->execute(QStringLiteral("print(6 * 7)"));
    bool done = false;
    connect(run, &Kernel::PendingRequest::finished, this, [&] { done = true; });
    WAIT_FOR(done, 30000, "a cell beside the telemetry did not finish");
    QVERIFY2(run->failure().isEmpty(), qPrintable(run->failure()));
    stopKernel(kernel);
}

void TestRemoteGpu::readingsArriveWhileACellPrints()
{
    Running kernel = makeKernel(m_sshd.target());
    // Made before the kernel starts, as the window does: it waits for the transport's first stream.
    auto poller = std::make_unique<Ssh::RemoteGpuPoller>(kernel.provisioner, 200);
    poller->setNvidiaSmi(m_standIn);
    QElapsedTimer clock;
    clock.start();
    QList<qint64> readingsAt;
    connect(poller.get(), &Gpu::GpuMonitor::changed, this, [&] { readingsAt << clock.elapsed(); });
    QString failure;
    QVERIFY2(startKernel(kernel, &failure), qPrintable(failure));

    WAIT_FOR(poller->latest().devices.size() == 2, 20000, qPrintable(QStringLiteral("no stand-in reading arrived: %1").arg(poller->latest().error)));
    QVERIFY2(poller->latest().error.isEmpty(), qPrintable(poller->latest().error));
    const int first = calls(poller->latest());
    QVERIFY2(first >= 1, "the first reading is not the stand-in's");
    QCOMPARE(describe(poller->latest().devices), expectedDevices(first));
    WAIT_FOR(calls(poller->latest()) > first, 10000, "the readings did not update");
    QCOMPARE(describe(poller->latest().devices), expectedDevices(calls(poller->latest())));

    // A cell printing for 2 s while samples keep coming on the same connection.
    constexpr int lines = 40;
    StreamLog log;
    auto *run = kernel.session->client()->execute(
        QStringLiteral("import time\nfor i in range(%1):\n    print('line', i, flush=True)\n    time.sleep(0.05)").arg(lines));
    connect(run, &Kernel::PendingRequest::iopub, this, [&](const Protocol::Message &m) {
        if (m.msgType() == "stream") {
            log.text += QString::fromStdString(m.content.value("text", std::string()));
            log.arrivals << clock.elapsed();
        }
    });
    connect(run, &Kernel::PendingRequest::finished, this, [&] { log.finished = true; });
    WAIT_FOR(log.finished, 60000, "the cell did not finish while the telemetry ran");
    QVERIFY2(run->failure().isEmpty(), qPrintable(run->failure()));
    QString expected;
    for (int i = 0; i < lines; ++i)
        expected += QStringLiteral("line %1\n").arg(i);
    QCOMPARE(log.text, expected); // every line once, in order

    const qint64 began = log.arrivals.first();
    const qint64 ended = log.arrivals.last();
    const auto during = std::count_if(readingsAt.cbegin(), readingsAt.cend(), [&](qint64 t) { return t >= began && t <= ended; });
    qint64 widestGap = 0;
    for (qsizetype i = 1; i < log.arrivals.size(); ++i)
        widestGap = std::max(widestGap, log.arrivals[i] - log.arrivals[i - 1]);
    qInfo("the cell's output came over %lld ms in %lld messages (widest gap %lld ms), with %lld GPU readings among them",
          ended - began, qint64(log.arrivals.size()), widestGap, qint64(during));
    QVERIFY2(ended - began >= 1000, "the output came in one lump: the stream was held up");
    QVERIFY2(widestGap < 1500, "the kernel's output stalled beside the telemetry");
    QVERIFY2(during >= 3, "the telemetry stopped while the cell printed");

    // Gone with its poller: the agent on the host notices the closed channel at its next sample.
#ifdef Q_OS_LINUX
    QVERIFY2(agentsRunning(m_standIn) >= 1, "the agent's gpus is not seen running on the host");
#endif
    poller.reset();
    WAIT_FOR(agentsRunning(m_standIn) == 0, 10000, "the agent's gpus outlived its poller");
    stopKernel(kernel);
}

void TestRemoteGpu::telemetryStartsAgainAfterAReconnect()
{
    Testing::CuttingProxy proxy(m_sshd.port());
    QVERIFY(proxy.listen());
    m_sshd.addProxyAlias(proxy.port());
    Ssh::SshTarget target = m_sshd.target();
    target.host = QStringLiteral("nbproxy");
    Running kernel = makeKernel(target);
    Ssh::RemoteGpuPoller poller(kernel.provisioner, 200);
    poller.setNvidiaSmi(m_standIn);
    QList<Ssh::LinkState> states;
    connect(kernel.provisioner, &Ssh::SshProvisioner::linkStateChanged, this,
            [&states](Ssh::LinkState state, const QString &) { states << state; });
    QString failure;
    QVERIFY2(startKernel(kernel, &failure), qPrintable(failure));
    WAIT_FOR(poller.latest().devices.size() == 2, 20000, "no reading before the cut");

    proxy.cut(2000);
    WAIT_FOR(states.contains(Ssh::LinkState::Reconnecting), 20000, "the cut was not noticed");
    WAIT_FOR(states.last() == Ssh::LinkState::Connected, 40000, "the transport did not reconnect");
    // Readings after the reconnect are new runs of the stand-in on the new connection.
    const int before = calls(poller.latest());
    QSignalSpy changed(&poller, &Gpu::GpuMonitor::changed);
    WAIT_FOR(changed.size() >= 3, 20000, "the telemetry did not start again after the reconnect");
    QVERIFY2(poller.latest().error.isEmpty(), qPrintable(poller.latest().error));
    QVERIFY(calls(poller.latest()) > before);
    QVERIFY(proxy.connectionsAccepted() >= 2);
    stopKernel(kernel);
}

QTEST_GUILESS_MAIN(TestRemoteGpu)
#include "tst_remotegpu.moc"
