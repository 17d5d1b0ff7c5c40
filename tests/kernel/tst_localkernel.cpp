// The kernel interface end to end against Debian's real ipykernel, started by LocalProvisioner.
#include "requestoutcome.h"

#include "kernel/kernelclient.h"
#include "kernel/kernelsession.h"
#include "local/localprovisioner.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <fstream>
#include <memory>

using namespace Notebench;

namespace {
using Testing::Outcome;
using Testing::track;

std::string replyStatus(const Outcome &outcome)
{
    return outcome.reply.value("status", std::string());
}
} // namespace

class TestLocalKernel : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void kernelInfo();
    void executeStreamsAndResult();
    void executeError();
    void stdinInputRequest();
    void completeInspectIsComplete();
    void history();
    void usage();
    void interruptBySignal();
    void interruptByMessage();
    void restartLosesState();
    void cpuModeHidesGpus();
    void restartOnAnotherProvisioner();
    void killedKernelReportedDead();
    void shutdownEscalation();
    void shutdownDuringRestartStays();
    void restartWhileStarting();
    void unknownKernelNamesWhatExists();

private:
    void startSession(Local::DeviceSelection devices = {}, Protocol::KernelSpecFinder finder = Protocol::KernelSpecFinder(), QString kernel = {});
    std::shared_ptr<Outcome> execute(const QString &code, int timeoutMs = 20000);

    std::unique_ptr<Kernel::KernelSession> m_session;
    QTemporaryDir m_specDir;
};

void TestLocalKernel::init()
{
    startSession();
}

void TestLocalKernel::cleanup()
{
    m_session.reset();
}

void TestLocalKernel::startSession(Local::DeviceSelection devices, Protocol::KernelSpecFinder finder, QString kernel)
{
    m_session.reset();
    m_session = std::make_unique<Kernel::KernelSession>(
        std::make_unique<Local::LocalProvisioner>(std::move(devices), std::move(finder)));
    QSignalSpy ready(m_session.get(), &Kernel::KernelSession::ready);
    QSignalSpy died(m_session.get(), &Kernel::KernelSession::died);
    m_session->start({kernel, QDir::tempPath(), {}, {}});
    QTRY_VERIFY2_WITH_TIMEOUT(ready.count() == 1 || died.count() == 1,
                              "the python3 kernel did not become ready within 60 s", 60000);
    QVERIFY2(died.isEmpty(), qPrintable(m_session->deathReason().text()));
    // The last readiness nudges may still be answered, so the kernel can be busy for a moment.
    QTRY_VERIFY2_WITH_TIMEOUT(m_session->state() == Kernel::KernelState::Idle,
                              "the ready kernel did not settle to idle", 5000);
}

std::shared_ptr<Outcome> TestLocalKernel::execute(const QString &code, int timeoutMs)
{
    auto outcome = track(m_session->client()->execute(code));
    // The callers check outcome->finished, each with a message of its own.
    [[maybe_unused]] const bool finished = QTest::qWaitFor([&] { return outcome->finished; }, timeoutMs);
    return outcome;
}

void TestLocalKernel::kernelInfo()
{
    const auto &info = m_session->kernelInfo();
    QCOMPARE(info["language_info"]["name"].get<std::string>(), std::string("python"));
    QVERIFY(info["protocol_version"].get<std::string>().starts_with("5."));
    auto outcome = track(m_session->client()->kernelInfo());
    QTRY_VERIFY2_WITH_TIMEOUT(outcome->finished, "no kernel_info_reply within 10 s", 10000);
    QCOMPARE(replyStatus(*outcome), std::string("ok"));
    QCOMPARE(m_session->provisioner()->language(), QStringLiteral("python"));
}

void TestLocalKernel::executeStreamsAndResult()
{
    const auto outcome = execute(QStringLiteral("import sys\nprint('out')\nprint('err', file=sys.stderr)\n6*7"));
    QVERIFY2(outcome->finished, "execute did not finish within 20 s");
    QCOMPARE(replyStatus(*outcome), std::string("ok"));
    QVERIFY(outcome->streamText().contains(QStringLiteral("out\n")));
    QVERIFY(outcome->streamText().contains(QStringLiteral("err\n")));
    const auto *result = outcome->first("execute_result");
    QVERIFY(result);
    QCOMPARE(result->content["data"]["text/plain"].get<std::string>(), std::string("42"));
    QVERIFY(outcome->first("execute_input"));
    // The done rule: the last IOPub message seen is the idle status.
    QCOMPARE(outcome->iopub.back().msgType(), std::string("status"));
    QCOMPARE(outcome->iopub.back().content["execution_state"].get<std::string>(), std::string("idle"));
}

void TestLocalKernel::executeError()
{
    const auto outcome = execute(QStringLiteral("1/0"));
    QCOMPARE(replyStatus(*outcome), std::string("error"));
    QCOMPARE(outcome->reply["ename"].get<std::string>(), std::string("ZeroDivisionError"));
    const auto *error = outcome->first("error");
    QVERIFY(error);
    QVERIFY(error->content["traceback"].size() > 0);
}

void TestLocalKernel::stdinInputRequest()
{
    auto *request = m_session->client()->execute(QStringLiteral("name = input('Name? ')\nprint('hello', name)"));
    auto outcome = track(request);
    QString prompt;
    connect(request, &Kernel::PendingRequest::inputRequested, this,
            [&](const QString &text, bool password, const Protocol::Message &inputRequest) {
                prompt = text;
                QVERIFY(!password);
                m_session->client()->sendInputReply(inputRequest, QStringLiteral("Ada"));
            });
    QTRY_VERIFY2_WITH_TIMEOUT(outcome->finished, "input() was not answered within 20 s", 20000);
    QCOMPARE(prompt, QStringLiteral("Name? "));
    QCOMPARE(replyStatus(*outcome), std::string("ok"));
    QVERIFY2(outcome->streamText().contains(QStringLiteral("hello Ada")), qPrintable(outcome->streamText()));
}

void TestLocalKernel::completeInspectIsComplete()
{
    execute(QStringLiteral("import os"));
    // cursor_pos counts code points: "α = 1; os.pa" has 12 of them (13 UTF-8 bytes).
    const QString code = QString::fromUtf8("α = 1; os.pa");
    auto completion = track(m_session->client()->complete(code, 12));
    QTRY_VERIFY2_WITH_TIMEOUT(completion->finished, "no complete_reply within 10 s", 10000);
    QCOMPARE(replyStatus(*completion), std::string("ok"));
    const auto &matches = completion->reply["matches"];
    QVERIFY(std::find(matches.begin(), matches.end(), "os.path") != matches.end()
            || std::find(matches.begin(), matches.end(), "path") != matches.end());
    QCOMPARE(completion->reply["cursor_end"].get<int>(), 12);

    auto inspection = track(m_session->client()->inspect(QStringLiteral("len"), 3));
    QTRY_VERIFY2_WITH_TIMEOUT(inspection->finished, "no inspect_reply within 10 s", 10000);
    QCOMPARE(inspection->reply["found"].get<bool>(), true);
    QVERIFY(inspection->reply["data"]["text/plain"].get<std::string>().find("len") != std::string::npos);

    auto incomplete = track(m_session->client()->isComplete(QStringLiteral("for i in range(3):")));
    QTRY_VERIFY2_WITH_TIMEOUT(incomplete->finished, "no is_complete_reply within 10 s", 10000);
    QCOMPARE(replyStatus(*incomplete), std::string("incomplete"));
    QCOMPARE(incomplete->reply["indent"].get<std::string>(), std::string("    "));
    auto complete = track(m_session->client()->isComplete(QStringLiteral("x = 1")));
    QTRY_VERIFY2_WITH_TIMEOUT(complete->finished, "no is_complete_reply within 10 s", 10000);
    QCOMPARE(replyStatus(*complete), std::string("complete"));
}

void TestLocalKernel::history()
{
    execute(QStringLiteral("notebench_marker = 314"));
    auto outcome = track(m_session->client()->history(
        {{"hist_access_type", "tail"}, {"n", 5}, {"output", false}, {"raw", true}}));
    QTRY_VERIFY2_WITH_TIMEOUT(outcome->finished, "no history_reply within 10 s", 10000);
    QCOMPARE(replyStatus(*outcome), std::string("ok"));
    QVERIFY2(outcome->reply["history"].dump().find("notebench_marker = 314") != std::string::npos,
             outcome->reply.dump().c_str());
}

void TestLocalKernel::usage()
{
    auto outcome = track(m_session->client()->usage());
    QTRY_VERIFY2_WITH_TIMEOUT(outcome->finished, "no usage_reply within 10 s", 10000);
    QVERIFY2(outcome->reply.contains("kernel_memory"), outcome->reply.dump().c_str());
    QVERIFY(outcome->reply["kernel_memory"].get<double>() > 0);
}

void TestLocalKernel::interruptBySignal()
{
    QCOMPARE(m_session->provisioner()->interruptMode(), Kernel::InterruptMode::Signal);
    auto outcome = track(m_session->client()->execute(QStringLiteral("import time\ntime.sleep(60)")));
    QTRY_VERIFY2_WITH_TIMEOUT(m_session->state() == Kernel::KernelState::Busy, "the kernel never became busy", 10000);
    QTest::qWait(300); // let the cell reach sleep()
    m_session->interrupt();
    QTRY_VERIFY2_WITH_TIMEOUT(outcome->finished, "the interrupted cell did not finish within 10 s", 10000);
    QCOMPARE(replyStatus(*outcome), std::string("error"));
    QCOMPARE(outcome->reply["ename"].get<std::string>(), std::string("KeyboardInterrupt"));
    // The kernel survives an interrupt.
    QCOMPARE(replyStatus(*execute(QStringLiteral("1"))), std::string("ok"));
}

void TestLocalKernel::interruptByMessage()
{
    QVERIFY(m_specDir.isValid());
    const auto dir = std::filesystem::path(m_specDir.path().toStdString()) / "kernels" / "py-message";
    std::filesystem::create_directories(dir);
    // Debian's python3 kernel, with message interrupts.
    const auto python = Protocol::KernelSpecFinder().find("python3");
    QVERIFY2(python.spec, python.error.c_str());
    const nlohmann::json spec{{"argv", python.spec->argv},
                              {"display_name", "Python (message interrupts)"},
                              {"language", "python"},
                              {"interrupt_mode", "message"}};
    std::ofstream(dir / "kernel.json") << spec.dump();
    startSession({}, Protocol::KernelSpecFinder({m_specDir.path().toStdString()}), QStringLiteral("py-message"));
    QCOMPARE(m_session->provisioner()->interruptMode(), Kernel::InterruptMode::Message);
    auto outcome = track(m_session->client()->execute(QStringLiteral("import time\ntime.sleep(60)")));
    QTRY_VERIFY2_WITH_TIMEOUT(m_session->state() == Kernel::KernelState::Busy, "the kernel never became busy", 10000);
    QTest::qWait(300);
    m_session->interrupt();
    QTRY_VERIFY2_WITH_TIMEOUT(outcome->finished, "the interrupted cell did not finish within 10 s", 10000);
    QCOMPARE(outcome->reply["ename"].get<std::string>(), std::string("KeyboardInterrupt"));
}

void TestLocalKernel::restartLosesState()
{
    QCOMPARE(replyStatus(*execute(QStringLiteral("kept = 1"))), std::string("ok"));
    const qint64 oldPid = static_cast<Local::LocalProvisioner *>(m_session->provisioner())->processId();
    QSignalSpy ready(m_session.get(), &Kernel::KernelSession::ready);
    m_session->restart();
    QCOMPARE(m_session->state(), Kernel::KernelState::Restarting);
    QTRY_VERIFY2_WITH_TIMEOUT(ready.count() == 1, "the kernel did not come back within 60 s of a restart", 60000);
    QVERIFY(static_cast<Local::LocalProvisioner *>(m_session->provisioner())->processId() != oldPid);
    const auto outcome = execute(QStringLiteral("kept"));
    QCOMPARE(outcome->reply["ename"].get<std::string>(), std::string("NameError"));
}

void TestLocalKernel::cpuModeHidesGpus()
{
    const auto outcome = execute(QStringLiteral("import os\nprint(repr(os.environ.get('CUDA_VISIBLE_DEVICES')))"));
    QCOMPARE(outcome->streamText(), QStringLiteral("''\n"));
    startSession({Local::DeviceSelection::Kind::Gpu, {QStringLiteral("1"), QStringLiteral("0")}});
    const auto gpu = execute(QStringLiteral("import os\nprint(os.environ['CUDA_VISIBLE_DEVICES'], os.environ['CUDA_DEVICE_ORDER'])"));
    QCOMPARE(gpu->streamText(), QStringLiteral("1,0 PCI_BUS_ID\n"));
}

void TestLocalKernel::restartOnAnotherProvisioner()
{
    QVERIFY(execute(QStringLiteral("kept = 1"))->finished);
    auto *old = static_cast<Local::LocalProvisioner *>(m_session->provisioner());
    const qint64 oldPid = old->processId();
    QSignalSpy ready(m_session.get(), &Kernel::KernelSession::ready);
    const Local::DeviceSelection gpu{Local::DeviceSelection::Kind::Gpu, {QStringLiteral("0")}};
    m_session->restartOn(std::make_unique<Local::LocalProvisioner>(gpu),
                         {{}, QDir::tempPath(), {{QStringLiteral("NOTEBENCH_RUNTIME_PROBE"), QStringLiteral("yes")}}, {}});
    QCOMPARE(m_session->state(), Kernel::KernelState::Restarting);
    QTRY_VERIFY2_WITH_TIMEOUT(ready.count() == 1, "the kernel did not come back on the new provisioner within 60 s", 60000);
    auto *now = static_cast<Local::LocalProvisioner *>(m_session->provisioner());
    QCOMPARE(now->id(), QStringLiteral("local-gpu"));
    QVERIFY(now->processId() != oldPid);
    const auto outcome = execute(QStringLiteral("import os\nprint(os.environ['CUDA_VISIBLE_DEVICES'], os.environ['NOTEBENCH_RUNTIME_PROBE'])\n"
                                                "print('kept' in globals())"));
    QCOMPARE(outcome->streamText(), QStringLiteral("0 yes\nFalse\n"));
}

void TestLocalKernel::killedKernelReportedDead()
{
#ifdef Q_OS_WIN
    QSKIP("SIGKILL is POSIX");
#else
    auto outcome = track(m_session->client()->execute(QStringLiteral("import time\ntime.sleep(60)")));
    QSignalSpy died(m_session.get(), &Kernel::KernelSession::died);
    const qint64 pid = static_cast<Local::LocalProvisioner *>(m_session->provisioner())->processId();
    QVERIFY(pid > 0);
    ::kill(pid_t(pid), SIGKILL);
    QTRY_VERIFY2_WITH_TIMEOUT(died.count() == 1, "the killed kernel was not reported dead within 10 s", 10000);
    QCOMPARE(m_session->state(), Kernel::KernelState::Dead);
    const auto reason = died.first().first().value<Kernel::DeathReason>();
    QVERIFY(reason.cause == Kernel::DeathReason::Cause::Signaled || reason.cause == Kernel::DeathReason::Cause::OutOfMemory);
    QCOMPARE(reason.signal, int(SIGKILL));
    QVERIFY2(reason.text().contains(QStringLiteral("SIGKILL")), qPrintable(reason.text()));
    QVERIFY2(reason.text().contains(QStringLiteral("out-of-memory")) || reason.text().contains(QStringLiteral("out of memory")),
             qPrintable(reason.text()));
    // The running request fails with the reason instead of hanging.
    QVERIFY(outcome->finished);
    QCOMPARE(outcome->failure, reason.text());
#endif
}

void TestLocalKernel::shutdownEscalation()
{
    QSignalSpy done(m_session.get(), &Kernel::KernelSession::shutdownFinished);
    QElapsedTimer clock;
    clock.start();
    m_session->shutdown();
    QTRY_VERIFY2_WITH_TIMEOUT(done.count() == 1, "shutdown did not finish within the 5 s escalation (+3 s slack)", 8000);
    QVERIFY(!m_session->provisioner()->isRunning());
    QCOMPARE(m_session->deathReason().cause, Kernel::DeathReason::Cause::ShutDown);
    // A kernel that swallows SIGINT, ignores SIGTERM and is stuck in a loop is still stopped:
    startSession();
    execute(QStringLiteral("import signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)"));
    auto stuck = track(m_session->client()->execute(QStringLiteral("import time\nwhile True:\n    try:\n        time.sleep(1)\n    except KeyboardInterrupt:\n        pass")));
    QTRY_VERIFY2_WITH_TIMEOUT(m_session->state() == Kernel::KernelState::Busy, "the kernel never became busy", 10000);
    QSignalSpy stopped(m_session.get(), &Kernel::KernelSession::shutdownFinished);
    clock.restart();
    m_session->shutdown();
    QTRY_VERIFY2_WITH_TIMEOUT(stopped.count() == 1, "the escalation did not stop a stuck kernel within 9 s", 9000);
    QVERIFY(!m_session->provisioner()->isRunning());
}

void TestLocalKernel::shutdownDuringRestartStays()
{
    QSignalSpy done(m_session.get(), &Kernel::KernelSession::shutdownFinished);
    QSignalSpy ready(m_session.get(), &Kernel::KernelSession::ready);
    m_session->restart();
    m_session->shutdown();
    QTRY_VERIFY2_WITH_TIMEOUT(done.count() == 1, "shutdown during a restart did not finish", 8000);
    QTest::qWait(1500); // a wrongly resumed restart would have launched a kernel by now
    QVERIFY(!m_session->provisioner()->isRunning());
    QCOMPARE(ready.count(), 0);
    QCOMPARE(m_session->state(), Kernel::KernelState::Dead);
}

void TestLocalKernel::restartWhileStarting()
{
    m_session = std::make_unique<Kernel::KernelSession>(std::make_unique<Local::LocalProvisioner>());
    QSignalSpy ready(m_session.get(), &Kernel::KernelSession::ready);
    QSignalSpy done(m_session.get(), &Kernel::KernelSession::shutdownFinished);
    m_session->start({});
    QTRY_VERIFY2_WITH_TIMEOUT(m_session->provisioner()->isRunning(), "the kernel process did not start", 5000);
    m_session->restart();
    QTRY_VERIFY2_WITH_TIMEOUT(ready.count() == 1, "the restarted kernel never became ready", 60000);
    QCOMPARE(done.count(), 0);
    QCOMPARE(replyStatus(*execute(QStringLiteral("1"))), std::string("ok"));
}

void TestLocalKernel::unknownKernelNamesWhatExists()
{
    m_session = std::make_unique<Kernel::KernelSession>(std::make_unique<Local::LocalProvisioner>());
    QSignalSpy died(m_session.get(), &Kernel::KernelSession::died);
    m_session->start({QStringLiteral("no-such-kernel"), {}, {}, {}});
    QTRY_VERIFY2_WITH_TIMEOUT(died.count() == 1, "an unknown kernel was not reported", 5000);
    const auto reason = died.first().first().value<Kernel::DeathReason>();
    QCOMPARE(reason.cause, Kernel::DeathReason::Cause::FailedToStart);
    QVERIFY2(reason.text().contains(QStringLiteral("python3")), qPrintable(reason.text()));
}

QTEST_GUILESS_MAIN(TestLocalKernel)
#include "tst_localkernel.moc"
