// `notebench run/sessions/attach` over SSH end to end: the real binary, a real sshd on 127.0.0.1
// (SshdFixture), Debian's ipykernel behind the agent. The SSH run is compared with a local run.
#include "sshdfixture.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

namespace {
struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

QJsonObject codeCell(const QString &source)
{
    // Fixed ids: a cell without one gets a random id on reading, and two runs are compared.
    static int next = 0;
    return {{QStringLiteral("id"), QStringLiteral("cell-%1").arg(++next)},
            {QStringLiteral("cell_type"), QStringLiteral("code")}, {QStringLiteral("execution_count"), QJsonValue()},
            {QStringLiteral("metadata"), QJsonObject()}, {QStringLiteral("outputs"), QJsonArray()},
            {QStringLiteral("source"), source}};
}

bool writeNotebook(const QString &path, const QJsonArray &cells)
{
    const QJsonObject kernelspec{{QStringLiteral("name"), QStringLiteral("python3")},
                                 {QStringLiteral("display_name"), QStringLiteral("Python 3")},
                                 {QStringLiteral("language"), QStringLiteral("python")}};
    const QJsonObject notebook{{QStringLiteral("nbformat"), 4}, {QStringLiteral("nbformat_minor"), 5},
                               {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("kernelspec"), kernelspec}}},
                               {QStringLiteral("cells"), cells}};
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(QJsonDocument(notebook).toJson()) > 0;
}

QJsonObject readJson(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(file.readAll()).object() : QJsonObject();
}
} // namespace

class TestSshCli : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void unknownHostIsRefusedWithoutTheFlag();
    void sshRunGivesTheSameOutputsAsALocalRun();
    void killedMidCellThenReattachedWithTheWholeOutput();

private:
    Run notebench(const QStringList &arguments, int timeoutMs = 120000);
    void startNotebench(QProcess &process, const QStringList &arguments);
    QStringList sshArguments(bool acceptNew = false) const;

    Notebench::Testing::SshdFixture m_sshd;
    QTemporaryDir m_work;
};

void TestSshCli::initTestCase()
{
    const QString error = m_sshd.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestSshCli::cleanupTestCase()
{
    m_sshd.stopRemoteSessions();
    m_sshd.stop();
}

void TestSshCli::startNotebench(QProcess &process, const QStringList &arguments)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("NOTEBENCH_REMOTE_AGENT_STATE"), m_sshd.agentState());
    env.insert(QStringLiteral("NOTEBENCH_REMOTE_PYTHON"), QStringLiteral("/usr/bin/python3"));
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(NOTEBENCH_BINARY), arguments);
}

Run TestSshCli::notebench(const QStringList &arguments, int timeoutMs)
{
    QProcess process;
    startNotebench(process, arguments);
    Run run;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        run.err = QStringLiteral("notebench did not finish within %1 ms").arg(timeoutMs);
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

QStringList TestSshCli::sshArguments(bool acceptNew) const
{
    QStringList arguments{QStringLiteral("--runtime"), QStringLiteral("ssh://nbtest"), QStringLiteral("--ssh-config"), m_sshd.clientConfig()};
    if (acceptNew)
        arguments << QStringLiteral("--accept-new-host-key");
    return arguments;
}

void TestSshCli::unknownHostIsRefusedWithoutTheFlag()
{
    const QString nb = m_work.filePath(QStringLiteral("one.ipynb"));
    QVERIFY(writeNotebook(nb, {codeCell(QStringLiteral("print(1)"))}));
    const auto refused = notebench(QStringList{QStringLiteral("run"), nb} + sshArguments());
    QCOMPARE(refused.exitCode, 2);
    QVERIFY2(refused.err.contains(QLatin1String("not in known_hosts")) && refused.err.contains(QLatin1String("--accept-new-host-key")),
             qPrintable(refused.err));
    QVERIFY(QDir(m_sshd.agentState()).isEmpty());
}

void TestSshCli::sshRunGivesTheSameOutputsAsALocalRun()
{
    const QString nb = m_work.filePath(QStringLiteral("same.ipynb"));
    QVERIFY(writeNotebook(nb, {codeCell(QStringLiteral("print('hello')\nfor i in range(3):\n    print(i)")),
                               codeCell(QStringLiteral("6 * 7")),
                               codeCell(QStringLiteral("import sys\nprint('to stderr', file=sys.stderr)")),
                               codeCell(QStringLiteral("from IPython.display import display, HTML\ndisplay(HTML('<b>x</b>'))")),
                               codeCell(QStringLiteral("1 / 0"))}));
    const QString local = m_work.filePath(QStringLiteral("local.ipynb"));
    const QString remote = m_work.filePath(QStringLiteral("remote.ipynb"));
    const auto localRun = notebench({QStringLiteral("run"), nb, QStringLiteral("--allow-errors"), QStringLiteral("-o"), local});
    QCOMPARE(localRun.exitCode, 0);
    const auto sshRun = notebench(QStringList{QStringLiteral("run"), nb, QStringLiteral("--allow-errors"), QStringLiteral("-o"), remote}
                                  + sshArguments(true));
    QVERIFY2(sshRun.exitCode == 0, qPrintable(sshRun.err));
    QVERIFY2(sshRun.err.contains(QLatin1String("Kernel session ")), qPrintable(sshRun.err));
    const QJsonArray localCells = readJson(local).value(QStringLiteral("cells")).toArray();
    const QJsonArray remoteCells = readJson(remote).value(QStringLiteral("cells")).toArray();
    QCOMPARE(remoteCells.size(), 5);
    QCOMPARE(remoteCells, localCells);
    QCOMPARE(readJson(remote).value(QStringLiteral("metadata")), readJson(local).value(QStringLiteral("metadata")));
    QVERIFY2(QDir(m_sshd.agentState()).isEmpty(), "the finished run left its remote session behind");
}

void TestSshCli::killedMidCellThenReattachedWithTheWholeOutput()
{
    constexpr int lines = 60;
    const QString nb = m_work.filePath(QStringLiteral("long.ipynb"));
    QVERIFY(writeNotebook(nb, {codeCell(QStringLiteral("import time\nfor i in range(%1):\n    print('line', i, flush=True)\n    time.sleep(0.05)").arg(lines))}));
    QProcess run;
    startNotebench(run, QStringList{QStringLiteral("run"), nb} + sshArguments(true));
    QVERIFY(run.waitForStarted(10000));
    QByteArray progress;
    QDeadlineTimer deadline(60000);
    while (!progress.contains("running 1 cells")) {
        QVERIFY2(!deadline.hasExpired() && run.state() == QProcess::Running, progress.constData());
        run.waitForReadyRead(100);
        progress += run.readAllStandardError();
    }
    const auto match = QRegularExpression(QStringLiteral("Kernel session ([0-9a-f]+) ")).match(QString::fromUtf8(progress));
    QVERIFY2(match.hasMatch(), progress.constData());
    const QString session = match.captured(1);
    QTest::qWait(800); // mid-cell
    run.kill();
    QVERIFY(run.waitForFinished(10000));

    const auto listed = notebench({QStringLiteral("sessions"), QStringLiteral("ssh://nbtest"), QStringLiteral("--ssh-config"), m_sshd.clientConfig()});
    QCOMPARE(listed.exitCode, 0);
    QVERIFY2(listed.out.contains(session) && listed.out.contains(QLatin1String("running")), qPrintable(listed.out + listed.err));

    const auto attached = notebench({QStringLiteral("attach"), QStringLiteral("ssh://nbtest"), session, QStringLiteral("--ssh-config"), m_sshd.clientConfig()});
    QVERIFY2(attached.exitCode == 0, qPrintable(attached.err));
    QString expected;
    for (int i = 0; i < lines; ++i)
        expected += QStringLiteral("line %1\n").arg(i);
    QCOMPARE(attached.out, expected); // every line once, in order, though the CLI died mid-cell

    const auto stopped = notebench({QStringLiteral("sessions"), QStringLiteral("ssh://nbtest"), QStringLiteral("--stop"), session,
                                    QStringLiteral("--ssh-config"), m_sshd.clientConfig()});
    QVERIFY2(stopped.exitCode == 0, qPrintable(stopped.err));
    QVERIFY(QDir(m_sshd.agentState()).isEmpty());
}

QTEST_GUILESS_MAIN(TestSshCli)
#include "tst_sshcli.moc"
