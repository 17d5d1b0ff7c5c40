// splitLines must match Python's str.splitlines(keepends=True) on UTF-8 text, line break kind by kind.
#include "document/splitlines.h"

#include <QtTest>

using namespace Notebench::Document;

class TestSplitLines : public QObject {
    Q_OBJECT

private slots:
    void splitLines_data();
    void splitLines();
    void multilineRoundTrip_data() { splitLines_data(); }
    void multilineRoundTrip();
    void joinLinesAcceptsBothForms();
};

void TestSplitLines::splitLines_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QList<QByteArray>>("expected");
    using L = QList<QByteArray>;

    QTest::newRow("empty") << QByteArray() << L{};
    QTest::newRow("no newline") << QByteArray("abc") << L{"abc"};
    QTest::newRow("trailing LF") << QByteArray("a\n") << L{"a\n"};
    QTest::newRow("LF only") << QByteArray("\n") << L{"\n"};
    QTest::newRow("two LFs") << QByteArray("\n\n") << L{"\n", "\n"};
    QTest::newRow("LF no trailing") << QByteArray("a\nb") << L{"a\n", "b"};
    QTest::newRow("CRLF") << QByteArray("a\r\nb\r\n") << L{"a\r\n", "b\r\n"};
    QTest::newRow("lone CR") << QByteArray("a\rb") << L{"a\r", "b"};
    QTest::newRow("CR at end") << QByteArray("a\r") << L{"a\r"};
    QTest::newRow("LF CR is two breaks") << QByteArray("a\n\rb") << L{"a\n", "\r", "b"};
    QTest::newRow("CR CR LF") << QByteArray("a\r\r\nb") << L{"a\r", "\r\n", "b"};
    QTest::newRow("progress bar") << QByteArray("10%\r50%\r100%\n") << L{"10%\r", "50%\r", "100%\n"};
    QTest::newRow("VT") << QByteArray("a\vb") << L{"a\v", "b"};
    QTest::newRow("FF") << QByteArray("a\fb") << L{"a\f", "b"};
    QTest::newRow("FS 1c") << QByteArray("a\x1c" "b") << L{"a\x1c", "b"};
    QTest::newRow("GS 1d") << QByteArray("a\x1d" "b") << L{"a\x1d", "b"};
    QTest::newRow("RS 1e") << QByteArray("a\x1e" "b") << L{"a\x1e", "b"};
    QTest::newRow("US 1f is not a break") << QByteArray("a\x1f" "b") << L{"a\x1f" "b"};
    QTest::newRow("tab is not a break") << QByteArray("a\tb") << L{"a\tb"};
    QTest::newRow("NEL U+0085") << QByteArray("a\xC2\x85" "b") << L{"a\xC2\x85", "b"};
    QTest::newRow("LS U+2028") << QByteArray("a\xE2\x80\xA8" "b") << L{"a\xE2\x80\xA8", "b"};
    QTest::newRow("PS U+2029") << QByteArray("a\xE2\x80\xA9" "b") << L{"a\xE2\x80\xA9", "b"};
    QTest::newRow("U+2027 is not a break") << QByteArray("a\xE2\x80\xA7" "b") << L{"a\xE2\x80\xA7" "b"};
    QTest::newRow("U+00A0 is not a break") << QByteArray("a\xC2\xA0" "b") << L{"a\xC2\xA0" "b"};
    QTest::newRow("U+0085 at end") << QByteArray("a\xC2\x85") << L{"a\xC2\x85"};
    QTest::newRow("truncated E2 80 at end") << QByteArray("a\xE2\x80") << L{"a\xE2\x80"};
    QTest::newRow("multi-byte text") << QByteArray("é中\n😀\n") << L{"é中\n", "😀\n"};
    QTest::newRow("mixed") << QByteArray("1\n2\r\n3\r4\v5\xC2\x85" "6\xE2\x80\xA9" "7")
                           << L{"1\n", "2\r\n", "3\r", "4\v", "5\xC2\x85", "6\xE2\x80\xA9", "7"};
    QTest::newRow("NUL is kept") << QByteArray("a\0b\n", 4) << L{QByteArray("a\0b\n", 4)};
}

void TestSplitLines::splitLines()
{
    QFETCH(QByteArray, text);
    QFETCH(QList<QByteArray>, expected);
    QList<QByteArray> actual;
    for (std::string_view line : Notebench::Document::splitLines(std::string_view(text.constData(), text.size())))
        actual.append(QByteArray(line.data(), static_cast<qsizetype>(line.size())));
    QCOMPARE(actual, expected);
}

void TestSplitLines::multilineRoundTrip()
{
    QFETCH(QByteArray, text);
    QFETCH(QList<QByteArray>, expected);
    const nlohmann::json lines = toMultiline(std::string_view(text.constData(), text.size()));
    QVERIFY(lines.is_array());
    QCOMPARE(lines.size(), static_cast<std::size_t>(expected.size()));
    QCOMPARE(joinLines(lines), text.toStdString());
}

void TestSplitLines::joinLinesAcceptsBothForms()
{
    QCOMPARE(joinLines(nlohmann::json("abc")), std::string("abc"));
    QCOMPARE(joinLines(nlohmann::json::array({"a\n", "b"})), std::string("a\nb"));
    QCOMPARE(joinLines(nlohmann::json::array()), std::string());
    QCOMPARE(joinLines(nlohmann::json(5)), std::string());
}

QTEST_GUILESS_MAIN(TestSplitLines)
#include "tst_splitlines.moc"
