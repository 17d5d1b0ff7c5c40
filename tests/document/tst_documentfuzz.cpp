// Robustness: thousands of mutations of a real notebook (truncations, byte flips, insertions, deletions)
// must each give either a notebook or a ReadError, never a crash or an escaped exception; and whatever is
// read must write and read back to the same bytes.
#include "document/reader.h"
#include "document/writer.h"

#include <QtTest>

using namespace Notebench::Document;

class TestDocumentFuzz : public QObject {
    Q_OBJECT

private slots:
    void mutationsNeverCrash_data();
    void mutationsNeverCrash();
};

void TestDocumentFuzz::mutationsNeverCrash_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("truncate") << 0;
    QTest::newRow("flip bytes") << 1;
    QTest::newRow("insert bytes") << 2;
    QTest::newRow("delete range") << 3;
    QTest::newRow("structural bytes") << 4;
}

void TestDocumentFuzz::mutationsNeverCrash()
{
    QFETCH(int, kind);
    QFile file(QStringLiteral(NOTEBENCH_TEST_DATA_DIR "/notebooks/document-sample.ipynb"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const std::string original = file.readAll().toStdString();
    QVERIFY(readNotebook(original, "sample.ipynb").notebook.has_value());

    QRandomGenerator random(20240611u + static_cast<quint32>(kind)); // fixed seed: failures reproduce
    const char structural[] = "{}[],:\"\\0123456789-eE.ntf \n\x85\xff";
    int notebooks = 0;
    int errors = 0;
    for (int round = 0; round < 600; ++round) {
        std::string bytes = original;
        const auto at = [&] { return static_cast<std::size_t>(random.bounded(static_cast<quint32>(bytes.size()))); };
        switch (kind) {
        case 0: bytes.resize(at()); break;
        case 1:
            for (int n = random.bounded(1, 8); n > 0; --n)
                bytes[at()] = static_cast<char>(random.bounded(256));
            break;
        case 2:
            for (int n = random.bounded(1, 4); n > 0; --n)
                bytes.insert(at(), 1, static_cast<char>(random.bounded(256)));
            break;
        case 3: {
            const std::size_t start = at();
            bytes.erase(start, static_cast<std::size_t>(random.bounded(1, 64)));
            break;
        }
        default:
            for (int n = random.bounded(1, 4); n > 0; --n)
                bytes[at()] = structural[random.bounded(static_cast<int>(sizeof structural) - 1)];
            break;
        }
        ReadResult result;
        try {
            result = readNotebook(bytes, "mutated.ipynb");
        } catch (...) {
            QFAIL(qPrintable(QStringLiteral("exception escaped in round %1").arg(round)));
        }
        QVERIFY2(result.notebook.has_value() != result.error.has_value(), "exactly one of notebook and error");
        if (result.error) {
            ++errors;
            QVERIFY(!result.error->message.empty());
            continue;
        }
        ++notebooks;
        const std::string written = writeNotebook(*result.notebook);
        const ReadResult again = readNotebook(written, "rewritten.ipynb");
        QVERIFY2(again.notebook, again.error ? again.error->toString().c_str() : "");
        QCOMPARE(writeNotebook(*again.notebook), written);
    }
    qInfo("%d notebooks, %d errors", notebooks, errors);
    QVERIFY(errors > 0);
}

QTEST_GUILESS_MAIN(TestDocumentFuzz)
#include "tst_documentfuzz.moc"
