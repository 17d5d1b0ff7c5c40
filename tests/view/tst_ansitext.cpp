// AnsiText: SGR colours and attributes, carriage return and backspace, and malformed input.
#include "view/ansiformat.h"
#include "view/ansitext.h"

#include <QTest>

using namespace Notebench::Editor;

namespace {

QString describeColor(const AnsiColor& color)
{
    switch (color.kind) {
    case AnsiColor::Kind::Default:
        return {};
    case AnsiColor::Kind::Indexed:
        return QString::number(color.index);
    case AnsiColor::Kind::Rgb:
        return QStringLiteral("#%1%2%3")
            .arg(color.red, 2, 16, QChar(u'0'))
            .arg(color.green, 2, 16, QChar(u'0'))
            .arg(color.blue, 2, 16, QChar(u'0'));
    }
    return {};
}

// "text{fg=1 bg=#ff0000 b i u v}" per run; a run in the default style is just its text.
QString describe(const std::vector<AnsiRun>& runs)
{
    QString result;
    for (const AnsiRun& run : runs) {
        QStringList attributes;
        if (const QString fg = describeColor(run.style.foreground); !fg.isEmpty())
            attributes << QStringLiteral("fg=") + fg;
        if (const QString bg = describeColor(run.style.background); !bg.isEmpty())
            attributes << QStringLiteral("bg=") + bg;
        if (run.style.bold) attributes << QStringLiteral("b");
        if (run.style.italic) attributes << QStringLiteral("i");
        if (run.style.underline) attributes << QStringLiteral("u");
        if (run.style.inverse) attributes << QStringLiteral("v");
        result += run.text;
        if (!attributes.isEmpty())
            result += u'{' + attributes.join(u' ') + u'}';
        result += u'|';
    }
    return result;
}

} // namespace

class TestAnsiText : public QObject {
    Q_OBJECT
private slots:
    void parse_data();
    void parse();
    void plainText();
    void paletteColours();
    void inverseSwapsColours();
};

void TestAnsiText::parse_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    const QString e = QStringLiteral("\x1b");
    // clang-format off
    QTest::newRow("plain")               << "hello" << "hello|";
    QTest::newRow("empty")               << "" << "";
    QTest::newRow("red then reset")      << e + "[31mred" + e + "[0m ok" << "red{fg=1}| ok|";
    QTest::newRow("empty SGR resets")    << e + "[31mred" + e + "[m ok" << "red{fg=1}| ok|";
    QTest::newRow("bright foreground")   << e + "[92mgo" << "go{fg=10}|";
    QTest::newRow("background")          << e + "[44mbg" + e + "[49mx" << "bg{bg=4}|x|";
    QTest::newRow("bright background")   << e + "[103my" << "y{bg=11}|";
    QTest::newRow("default foreground")  << e + "[31ma" + e + "[39mb" << "a{fg=1}|b|";
    QTest::newRow("256 colour")          << e + "[38;5;208mo" << "o{fg=208}|";
    QTest::newRow("256 background")      << e + "[48;5;22mo" << "o{bg=22}|";
    QTest::newRow("truecolour")          << e + "[38;2;255;128;0mo" << "o{fg=#ff8000}|";
    QTest::newRow("truecolour bg")       << e + "[48;2;1;2;3mo" << "o{bg=#010203}|";
    QTest::newRow("combined")            << e + "[1;4;31mx" << "x{fg=1 b u}|";
    QTest::newRow("bold off")            << e + "[1ma" + e + "[22mb" << "a{b}|b|";
    QTest::newRow("italic")              << e + "[3mi" + e + "[23mn" << "i{i}|n|";
    QTest::newRow("underline off")       << e + "[4mu" + e + "[24mn" << "u{u}|n|";
    QTest::newRow("inverse")             << e + "[7mv" + e + "[27mn" << "v{v}|n|";
    QTest::newRow("attrs kept over colour") << e + "[1m" + e + "[32mg" << "g{fg=2 b}|";
    QTest::newRow("colour after 256")    << e + "[38;5;1;4mx" << "x{fg=1 u}|";
    QTest::newRow("newline keeps style") << e + "[31ma\nb" << "a\nb{fg=1}|";
    QTest::newRow("carriage return")     << "10%\r50%\r99%" << "99%|";
    QTest::newRow("CR shorter overwrite") << "abcdef\rXY" << "XYcdef|";
    QTest::newRow("CRLF is newline")     << "a\r\nb" << "a\nb|";
    QTest::newRow("CR per line")         << "a\rb\nc\rd" << "b\nd|";
    QTest::newRow("CR keeps styles")     << e + "[31mabc\r" + e + "[0mX" << "X|bc{fg=1}|";
    QTest::newRow("backspace")           << "abc\b\bX" << "aXc|";
    QTest::newRow("backspace at start")  << "\b\bab" << "ab|";
    QTest::newRow("erase line dropped")  << "a" + e + "[2Kb" << "ab|";
    QTest::newRow("cursor move dropped") << "a" + e + "[1Ab" << "ab|";
    QTest::newRow("OSC title dropped")   << "a" + e + "]0;title\x07" + "b" << "ab|";
    QTest::newRow("OSC with ST")         << "a" + e + "]0;t" + e + "\\b" << "ab|";
    QTest::newRow("unterminated CSI")    << "a" + e + "[31" << "a|";
    QTest::newRow("lone ESC at end")     << "a" + e << "a|";
    QTest::newRow("ESC other dropped")   << "a" + e + "7b" << "ab|";
    QTest::newRow("bad 256 index")       << e + "[38;5;300mx" << "x|";
    QTest::newRow("truncated truecolour") << e + "[38;2;1mx" << "x|";
    QTest::newRow("38 without mode")     << e + "[38mx" << "x|";
    QTest::newRow("garbage parameter")   << e + "[3x1mz" << "1mz|";
    QTest::newRow("unknown code ignored") << e + "[5;31mx" << "x{fg=1}|";
    QTest::newRow("CSI broken by newline") << "a" + e + "[3\nb" << "a\nb|";
    // clang-format on
}

void TestAnsiText::parse()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(describe(AnsiText::parse(input)), expected);
}

void TestAnsiText::plainText()
{
    const QString progress = QStringLiteral("\x1b[32m 10%\x1b[0m\r\x1b[32m100%\x1b[0m done\n");
    QCOMPARE(AnsiText::plainText(progress), QStringLiteral("100% done\n"));
    // Oversized input: a long progress line rewritten many times stays one line.
    QString big;
    for (int i = 0; i < 20000; ++i)
        big += QStringLiteral("\r%1").arg(i, 5);
    QCOMPARE(AnsiText::plainText(big), QStringLiteral("19999"));
}

void TestAnsiText::paletteColours()
{
    using Kind = AnsiColor::Kind;
    QVERIFY(!AnsiFormat::color({}).isValid());
    QCOMPARE(AnsiFormat::color({Kind::Indexed, 1}), QColor(0xe7, 0x5c, 0x58));
    QCOMPARE(AnsiFormat::color({Kind::Indexed, 16}), QColor(0, 0, 0));
    QCOMPARE(AnsiFormat::color({Kind::Indexed, 208}), QColor(255, 135, 0));   // xterm 208 = #ff8700
    QCOMPARE(AnsiFormat::color({Kind::Indexed, 232}), QColor(8, 8, 8));
    QCOMPARE(AnsiFormat::color({Kind::Indexed, 255}), QColor(238, 238, 238));
    QCOMPARE(AnsiFormat::color({Kind::Rgb, 0, 1, 2, 3}), QColor(1, 2, 3));
}

void TestAnsiText::inverseSwapsColours()
{
    AnsiStyle style;
    style.foreground = {AnsiColor::Kind::Indexed, 1};
    style.inverse = true;
    const QTextCharFormat format = AnsiFormat::format(style, {});
    QCOMPARE(format.background().color(), AnsiFormat::color(style.foreground));
    QCOMPARE(format.foreground().color(), QColor(Qt::white));
}

QTEST_GUILESS_MAIN(TestAnsiText)
#include "tst_ansitext.moc"
