// The SSH backend end to end: a real sshd on 127.0.0.1 (SshdFixture), the real agent deployed by
// SFTP, Debian's ipykernel on the "host" side, and the shared KernelSession/KernelClient on top.
#include "../kernel/requestoutcome.h"
#include "cuttingproxy.h"
#include "sshdfixture.h"

#include "kernel/kernelclient.h"
#include "kernel/kernelsession.h"
#include "kernel/pendingrequest.h"
#include "ssh/remotesessions.h"
#include "ssh/sshprovisioner.h"

#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Notebench;

using Testing::track;

class TestSshKernel : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanup();
    void cleanupTestCase();
    void unknownHostKeyIsRefusedUnlessAccepted();
    void runStdinInterruptRestartShutdown();
    void outputSurvivesAConnectionCutMidCell();
    void silentPeerIsDetectedByKeepalive();
    void kernelRunsThroughProxyCommand();
    void proxyJumpWithoutSshSaysSo();
    void failedStartSaysWhy();
    void changedHostKeyIsRefusedAndNothingRuns();

private:
    bool listSessions(const Ssh::SshTarget &target, QString *failure);
    std::unique_ptr<Kernel::KernelSession> startKernel(const Ssh::SshTarget &target, QString *failure);

    Testing::SshdFixture m_sshd;
};

void TestSshKernel::initTestCase()
{
    const QString error = m_sshd.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestSshKernel::cleanup()
{
    m_sshd.stopRemoteSessions(); // whatever a failed test left running on the "host"
}

void TestSshKernel::cleanupTestCase()
{
    m_sshd.stop();
}

bool TestSshKernel::listSessions(const Ssh::SshTarget &target, QString *failure)
{
    failure->clear();
    Ssh::RemoteSessions sessions(target);
    bool listed = false;
    connect(&sessions, &Ssh::RemoteSessions::listed, this, [&] { listed = true; });
    connect(&sessions, &Ssh::RemoteSessions::failed, this, [&](const Ssh::SshError &error) { *failure = error.message; });
    sessions.list();
    if (!QTest::qWaitFor([&] { return listed || !failure->isEmpty(); }, 30000))
        *failure = QStringLiteral("listing the sessions did not finish in 30 s");
    return listed;
}

std::unique_ptr<Kernel::KernelSession> TestSshKernel::startKernel(const Ssh::SshTarget &target, QString *failure)
{
    auto session = std::make_unique<Kernel::KernelSession>(std::make_unique<Ssh::SshProvisioner>(target));
    bool ready = false;
    bool died = false;
    QObject::connect(session.get(), &Kernel::KernelSession::ready, [&] { ready = true; });
    QObject::connect(session.get(), &Kernel::KernelSession::died, [&](const Kernel::DeathReason &reason) {
        died = true;
        *failure = reason.text();
    });
    session->start({QStringLiteral("python3"), {}, {}, {}});
    if (!QTest::qWaitFor([&] { return ready || died; }, 60000))
        *failure = QStringLiteral("the kernel over SSH was neither ready nor dead after 60 s");
    QObject::disconnect(session.get(), nullptr, nullptr, nullptr);
    return ready ? std::move(session) : nullptr;
}

void TestSshKernel::unknownHostKeyIsRefusedUnlessAccepted()
{
    // Connecting is enough here (the agent's list): the policy acts before anything runs.
    QString failure;
    QVERIFY(!listSessions(m_sshd.target(Ssh::UnknownHostPolicy::Refuse), &failure));
    QVERIFY2(failure.contains(QLatin1String("not in known_hosts")) && failure.contains(QLatin1String("SHA256:")), qPrintable(failure));
    QFile knownHosts(m_sshd.knownHosts());
    QVERIFY(knownHosts.open(QIODevice::ReadOnly));
    QCOMPARE(knownHosts.readAll(), QByteArray());
    knownHosts.close();

    QVERIFY2(listSessions(m_sshd.target(Ssh::UnknownHostPolicy::AcceptNew), &failure), qPrintable(failure));
    QVERIFY(knownHosts.open(QIODevice::ReadOnly));
    const QByteArray recorded = knownHosts.readAll();
    knownHosts.close();
    QVERIFY2(recorded.contains(QStringLiteral("[127.0.0.1]:%1 ssh-ed25519 ").arg(m_sshd.port()).toUtf8()), recorded.constData());

    // Recorded: the strict policy now connects, also once the file is hashed as Debian's
    // HashKnownHosts yes leaves it.
    QVERIFY2(listSessions(m_sshd.target(Ssh::UnknownHostPolicy::Refuse), &failure), qPrintable(failure));
    QProcess hash;
    hash.start(QStringLiteral("ssh-keygen"), {QStringLiteral("-H"), QStringLiteral("-f"), m_sshd.knownHosts()});
    QVERIFY(hash.waitForFinished(20000) && hash.exitCode() == 0);
    QVERIFY(knownHosts.open(QIODevice::ReadOnly));
    const QByteArray hashed = knownHosts.readAll();
    knownHosts.close();
    QVERIFY2(hashed.startsWith("|1|") && !hashed.contains("127.0.0.1"), hashed.constData());
    QVERIFY2(listSessions(m_sshd.target(Ssh::UnknownHostPolicy::Refuse), &failure), qPrintable(failure));
}

void TestSshKernel::runStdinInterruptRestartShutdown()
{
    QString failure;
    auto session = startKernel(m_sshd.target(), &failure);
    QVERIFY2(session, qPrintable(failure));
    auto *client = session->client();

    auto run = track(client->execute(QStringLiteral("print('hello', 6 * 7)")));
    QTRY_VERIFY2_WITH_TIMEOUT(run->finished, "execute over SSH did not finish", 30000);
    QCOMPARE(run->streamText(), QStringLiteral("hello 42\n"));
    QCOMPARE(run->reply.value("status", std::string()), std::string("ok"));

    auto *ask = client->execute(QStringLiteral("print(input('name? ') * 2)"));
    connect(ask, &Kernel::PendingRequest::inputRequested, this,
            [client](const QString &prompt, bool, const Protocol::Message &request) {
                QCOMPARE(prompt, QStringLiteral("name? "));
                client->sendInputReply(request, QStringLiteral("xy"));
            });
    auto input = track(ask);
    QTRY_VERIFY2_WITH_TIMEOUT(input->finished, "input() over SSH did not finish", 30000);
    QVERIFY2(input->streamText().contains(QLatin1String("xyxy")), qPrintable(input->streamText()));

    auto sleeper = track(client->execute(QStringLiteral("import time\ntime.sleep(60)")));
    QTRY_VERIFY2_WITH_TIMEOUT(sleeper->started(), "the sleeping cell never started", 30000);
    QTest::qWait(300);
    session->interrupt();
    QTRY_VERIFY2_WITH_TIMEOUT(sleeper->finished, "the interrupt over SSH did not stop the cell", 20000);
    QCOMPARE(sleeper->reply.value("ename", std::string()), std::string("KeyboardInterrupt"));

    auto set = track(client->execute(QStringLiteral("x = 41")));
    QTRY_VERIFY2_WITH_TIMEOUT(set->finished, "x = 41 did not finish", 30000);
    const QStringList before = m_sshd.remoteSessions();
    QCOMPARE(before.size(), 1);
    QSignalSpy ready(session.get(), &Kernel::KernelSession::ready);
    session->restart();
    QVERIFY2(ready.wait(60000), "restart over SSH did not bring the kernel back");
    QTRY_VERIFY2_WITH_TIMEOUT(m_sshd.remoteSessions().size() == 1 && m_sshd.remoteSessions() != before,
                              "restart did not replace the remote session", 10000);
    auto lost = track(session->client()->execute(QStringLiteral("print(x)")));
    QTRY_VERIFY2_WITH_TIMEOUT(lost->finished, "print(x) did not finish", 30000);
    QCOMPARE(lost->reply.value("ename", std::string()), std::string("NameError"));

    QSignalSpy finished(session.get(), &Kernel::KernelSession::shutdownFinished);
    session->shutdown();
    QVERIFY2(finished.wait(30000), "shutdown over SSH did not finish");
    QTRY_VERIFY2_WITH_TIMEOUT(m_sshd.remoteSessions().isEmpty(), "shutdown did not remove the remote session", 10000);
}

void TestSshKernel::outputSurvivesAConnectionCutMidCell()
{
    Testing::CuttingProxy proxy(m_sshd.port());
    QVERIFY(proxy.listen());
    m_sshd.addProxyAlias(proxy.port());
    Ssh::SshTarget target = m_sshd.target();
    target.host = QStringLiteral("nbproxy");
    QString failure;
    auto session = startKernel(target, &failure);
    QVERIFY2(session, qPrintable(failure));
    auto *provisioner = qobject_cast<Ssh::SshProvisioner *>(session->provisioner());
    QList<Ssh::LinkState> states;
    connect(provisioner, &Ssh::SshProvisioner::linkStateChanged, this,
            [&states](Ssh::LinkState state, const QString &) { states << state; });

    constexpr int lines = 100;
    auto run = track(session->client()->execute(
        QStringLiteral("import time\nfor i in range(%1):\n    print('line', i, flush=True)\n    time.sleep(0.05)").arg(lines)));
    QTRY_VERIFY2_WITH_TIMEOUT(run->streamText().contains(QLatin1String("line 10\n")), "the cell did not start printing", 30000);
    proxy.cut(3000);
    QTRY_VERIFY2_WITH_TIMEOUT(run->finished, "the cell did not finish after the connection came back", 60000);
    QVERIFY2(run->failure.isEmpty(), qPrintable(run->failure));

    QString expected;
    for (int i = 0; i < lines; ++i)
        expected += QStringLiteral("line %1\n").arg(i);
    QCOMPARE(run->streamText(), expected); // every line once, in order
    QVERIFY2(states.contains(Ssh::LinkState::Reconnecting) && states.last() == Ssh::LinkState::Connected,
             "the transport did not report reconnecting, then connected");
    QVERIFY(proxy.connectionsAccepted() >= 2);

    QSignalSpy finished(session.get(), &Kernel::KernelSession::shutdownFinished);
    session->shutdown();
    QVERIFY2(finished.wait(30000), "shutdown over SSH did not finish");
}

void TestSshKernel::silentPeerIsDetectedByKeepalive()
{
    // No close, no reset: only the keepalive can tell that the peer is gone.
    Testing::CuttingProxy proxy(m_sshd.port());
    QVERIFY(proxy.listen());
    m_sshd.addProxyAlias(proxy.port());
    Ssh::SshTarget target = m_sshd.target();
    target.host = QStringLiteral("nbproxy");
    target.keepaliveIntervalMs = 1000;
    target.keepaliveTimeoutMs = 3000;
    QString failure;
    auto session = startKernel(target, &failure);
    QVERIFY2(session, qPrintable(failure));

    constexpr int lines = 40;
    auto run = track(session->client()->execute(
        QStringLiteral("import time\nfor i in range(%1):\n    print('tick', i, flush=True)\n    time.sleep(0.05)").arg(lines)));
    QTRY_VERIFY2_WITH_TIMEOUT(run->streamText().contains(QLatin1String("tick 5\n")), "the cell did not start printing", 30000);
    proxy.blackhole();
    QTRY_VERIFY2_WITH_TIMEOUT(run->finished, "the silent connection was never given up", 40000);
    QString expected;
    for (int i = 0; i < lines; ++i)
        expected += QStringLiteral("tick %1\n").arg(i);
    QCOMPARE(run->streamText(), expected);
    QVERIFY(proxy.connectionsAccepted() >= 2);

    QSignalSpy finished(session.get(), &Kernel::KernelSession::shutdownFinished);
    session->shutdown();
    QVERIFY2(finished.wait(30000), "shutdown over SSH did not finish");
}

void TestSshKernel::kernelRunsThroughProxyCommand()
{
    // libssh 0.10 runs ProxyCommand itself (ProxyJump becomes one, reliability-anchors §4). The
    // jump goes through the cutting proxy, so a connection there proves the ProxyCommand ran,
    // with %h and %p expanded, or ssh -W could not have reached sshd.
    Testing::CuttingProxy proxy(m_sshd.port());
    QVERIFY(proxy.listen());
    m_sshd.addProxyAlias(proxy.port());
    m_sshd.addJumpAlias(QStringLiteral("nbproxy"));
    Ssh::SshTarget target = m_sshd.target();
    target.host = QStringLiteral("nbjump");
    QString failure;
    auto session = startKernel(target, &failure);
    QVERIFY2(session, qPrintable(failure));
    QVERIFY(proxy.connectionsAccepted() >= 1);

    auto run = track(session->client()->execute(QStringLiteral("import os\nprint('jumped', os.getpid() != 0)")));
    QTRY_VERIFY2_WITH_TIMEOUT(run->finished, "execute through the ProxyCommand did not finish", 30000);
    QCOMPARE(run->streamText(), QStringLiteral("jumped True\n"));

    QSignalSpy finished(session.get(), &Kernel::KernelSession::shutdownFinished);
    session->shutdown();
    QVERIFY2(finished.wait(30000), "shutdown through the ProxyCommand did not finish");
}

void TestSshKernel::proxyJumpWithoutSshSaysSo()
{
    // ProxyJump needs OpenSSH's ssh: with none on PATH the error says so before connecting,
    // instead of libssh's "connection closed".
    QTemporaryDir noSsh;
    QFile config(m_sshd.path(QStringLiteral("ssh_config_jump")));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write(QStringLiteral("Host nbviajump\n  HostName 127.0.0.1\n  Port %1\n  ProxyJump somebody@127.0.0.1:%1\n")
                     .arg(m_sshd.port()).toUtf8());
    config.close();
    Ssh::SshTarget target = m_sshd.target();
    target.host = QStringLiteral("nbviajump");
    target.configFile = config.fileName();
    const QByteArray path = qgetenv("PATH");
    qputenv("PATH", noSsh.path().toLocal8Bit());
    QString failure;
    const bool listed = listSessions(target, &failure);
    qputenv("PATH", path);
    QVERIFY(!listed);
    QVERIFY2(failure.contains(QLatin1String("ProxyJump")) && failure.contains(QLatin1String("ssh is not on PATH")),
             qPrintable(failure));
}

void TestSshKernel::failedStartSaysWhy()
{
    // serve --attach reports on its stream why no kernel started; nothing stays on the host.
    Ssh::SshTarget target = m_sshd.target();
    auto session = std::make_unique<Kernel::KernelSession>(std::make_unique<Ssh::SshProvisioner>(target));
    QSignalSpy died(session.get(), &Kernel::KernelSession::died);
    session->start({QStringLiteral("no-such-kernel"), {}, {}, {}});
    QVERIFY2(died.wait(60000), "an unknown kernel over SSH was not reported");
    const QString why = session->deathReason().text();
    QVERIFY2(why.contains(QLatin1String("No such kernel named no-such-kernel")), qPrintable(why));
    QVERIFY(m_sshd.remoteSessions().isEmpty());

    // No Python there: the login shell's 127 becomes a sentence about the setting.
    target.python = QStringLiteral("/nonexistent/python3");
    QString failure;
    QVERIFY(!startKernel(target, &failure));
    QVERIFY2(failure.contains(QLatin1String("no usable Python")) && failure.contains(QLatin1String("/nonexistent/python3")),
             qPrintable(failure));
}

void TestSshKernel::changedHostKeyIsRefusedAndNothingRuns()
{
    QString failure;
    QVERIFY2(listSessions(m_sshd.target(), &failure), qPrintable(failure)); // the current key is recorded
    const QString error = m_sshd.replaceHostKey();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    // Even the accept-new policy refuses a changed key, as OpenSSH does.
    auto refused = startKernel(m_sshd.target(Ssh::UnknownHostPolicy::AcceptNew), &failure);
    QVERIFY(!refused);
    QVERIFY2(failure.contains(QLatin1String("has changed")) && failure.contains(QLatin1String("SHA256:")), qPrintable(failure));
    QVERIFY2(m_sshd.remoteSessions().isEmpty(), "an agent session was created on a host whose key changed");
}

QTEST_GUILESS_MAIN(TestSshKernel)
#include "tst_sshkernel.moc"
