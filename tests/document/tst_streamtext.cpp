// Long stream outputs: head and tail in memory, the middle in a spill file, and the saved notebook
// exactly what Jupyter saves for the same stream messages (nbconvert's coalesce_streams, then
// nbformat.write, run by stream_oracle.py).
#include "document/outputstreams.h"
#include "document/reader.h"
#include "document/streamtext.h"
#include "document/writer.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace Notebench::Document;

namespace {
const QString kPython = QStringLiteral("/usr/bin/python3");

// Small limits, so that a few lines cross head, spill and tail.
constexpr StreamLimits kSmall{3, 64, 4, 64};

std::string coalescedReference(const std::vector<std::string>& chunks)
{
    nlohmann::json outputs = nlohmann::json::array();
    for (const auto& chunk : chunks)
        outputs.push_back({{"output_type", "stream"}, {"name", "stdout"}, {"text", chunk}});
    coalesceStreams(outputs);
    return outputs.empty() ? std::string() : outputs[0]["text"].get<std::string>();
}

Notebook oneCellNotebook(nlohmann::json output)
{
    Notebook notebook;
    Cell cell;
    cell.id = "stream-cell";
    cell.outputs.push_back(std::move(output));
    notebook.cells.push_back(std::move(cell));
    return notebook;
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
} // namespace

class TestStreamText : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void readsAsCoalesceStreams_data();
    void readsAsCoalesceStreams();
    void keepsHeadAndTailAndSpillsTheMiddle();
    void savedFileMatchesNbformat_data();
    void savedFileMatchesNbformat();
    void copyKeepsWhatItSawWhileTheStreamGoesOn();
    void withoutSpillDirectoryNothingIsLost();
    void missingSpillFailsTheSaveAndKeepsTheFile();
    void readerDropsTheElidedKey();

private:
    QTemporaryDir m_dir;
    bool m_haveOracle = false;
};

void TestStreamText::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QProcess probe;
    probe.start(kPython, {QStringLiteral("-c"), QStringLiteral("import nbformat, nbconvert")});
    m_haveOracle = probe.waitForFinished(60000) && probe.exitStatus() == QProcess::NormalExit && probe.exitCode() == 0;
}

void TestStreamText::readsAsCoalesceStreams_data()
{
    QTest::addColumn<QStringList>("chunks");
    QTest::newRow("lines") << QStringList{"a\nb\n", "c\n"};
    QTest::newRow("unfinished line across messages") << QStringList{"ab", "c\nd", "e\n", "f"};
    QTest::newRow("progress bar") << QStringList{"0%\r", "50%\r", "100%\n", "done\n"};
    QTest::newRow("cr then lf in the next message") << QStringList{"x\r", "\n", "y\n"};
    QTest::newRow("cr cr") << QStringList{"a\r", "\rb\n"};
    QTest::newRow("crlf inside") << QStringList{"a\r\nb\rc\r\n"};
    QTest::newRow("trailing cr kept") << QStringList{"a\n", "b\r"};
    QTest::newRow("only cr") << QStringList{"\r", "\r", "\r"};
    QTest::newRow("backspace kept as received") << QStringList{"ab\b\bc\n"};
    QStringList many;
    for (int i = 0; i < 40; ++i)
        many << QStringLiteral("line %1\n").arg(i) << QStringLiteral("%1%\r").arg(i);
    many << "end";
    QTest::newRow("progress across head, spill and tail") << many;
    QTest::newRow("one long line") << QStringList{QString(500, 'x'), QString(500, 'y') + "\n", "z\n"};
}

void TestStreamText::readsAsCoalesceStreams()
{
    QFETCH(QStringList, chunks);
    std::vector<std::string> raw;
    StreamText stream("stdout", m_dir.filePath("spill").toStdString(), kSmall);
    for (const QString& chunk : chunks) {
        raw.push_back(chunk.toStdString());
        stream.append(raw.back());
    }
    QCOMPARE(QString::fromStdString(stream.text()), QString::fromStdString(coalescedReference(raw)));
}

void TestStreamText::keepsHeadAndTailAndSpillsTheMiddle()
{
    StreamText stream("stdout", m_dir.filePath("spill").toStdString(), kSmall);
    std::string all;
    for (int i = 0; i < 1000; ++i) {
        const std::string line = std::to_string(i) + "\n";
        stream.append(line);
        all += line;
    }
    QVERIFY(stream.isElided());
    const nlohmann::json output = stream.output();
    QCOMPARE(output["text"].get<std::string>(), std::string("0\n1\n2\n"));
    const auto& elided = output[kElidedKey];
    QCOMPARE(elided["tail"].get<std::string>(), std::string("996\n997\n998\n999\n"));
    QCOMPARE(elided["lines"].get<std::uint64_t>(), std::uint64_t(1000 - 3 - 4));
    QCOMPARE(elided["bytes"].get<std::uint64_t>(), std::uint64_t(all.size() - 6 - 16));
    QVERIFY(QFile::exists(QString::fromStdString(elided["file"].get<std::string>())));
    QVERIFY(output.dump().size() < 400); // the model's copy holds head and tail only
    QCOMPARE(stream.text(), all);

    const auto file = QString::fromStdString(elided["file"].get<std::string>());
    { StreamText gone = std::move(stream); }
    QVERIFY2(!QFile::exists(file), "the spill file goes with its last owner");
}

void TestStreamText::savedFileMatchesNbformat_data()
{
    QTest::addColumn<int>("lines");
    QTest::addColumn<bool>("progress");
    QTest::newRow("small, no spill") << 3 << false;
    QTest::newRow("2,000 lines") << 2000 << false;
    QTest::newRow("20,000 lines with progress bars") << 20000 << true;
}

void TestStreamText::savedFileMatchesNbformat()
{
    if (!m_haveOracle)
        QSKIP("the oracle needs Python nbformat and nbconvert (apt install python3-nbformat python3-nbconvert)");
    QFETCH(int, lines);
    QFETCH(bool, progress);
    // Messages of uneven size, as ipykernel's flushes make them; a progress bar's '\r' falls on
    // message boundaries too.
    QJsonArray chunks;
    std::string chunk;
    StreamText stream("stderr", m_dir.filePath("spill").toStdString(), StreamLimits{100, 4096, 100, 4096});
    for (int i = 0; i < lines; ++i) {
        chunk.append("line ").append(std::to_string(i));
        chunk.append(i % 7 == 0 ? " é 中文 \"q\" \\ \x1b[31mred\x1b[0m\n" : "\n");
        if (progress && i % 50 == 0)
            chunk += std::to_string(i % 100) + "%\r";
        if (i % 37 == 0 || i + 1 == lines) {
            chunks.append(QString::fromStdString(chunk));
            stream.append(chunk);
            chunk.clear();
        }
    }
    QCOMPARE(stream.isElided(), lines > 200);
    const QString spec = m_dir.filePath(QStringLiteral("spec-%1.json").arg(lines));
    QFile specFile(spec);
    QVERIFY(specFile.open(QIODevice::WriteOnly));
    specFile.write(QJsonDocument(QJsonObject{{"name", "stderr"}, {"chunks", chunks}}).toJson());
    specFile.close();
    const QString expected = m_dir.filePath(QStringLiteral("expected-%1.ipynb").arg(lines));
    QProcess oracle;
    oracle.start(kPython, {QStringLiteral(NOTEBENCH_STREAM_ORACLE), spec, expected});
    QVERIFY2(oracle.waitForFinished(120000), "the stream oracle did not finish within 120 s");
    QVERIFY2(oracle.exitCode() == 0, oracle.readAllStandardError().constData());

    const QString saved = m_dir.filePath(QStringLiteral("saved-%1.ipynb").arg(lines));
    QCOMPARE(saveNotebookFile(saved.toStdString(), oneCellNotebook(stream.output())), std::string());
    const QByteArray ours = readAll(saved);
    QVERIFY(!ours.isEmpty());
    QVERIFY2(ours == readAll(expected), "the saved notebook differs from nbformat.write's");
    QCOMPARE(QByteArray::fromStdString(writeNotebook(oneCellNotebook(stream.output()))), ours);
}

void TestStreamText::copyKeepsWhatItSawWhileTheStreamGoesOn()
{
    StreamText stream("stdout", m_dir.filePath("spill").toStdString(), kSmall);
    for (int i = 0; i < 100; ++i)
        stream.append(std::to_string(i) + "a\n");
    const std::string textThen = stream.text();
    const Notebook snapshot = oneCellNotebook(stream.output()); // as a background save or the journal copies it
    for (int i = 0; i < 100; ++i)
        stream.append(std::to_string(i) + "b\n");
    const ReadResult read = readNotebook(writeNotebook(snapshot), "snapshot");
    QVERIFY(read.notebook);
    QCOMPARE(read.notebook->cells[0].outputs[0]["text"].get<std::string>(), textThen);
}

void TestStreamText::withoutSpillDirectoryNothingIsLost()
{
    QFile blocker(m_dir.filePath("not-a-directory"));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    // A directory that cannot be made (a file is in the way), and no directory at all.
    for (const std::string& directory : {m_dir.filePath("not-a-directory/spill").toStdString(), std::string()}) {
        StreamText stream("stdout", directory, kSmall);
        std::string all;
        for (int i = 0; i < 50; ++i) {
            all += std::to_string(i) + "\n";
            stream.append(std::to_string(i) + "\n");
        }
        QVERIFY(!stream.isElided());
        QCOMPARE(stream.output()["text"].get<std::string>(), all);
        QCOMPARE(stream.spillError().empty(), directory.empty());
    }
}

void TestStreamText::missingSpillFailsTheSaveAndKeepsTheFile()
{
    StreamText stream("stdout", m_dir.filePath("spill").toStdString(), kSmall);
    for (int i = 0; i < 100; ++i)
        stream.append(std::to_string(i) + "\n");
    nlohmann::json output = stream.output();
    output[kElidedKey]["file"] = m_dir.filePath("spill/no-such-file").toStdString();
    const QString target = m_dir.filePath("kept.ipynb");
    QFile existing(target);
    QVERIFY(existing.open(QIODevice::WriteOnly));
    existing.write("before");
    existing.close();
    const std::string error = saveNotebookFile(target.toStdString(), oneCellNotebook(output));
    QVERIFY2(error.find("could not be read back") != std::string::npos, error.c_str());
    QCOMPARE(readAll(target), QByteArray("before"));
}

void TestStreamText::readerDropsTheElidedKey()
{
    const std::string file = R"({"cells": [{"cell_type": "code", "execution_count": null, "id": "c", "metadata": {},
        "outputs": [{"name": "stdout", "output_type": "stream", "text": ["a\n"],
                     "notebench_elided": {"file": "/etc/hostname", "bytes": 3, "lines": 1, "tail": ""}}],
        "source": []}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})";
    const ReadResult read = readNotebook(file, "planted.ipynb");
    QVERIFY(read.notebook);
    const auto& output = read.notebook->cells[0].outputs[0];
    QVERIFY(!output.contains(kElidedKey));
    QVERIFY(writeNotebook(*read.notebook).find("hostname") == std::string::npos);
}

QTEST_GUILESS_MAIN(TestStreamText)
#include "tst_streamtext.moc"
