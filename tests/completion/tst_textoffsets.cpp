// UTF-8 bytes (QScintilla), UTF-16 units (Qt) and code points (the Jupyter protocol), both ways.
#include "completion/textoffsets.h"

#include <QTest>

using namespace Notebench::Completion;

class TestTextOffsets : public QObject {
    Q_OBJECT
private slots:
    void roundTrip_data();
    void roundTrip();
    void insideCharacters();
    void outOfRange();
    void protocolExample();
};

void TestTextOffsets::roundTrip_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("ascii") << QStringLiteral("import os");
    QTest::newRow("two-byte greek") << QStringLiteral("α = 1; os.pa");
    QTest::newRow("three-byte euro") << QStringLiteral("price = '€€'; x");
    QTest::newRow("astral emoji") << QStringLiteral("s = '\U0001F600\U0001F600'; s.up");
    QTest::newRow("astral math letters") << QStringLiteral("\U0001D518 = 2; \U0001D518.re");
    QTest::newRow("combining acute") << QStringLiteral("cafe\u0301 = 1; cafe\u0301.");
    QTest::newRow("mixed lines") << QStringLiteral("a = 'ü'\nb = '\U0001F40D'\nc.");
    QTest::newRow("empty") << QString();
}

// Every code point position maps to the same place in all three counts.
void TestTextOffsets::roundTrip()
{
    QFETCH(QString, text);
    const QByteArray utf8 = text.toUtf8();
    const int total = static_cast<int>(text.toUcs4().size());
    for (int point = 0; point <= total; ++point) {
        const qsizetype bytes = utf8OffsetOfCodePoint(utf8, point);
        const qsizetype units = utf16OffsetOfCodePoint(text, point);
        QCOMPARE(QString::fromUtf8(utf8.left(bytes)), text.left(units));
        QCOMPARE(static_cast<int>(text.left(units).toUcs4().size()), point);
        QCOMPARE(codePointsInUtf8(utf8, bytes), point);
        QCOMPARE(codePointsInUtf16(text, units), point);
    }
    QCOMPARE(codePointsInUtf8(utf8, utf8.size()), total);
    QCOMPARE(codePointsInUtf16(text, text.size()), total);
}

// An offset that splits a character has not reached it: it never yields half a character.
void TestTextOffsets::insideCharacters()
{
    const QString text = QStringLiteral("a\U0001F600b");   // 'a', 4 bytes / 2 units, 'b'
    const QByteArray utf8 = text.toUtf8();
    QCOMPARE(utf8.size(), 6);
    for (int byte = 2; byte <= 4; ++byte)
        QCOMPARE(codePointsInUtf8(utf8, byte), 1);
    QCOMPARE(codePointsInUtf8(utf8, 5), 2);
    QCOMPARE(codePointsInUtf16(text, 2), 1);   // between the surrogates
    QCOMPARE(codePointsInUtf16(text, 3), 2);
    // A lone surrogate counts as one code point, as Python's str would hold it.
    const QString lone = QString(QChar(0xD83D)) + QLatin1Char('x');
    QCOMPARE(codePointsInUtf16(lone, 2), 2);
    QCOMPARE(utf16OffsetOfCodePoint(lone, 1), 1);
}

void TestTextOffsets::outOfRange()
{
    const QString text = QStringLiteral("é\U0001F600");
    const QByteArray utf8 = text.toUtf8();
    QCOMPARE(codePointsInUtf8(utf8, -7), 0);
    QCOMPARE(codePointsInUtf8(utf8, 999), 2);
    QCOMPARE(utf8OffsetOfCodePoint(utf8, -1), 0);
    QCOMPARE(utf8OffsetOfCodePoint(utf8, 99), utf8.size());
    QCOMPARE(codePointsInUtf16(text, -1), 0);
    QCOMPARE(codePointsInUtf16(text, 99), 2);
    QCOMPARE(utf16OffsetOfCodePoint(text, 99), text.size());
    QCOMPARE(codePointsInUtf8(QByteArray("\xff\xfe\x80", 3), 3), 2);   // garbage bytes: bounded, no crash
}

// ecosystem.md §1.5: for "α = 1; os.pa" ipykernel answered cursor_start=10, cursor_end=12.
void TestTextOffsets::protocolExample()
{
    const QString code = QStringLiteral("α = 1; os.pa");
    const QByteArray utf8 = code.toUtf8();
    QCOMPARE(codePointsInUtf8(utf8, utf8.size()), 12);
    QCOMPARE(utf8OffsetOfCodePoint(utf8, 10), 11);   // the 'p' of "pa", one byte later than its code point
    QCOMPARE(utf16OffsetOfCodePoint(code, 10), 10);
}

QTEST_GUILESS_MAIN(TestTextOffsets)
#include "tst_textoffsets.moc"
