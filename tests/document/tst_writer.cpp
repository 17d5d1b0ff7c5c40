// The writer against its oracle: Python nbformat writes the notebooks, we read and write them back, and the
// bytes must be identical. Also: atomic saving, and no crash on text that is not UTF-8.
#include "document/reader.h"
#include "document/writer.h"

#include <QtTest>

#include <filesystem>

#ifndef _WIN32
#include <unistd.h>
#endif

using namespace Notebench::Document;

namespace {

const QString kPython = QStringLiteral("/usr/bin/python3");

QByteArray fileBytes(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

// Where the first difference is, so a failing comparison says something useful.
QByteArray firstDifference(const QByteArray& actual, const QByteArray& expected)
{
    qsizetype i = 0;
    while (i < actual.size() && i < expected.size() && actual[i] == expected[i])
        ++i;
    return "differ at byte " + QByteArray::number(i) + ": got «" + actual.mid(qMax<qsizetype>(0, i - 40), 80)
        + "» expected «" + expected.mid(qMax<qsizetype>(0, i - 40), 80) + "»";
}

QByteArray roundTrip(const QString& path, std::vector<std::string>* notices = nullptr)
{
    const ReadResult result = readNotebookFile(path.toStdString());
    if (!result.notebook)
        return "READ ERROR: " + QByteArray::fromStdString(result.error->toString());
    if (notices != nullptr)
        *notices = result.notices;
    return QByteArray::fromStdString(writeNotebook(*result.notebook));
}

} // namespace

class TestWriter : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void nbformatOutputComesBackByteIdentical_data();
    void nbformatOutputComesBackByteIdentical();
    void nonCanonicalInputIsWrittenAsNbformatWould_data();
    void nonCanonicalInputIsWrittenAsNbformatWould();
    void olderMinorStaysWithoutIds();
    void streamingWriteMatches();
    void newCellsInNewNotebook();
    void invalidUtf8DoesNotBreakTheFile();
    void saveReplacesAtomically();
    void saveIntoReadOnlyDirectoryFails();
    void saveUnderAFileFails();

private:
    QTemporaryDir m_dir;
    QString m_skipReason;
};

void TestWriter::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QProcess probe;
    probe.start(kPython, {QStringLiteral("-c"), QStringLiteral("import nbformat")});
    if (!probe.waitForFinished(60000) || probe.exitStatus() != QProcess::NormalExit || probe.exitCode() != 0) {
        m_skipReason = QStringLiteral("the oracle needs Python nbformat: %1 -c 'import nbformat' failed (apt install "
                                      "python3-nbformat)").arg(kPython);
        return;
    }
    QProcess oracle;
    oracle.start(kPython, {QStringLiteral(NOTEBENCH_NBFORMAT_ORACLE), QStringLiteral("generate"), m_dir.path()});
    QVERIFY2(oracle.waitForFinished(120000), "the nbformat oracle did not finish within 120 s");
    QVERIFY2(oracle.exitCode() == 0, oracle.readAllStandardError().constData());
}

void TestWriter::nbformatOutputComesBackByteIdentical_data()
{
    QTest::addColumn<QString>("path");
    for (const QString& name : {QStringLiteral("canonical-tricky45"), QStringLiteral("canonical-tricky44"),
                                QStringLiteral("canonical-empty"), QStringLiteral("canonical-colab")})
        QTest::newRow(qPrintable(name)) << m_dir.filePath(name + ".ipynb");
    QTest::newRow("checked-in sample") << QStringLiteral(NOTEBENCH_TEST_DATA_DIR "/notebooks/document-sample.ipynb");
}

void TestWriter::nbformatOutputComesBackByteIdentical()
{
    if (!m_skipReason.isEmpty())
        QSKIP(qPrintable(m_skipReason));
    QFETCH(QString, path);
    const QByteArray expected = fileBytes(path);
    QVERIFY2(!expected.isEmpty(), qPrintable(path));
    std::vector<std::string> notices;
    const QByteArray actual = roundTrip(path, &notices);
    QVERIFY2(actual == expected, firstDifference(actual, expected).constData());
    QVERIFY(notices.empty());
}

void TestWriter::nonCanonicalInputIsWrittenAsNbformatWould_data()
{
    QTest::addColumn<QString>("name");
    for (const char* name : {"indent4", "unsorted", "compact-ascii", "crlf", "no-final-newline", "signed-and-trusted",
                             "colab"})
        QTest::newRow(name) << QString::fromLatin1(name);
}

void TestWriter::nonCanonicalInputIsWrittenAsNbformatWould()
{
    if (!m_skipReason.isEmpty())
        QSKIP(qPrintable(m_skipReason));
    QFETCH(QString, name);
    const QByteArray expected = fileBytes(m_dir.filePath("input-" + name + ".expected"));
    QVERIFY(!expected.isEmpty());
    const QByteArray actual = roundTrip(m_dir.filePath("input-" + name + ".ipynb"));
    QVERIFY2(actual == expected, firstDifference(actual, expected).constData());
}

void TestWriter::olderMinorStaysWithoutIds()
{
    if (!m_skipReason.isEmpty())
        QSKIP(qPrintable(m_skipReason));
    ReadResult result = readNotebookFile(m_dir.filePath("canonical-tricky44.ipynb").toStdString());
    QVERIFY(result.notebook);
    Notebook& nb = *result.notebook;
    QCOMPARE(nb.nbformatMinor, 4);
    nb.insertCell(1, CellType::Code, "new = 1\n");
    const std::string written = writeNotebook(nb);
    QVERIFY(written.find("\"id\":") == std::string::npos);
    QVERIFY(written.find("\"nbformat_minor\": 4\n") != std::string::npos);
}

void TestWriter::streamingWriteMatches()
{
    if (!m_skipReason.isEmpty())
        QSKIP(qPrintable(m_skipReason));
    const ReadResult result = readNotebookFile(m_dir.filePath("canonical-tricky45.ipynb").toStdString());
    QVERIFY(result.notebook);
    std::string streamed;
    int chunks = 0;
    writeNotebook(*result.notebook, [&](std::string_view chunk) {
        streamed.append(chunk);
        ++chunks;
    });
    QVERIFY(chunks >= 1);
    QCOMPARE(streamed, writeNotebook(*result.notebook));
}

void TestWriter::newCellsInNewNotebook()
{
    Notebook nb;
    Cell& code = nb.insertCell(0, CellType::Code, "print('é')\n");
    code.executionCount = 2;
    code.outputs.push_back({{"output_type", "stream"}, {"name", "stdout"}, {"text", "é\n"}});
    nb.insertCell(1, CellType::Markdown, "");
    const ReadResult back = readNotebook(writeNotebook(nb), "new.ipynb");
    QVERIFY(back.notebook);
    QVERIFY(back.notices.empty()); // ids present, valid and unique
    QCOMPARE(back.notebook->cells[0].id, nb.cells[0].id);
    QCOMPARE(back.notebook->cells[0].outputs, nb.cells[0].outputs);
    QCOMPARE(writeNotebook(*back.notebook), writeNotebook(nb));
}

void TestWriter::invalidUtf8DoesNotBreakTheFile()
{
    Notebook nb;
    nb.insertCell(0, CellType::Code, "bad \xff\xfe byte \xC3");
    nb.metadata["k\xff"] = "v\x80";
    std::string written;
    try {
        written = writeNotebook(nb);
    } catch (...) {
        QFAIL("writeNotebook threw on invalid UTF-8");
    }
    const ReadResult back = readNotebook(written, "replaced.ipynb");
    QVERIFY2(back.notebook, back.error ? back.error->toString().c_str() : "");
    QCOMPARE(back.notebook->cells[0].source, std::string("bad \xEF\xBF\xBD\xEF\xBF\xBD byte \xEF\xBF\xBD"));
    QCOMPARE(back.notebook->metadata["k\xEF\xBF\xBD"], nlohmann::json("v\xEF\xBF\xBD"));
}

void TestWriter::saveReplacesAtomically()
{
    const QString path = m_dir.filePath(QStringLiteral("saved/target.ipynb"));
    QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("saved"))));
    QFile old(path);
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("old contents");
    old.close();
    QVERIFY(old.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup));
    Notebook nb;
    nb.insertCell(0, CellType::Markdown, "# saved\n");
    QCOMPARE(saveNotebookFile(path.toStdString(), nb), std::string());
    QCOMPARE(fileBytes(path), QByteArray::fromStdString(writeNotebook(nb)));
    QCOMPARE(QFile(path).permissions() & 0x7077, // owner, group, other; not the "user" bits
            
             QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup);
    QCOMPARE(QDir(m_dir.filePath(QStringLiteral("saved"))).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList{QStringLiteral("target.ipynb")});
}

void TestWriter::saveIntoReadOnlyDirectoryFails()
{
#ifndef _WIN32
    if (::geteuid() == 0)
        QSKIP("running as root, which ignores directory permissions; saveUnderAFileFails covers the failure path");
#endif
    const QString dir = m_dir.filePath(QStringLiteral("readonly"));
    QVERIFY(QDir().mkpath(dir));
    const QString path = dir + QStringLiteral("/nb.ipynb");
    QFile original(path);
    QVERIFY(original.open(QIODevice::WriteOnly));
    original.write("original");
    original.close();
    QVERIFY(QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::ExeOwner));
    Notebook nb;
    nb.insertCell(0, CellType::Code, "x = 1\n");
    const std::string error = saveNotebookFile(path.toStdString(), nb);
    const QStringList left = QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
    QVERIFY(QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
    QVERIFY2(QString::fromStdString(error).startsWith("Could not save " + path + ": cannot create a temporary file"),
             error.c_str());
    QCOMPARE(fileBytes(path), QByteArray("original"));
    QCOMPARE(left, QStringList{QStringLiteral("nb.ipynb")});
}

void TestWriter::saveUnderAFileFails()
{
    const QString blocker = m_dir.filePath(QStringLiteral("plain-file"));
    QFile file(blocker);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not a directory");
    file.close();
    const QString path = blocker + QStringLiteral("/nb.ipynb");
    const std::string error = saveNotebookFile(path.toStdString(), Notebook{});
    QVERIFY2(QString::fromStdString(error).startsWith("Could not save " + path + ": "), error.c_str());
    QVERIFY(QString::fromStdString(error).endsWith(QLatin1Char('.')));
    QCOMPARE(fileBytes(blocker), QByteArray("not a directory"));
}

QTEST_GUILESS_MAIN(TestWriter)
#include "tst_writer.moc"
