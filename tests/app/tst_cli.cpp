// `notebench` command line end to end: the real binary, Debian's python3 kernel, real files.
#include "gpu/gpuinventory.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {
struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run notebench(const QStringList &arguments, int timeoutMs = 120000)
{
    QProcess process;
    process.start(QStringLiteral(NOTEBENCH_BINARY), arguments);
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

QJsonObject codeCell(const QString &source, const QStringList &tags = {})
{
    QJsonObject metadata;
    if (!tags.isEmpty())
        metadata[QStringLiteral("tags")] = QJsonArray::fromStringList(tags);
    return {{QStringLiteral("cell_type"), QStringLiteral("code")}, {QStringLiteral("execution_count"), QJsonValue()},
            {QStringLiteral("metadata"), metadata}, {QStringLiteral("outputs"), QJsonArray()},
            {QStringLiteral("source"), source}};
}

QString writeNotebook(const QString &path, const QJsonArray &cells)
{
    const QJsonObject kernelspec{{QStringLiteral("name"), QStringLiteral("python3")},
                                 {QStringLiteral("display_name"), QStringLiteral("Python 3")},
                                 {QStringLiteral("language"), QStringLiteral("python")}};
    const QJsonObject notebook{{QStringLiteral("nbformat"), 4}, {QStringLiteral("nbformat_minor"), 4},
                               {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("kernelspec"), kernelspec}}},
                               {QStringLiteral("cells"), cells}};
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(QJsonDocument(notebook).toJson());
    return path;
}

QJsonArray cellsOf(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("cells")).toArray();
}

QString textOf(const QJsonValue &value)
{
    if (value.isArray()) {
        QString text;
        for (const auto &line : value.toArray())
            text += line.toString();
        return text;
    }
    return value.toString();
}

QString streamText(const QJsonObject &cell)
{
    QString text;
    for (const auto &output : cell.value(QStringLiteral("outputs")).toArray()) {
        if (output.toObject().value(QStringLiteral("output_type")) == QLatin1String("stream"))
            text += textOf(output.toObject().value(QStringLiteral("text")));
    }
    return text;
}
} // namespace

class TestCli : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void versionAndHelp();
    void badUsage_data();
    void badUsage();
    void malformedInputUntouched_data();
    void malformedInputUntouched();
    void convertIsCanonical();
    void runRecordsOutputs();
    void failingCellStopsTheRun();
    void allowErrorsAndTags();
    void timeoutInterrupts();
    void workingDirectory();
    void localGpuRuntime();
    void kernelDeathInFirstCell();
    void displayUpdateAfterStreams();
    void inplaceFailureLeavesFile();
    void listsKernels();

private:
    QTemporaryDir m_dir;
};

void TestCli::versionAndHelp()
{
    const auto version = notebench({QStringLiteral("--version")});
    QCOMPARE(version.exitCode, 0);
    QVERIFY(version.out.startsWith(QStringLiteral("notebench 0.")));
    const auto help = notebench({QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains(QStringLiteral("notebench run NB.ipynb")));
}

void TestCli::badUsage_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const QString nb = QStringLiteral(NOTEBENCH_SOURCE_DIR "/resources/examples/welcome.ipynb");
    QTest::newRow("unknown verb") << QStringList{QStringLiteral("frobnicate"), nb} << "unknown command";
    QTest::newRow("no notebook") << QStringList{QStringLiteral("run")} << "exactly one notebook";
    QTest::newRow("output and inplace") << QStringList{QStringLiteral("run"), nb, QStringLiteral("-o"), QStringLiteral("x.ipynb"), QStringLiteral("--inplace")} << "not both";
    QTest::newRow("bad timeout") << QStringList{QStringLiteral("run"), nb, QStringLiteral("--timeout"), QStringLiteral("soon")} << "positive number";
    QTest::newRow("ssh config missing") << QStringList{QStringLiteral("run"), nb, QStringLiteral("--runtime"), QStringLiteral("ssh://me@gpubox:2222"), QStringLiteral("--ssh-config"), QStringLiteral("/nonexistent/ssh_config")} << "is not a file";
    QTest::newRow("sessions without host") << QStringList{QStringLiteral("sessions")} << "ssh://";
    QTest::newRow("server reserved") << QStringList{QStringLiteral("run"), nb, QStringLiteral("--runtime"), QStringLiteral("https://hub.example/")} << "not available yet";
    QTest::newRow("bad runtime") << QStringList{QStringLiteral("run"), nb, QStringLiteral("--runtime"), QStringLiteral("moon")} << "Unknown runtime";
    QTest::newRow("missing file") << QStringList{QStringLiteral("run"), QStringLiteral("/nonexistent/nb.ipynb")} << "no such file";
    QTest::newRow("convert without -o") << QStringList{QStringLiteral("convert"), nb} << "-o OUT.ipynb";
    QTest::newRow("unknown kernel") << QStringList{QStringLiteral("run"), nb, QStringLiteral("--kernel"), QStringLiteral("nope")} << "python3";
}

void TestCli::badUsage()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const auto run = notebench(arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
}

void TestCli::malformedInputUntouched_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("where");
    QTest::newRow("truncated") << QByteArray(R"({"cells": [{"cell_type": "code", "sou)") << "bad.ipynb";
    QTest::newRow("garbage") << QByteArray("\x89PNG\r\n\x1a\n not a notebook") << "bad.ipynb";
    QTest::newRow("source a number")
        << QByteArray(R"({"nbformat": 4, "nbformat_minor": 4, "metadata": {}, "cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null, "source": 42}]})")
        << "cell 1";
}

void TestCli::malformedInputUntouched()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, where);
    const QString input = m_dir.filePath(QStringLiteral("bad.ipynb"));
    const QString output = m_dir.filePath(QStringLiteral("bad.out.ipynb"));
    QFile file(input);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
    file.close();
    for (const QString &verb : {QStringLiteral("run"), QStringLiteral("convert")}) {
        const auto run = notebench({verb, input, QStringLiteral("-o"), output});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(where), qPrintable(run.err));
        QVERIFY(!QFile::exists(output));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), content);
        file.close();
    }
}

void TestCli::convertIsCanonical()
{
    const QString input = QStringLiteral(NOTEBENCH_SOURCE_DIR "/resources/examples/welcome.ipynb");
    const QString output = m_dir.filePath(QStringLiteral("welcome.converted.ipynb"));
    const auto run = notebench({QStringLiteral("convert"), input, QStringLiteral("-o"), output});
    QCOMPARE(run.exitCode, 0);
    QFile a(input), b(output);
    QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
    QCOMPARE(b.readAll(), a.readAll()); // written by nbformat, so it comes back byte-identical
}

void TestCli::runRecordsOutputs()
{
    const QString input = m_dir.filePath(QStringLiteral("welcome.ipynb"));
    QFile::remove(input);
    QVERIFY(QFile::copy(QStringLiteral(NOTEBENCH_SOURCE_DIR "/resources/examples/welcome.ipynb"), input));
    const QString output = m_dir.filePath(QStringLiteral("welcome.out.ipynb"));
    const auto run = notebench({QStringLiteral("run"), input, QStringLiteral("-o"), output});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.err.contains(QStringLiteral("[4/4]")), qPrintable(run.err)); // progress: cell i/N
    const auto cells = cellsOf(output);
    QCOMPARE(cells.size(), 6);
    QVERIFY(streamText(cells[1].toObject()).startsWith(QStringLiteral("Python 3.")));
    QCOMPARE(cells[1].toObject().value(QStringLiteral("execution_count")).toInt(), 1);
    QCOMPARE(streamText(cells[3].toObject()), QStringLiteral("progress 100%\n")); // \r overwrites coalesced
    const auto result = cells[4].toObject().value(QStringLiteral("outputs")).toArray().first().toObject();
    QCOMPARE(result.value(QStringLiteral("output_type")).toString(), QStringLiteral("execute_result"));
    QVERIFY(textOf(result.value(QStringLiteral("data")).toObject().value(QStringLiteral("text/plain"))).contains(QStringLiteral("5: 25")));
    const auto display = cells[5].toObject().value(QStringLiteral("outputs")).toArray().first().toObject();
    QVERIFY(textOf(display.value(QStringLiteral("data")).toObject().value(QStringLiteral("text/markdown"))).contains(QStringLiteral("**done**")));
}

void TestCli::failingCellStopsTheRun()
{
    const QString input = writeNotebook(m_dir.filePath(QStringLiteral("fail.ipynb")),
                                        {codeCell(QStringLiteral("print('before')")), codeCell(QStringLiteral("1/0")),
                                         codeCell(QStringLiteral("print('after')"))});
    const QString output = m_dir.filePath(QStringLiteral("fail.out.ipynb"));
    const auto run = notebench({QStringLiteral("run"), input, QStringLiteral("-o"), output});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QStringLiteral("Cell 2 raised ZeroDivisionError")), qPrintable(run.err));
    const auto cells = cellsOf(output);
    QCOMPARE(streamText(cells[0].toObject()), QStringLiteral("before\n"));
    const auto error = cells[1].toObject().value(QStringLiteral("outputs")).toArray().first().toObject();
    QCOMPARE(error.value(QStringLiteral("ename")).toString(), QStringLiteral("ZeroDivisionError"));
    QVERIFY(cells[2].toObject().value(QStringLiteral("outputs")).toArray().isEmpty());
}

void TestCli::allowErrorsAndTags()
{
    const QString input = writeNotebook(
        m_dir.filePath(QStringLiteral("tags.ipynb")),
        {codeCell(QStringLiteral("raise ValueError('expected')"), {QStringLiteral("raises-exception")}),
         codeCell(QStringLiteral("print('skipped')"), {QStringLiteral("skip-execution")}),
         codeCell(QStringLiteral("print('ran')"))});
    const QString output = m_dir.filePath(QStringLiteral("tags.out.ipynb"));
    auto run = notebench({QStringLiteral("run"), input, QStringLiteral("-o"), output});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    auto cells = cellsOf(output);
    QCOMPARE(cells[0].toObject().value(QStringLiteral("outputs")).toArray().first().toObject().value(QStringLiteral("ename")).toString(),
             QStringLiteral("ValueError"));
    QVERIFY(cells[1].toObject().value(QStringLiteral("outputs")).toArray().isEmpty());
    QVERIFY(cells[1].toObject().value(QStringLiteral("execution_count")).isNull());
    QCOMPARE(streamText(cells[2].toObject()), QStringLiteral("ran\n"));

    const QString plain = writeNotebook(m_dir.filePath(QStringLiteral("errors.ipynb")),
                                        {codeCell(QStringLiteral("undefined_name")), codeCell(QStringLiteral("print('went on')"))});
    run = notebench({QStringLiteral("run"), plain, QStringLiteral("--allow-errors"), QStringLiteral("--inplace")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    cells = cellsOf(plain);
    QCOMPARE(streamText(cells[1].toObject()), QStringLiteral("went on\n"));
}

void TestCli::timeoutInterrupts()
{
    const QString input = writeNotebook(m_dir.filePath(QStringLiteral("slow.ipynb")),
                                        {codeCell(QStringLiteral("import time\ntime.sleep(60)")), codeCell(QStringLiteral("print('next')"))});
    const QString output = m_dir.filePath(QStringLiteral("slow.out.ipynb"));
    QElapsedTimer clock;
    clock.start();
    auto run = notebench({QStringLiteral("run"), input, QStringLiteral("--timeout"), QStringLiteral("2"), QStringLiteral("-o"), output});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(clock.elapsed() < 30000, "the timeout did not interrupt the cell");
    QVERIFY2(run.err.contains(QStringLiteral("timed out after 2 s")), qPrintable(run.err));
    auto cells = cellsOf(output);
    QCOMPARE(cells[0].toObject().value(QStringLiteral("outputs")).toArray().first().toObject().value(QStringLiteral("ename")).toString(),
             QStringLiteral("KeyboardInterrupt"));
    QVERIFY(cells[1].toObject().value(QStringLiteral("outputs")).toArray().isEmpty());

    run = notebench({QStringLiteral("run"), input, QStringLiteral("--timeout"), QStringLiteral("2"), QStringLiteral("--allow-errors"),
                     QStringLiteral("-o"), output});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(streamText(cellsOf(output)[1].toObject()), QStringLiteral("next\n"));
}

void TestCli::workingDirectory()
{
    QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("nbdir")));
    QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("other")));
    const QString input = writeNotebook(m_dir.filePath(QStringLiteral("nbdir/cwd.ipynb")),
                                        {codeCell(QStringLiteral("import os\nprint(os.path.realpath(os.getcwd()))"))});
    auto run = notebench({QStringLiteral("run"), input, QStringLiteral("--inplace")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(streamText(cellsOf(input)[0].toObject()).trimmed(), QDir(m_dir.filePath(QStringLiteral("nbdir"))).canonicalPath());
    run = notebench({QStringLiteral("run"), input, QStringLiteral("--inplace"), QStringLiteral("--cwd"), m_dir.filePath(QStringLiteral("other"))});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(streamText(cellsOf(input)[0].toObject()).trimmed(), QDir(m_dir.filePath(QStringLiteral("other"))).canonicalPath());
}

void TestCli::localGpuRuntime()
{
    // The oracle is the machine itself: without a driver the run stops with NVML's reason, with a
    // GPU the kernel sees the chosen index.
    const auto gpus = Notebench::Gpu::GpuInventory::probe();
    const QString input = writeNotebook(m_dir.filePath(QStringLiteral("gpu.ipynb")),
                                        {codeCell(QStringLiteral("import os\nprint(os.environ.get('CUDA_VISIBLE_DEVICES'))"))});
    const QString output = m_dir.filePath(QStringLiteral("gpu-out.ipynb"));
    auto run = notebench({QStringLiteral("run"), input, QStringLiteral("--runtime"), QStringLiteral("local-gpu:0"), QStringLiteral("-o"), output});
    if (!gpus.unavailableReason.isEmpty()) {
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(gpus.unavailableReason), qPrintable(run.err));
        QVERIFY(!QFile::exists(output));
    } else {
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QCOMPARE(streamText(cellsOf(output)[0].toObject()), QStringLiteral("0\n"));
    }
    // A GPU the machine lacks is refused by name, driver or not.
    run = notebench({QStringLiteral("run"), input, QStringLiteral("--runtime"), QStringLiteral("local-gpu:4096")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(gpus.selectionProblem({QStringLiteral("4096")})), qPrintable(run.err));
}

void TestCli::kernelDeathInFirstCell()
{
    const QString input = writeNotebook(m_dir.filePath(QStringLiteral("crash.ipynb")),
                                        {// The pause lets the kernel's own I/O thread put the line on the wire before the SIGKILL.
                                        codeCell(QStringLiteral("import os, time\nprint('last words', flush=True)\ntime.sleep(0.5)\nos.kill(os.getpid(), 9)")),
                                         codeCell(QStringLiteral("print('never')"))});
    const QString output = m_dir.filePath(QStringLiteral("crash.out.ipynb"));
    const auto run = notebench({QStringLiteral("run"), input, QStringLiteral("-o"), output});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QStringLiteral("The kernel died while running cell 1")), qPrintable(run.err));
    QVERIFY2(run.err.contains(QStringLiteral("SIGKILL")), qPrintable(run.err));
    const auto cells = cellsOf(output);
    QCOMPARE(cells.size(), 2);
    QCOMPARE(streamText(cells[0].toObject()), QStringLiteral("last words\n")); // the output before the crash is kept
}

void TestCli::displayUpdateAfterStreams()
{
    // Streams around a display in one cell are coalesced; a later cell's update must still land
    // on the display, not on a stream that took its place.
    const QString input = writeNotebook(
        m_dir.filePath(QStringLiteral("display.ipynb")),
        {codeCell(QStringLiteral("from IPython.display import display\nprint('a')\nprint('b')\nh = display('old', display_id=True)\nprint('c')")),
         codeCell(QStringLiteral("h.update('new')"))});
    const QString output = m_dir.filePath(QStringLiteral("display.out.ipynb"));
    const auto run = notebench({QStringLiteral("run"), input, QStringLiteral("-o"), output});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const auto outputs = cellsOf(output)[0].toObject().value(QStringLiteral("outputs")).toArray();
    QCOMPARE(outputs.size(), 3);
    QCOMPARE(textOf(outputs[0].toObject().value(QStringLiteral("text"))), QStringLiteral("a\nb\n"));
    QCOMPARE(textOf(outputs[1].toObject().value(QStringLiteral("data")).toObject().value(QStringLiteral("text/plain"))),
             QStringLiteral("'new'"));
    QVERIFY(!outputs[2].toObject().contains(QStringLiteral("data")));
}

void TestCli::inplaceFailureLeavesFile()
{
    const QString input = writeNotebook(m_dir.filePath(QStringLiteral("keep.ipynb")), {codeCell(QStringLiteral("1/0"))});
    QFile file(input);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray before = file.readAll();
    file.close();
    const auto run = notebench({QStringLiteral("run"), input, QStringLiteral("--inplace")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QStringLiteral("left as it was")), qPrintable(run.err));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), before);
}

void TestCli::listsKernels()
{
    const auto run = notebench({QStringLiteral("kernels")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains(QStringLiteral("python3")), qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral("/kernels/python3")), qPrintable(run.out));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
