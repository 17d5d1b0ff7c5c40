// MarkdownMath: which parts of markdown source are math (JupyterLab's removeMath rules), the
// placeholders left for the markdown parser, and the way back.
#include "view/markdowncode.h"
#include "view/markdownmath.h"

#include <QElapsedTimer>
#include <QTest>

using namespace Notebench::Editor;

namespace {

// "i:tex", "d:tex" or "l:source" per span.
QStringList describe(const std::vector<MathSpan>& spans)
{
    QStringList out;
    for (const MathSpan& span : spans) {
        switch (span.kind) {
        case MathSpan::Kind::Inline:
            out << QStringLiteral("i:") + span.tex;
            break;
        case MathSpan::Kind::Display:
            out << QStringLiteral("d:") + span.tex;
            break;
        case MathSpan::Kind::Literal:
            out << QStringLiteral("l:") + span.source;
            break;
        }
    }
    return out;
}

} // namespace

class TestMarkdownMath : public QObject {
    Q_OBJECT
private slots:
    void protect_data();
    void protect();
    void codeRanges_data();
    void codeRanges();
    void placeholderIndex_data();
    void placeholderIndex();
    void hugeInputStaysLinear_data();
    void hugeInputStaysLinear();
};

void TestMarkdownMath::protect_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("spans");

    const auto row = [](const char* name, const QString& source, const QString& text, const QStringList& spans) {
        QTest::newRow(name) << source << text << spans;
    };
    row("no math", "plain *text*", "plain *text*", {});
    row("empty", "", "", {});
    row("inline", "a $x$ b", "a @@0@@ b", {"i:x"});
    row("two inline", "$a_b*c$ and $d_e$", "@@0@@ and @@1@@", {"i:a_b*c", "i:d_e"});
    row("display", "$$x^2$$", "@@0@@", {"d:x^2"});
    row("display on its own lines", "a\n$$\nE=mc^2\n$$\nb", "a\n@@0@@\nb", {"d:\nE=mc^2\n"});
    row("inline over a line break", "$a\nb$", "@@0@@", {"i:a\nb"});
    row("doubled backslash paren", R"(see \\(a+b\\) here)", "see @@0@@ here", {"i:a+b"});
    row("doubled backslash bracket", R"(\\[\sum_i x_i\\])", "@@0@@", {R"(d:\sum_i x_i)"});
    row("single backslash bracket is a markdown escape", R"(array\[0\] and \(x\))", R"(array\[0\] and \(x\))", {});
    row("environment", R"(\begin{align}a&=b\\c\end{align})", "@@0@@", {R"(d:\begin{align}a&=b\\c\end{align})"});
    row("starred environment", R"(x \begin{equation*}y\end{equation*} z)", "x @@0@@ z",
        {R"(d:\begin{equation*}y\end{equation*})"});
    row("mismatched environment", R"(\begin{align}x\end{equation})", R"(\begin{align}x\end{equation})", {});
    row("dollar inside environment", R"(\begin{cases}$a$\end{cases})", "@@0@@", {R"(d:\begin{cases}$a$\end{cases})"});
    row("escaped dollars", R"(cost \$5 and \$6)", R"(cost \$5 and \$6)", {});
    row("currency", "costs $5 and $6 today", "costs $5 and $6 today", {});
    row("currency before digit closer only", "$x$ costs $5", "@@0@@ costs $5", {"i:x"});
    row("escaped backslash then math", R"(\\$x$)", R"(\\@@0@@)", {"i:x"});
    row("code span keeps dollars", "`$x$` and $y$", "`$x$` and @@0@@", {"i:y"});
    row("code span of two backticks", "``a ` $b$`` $c$", "``a ` $b$`` @@0@@", {"i:c"});
    row("code span splits no math", "$a `b$` c$", "@@0@@", {"i:a `b$` c"});
    row("unmatched backtick is text", "` $x$", "` @@0@@", {"i:x"});
    row("fenced code", "```python\nx = $y$\n```\n$z$", "```python\nx = $y$\n```\n@@0@@", {"i:z"});
    row("tilde fence", "~~~\n$$a$$\n~~~\n", "~~~\n$$a$$\n~~~\n", {});
    row("longer closing fence", "```\n$a$\n`````\n$b$", "```\n$a$\n`````\n@@0@@", {"i:b"});
    row("unclosed fence runs to the end", "```\n$x$\n\n$y$", "```\n$x$\n\n$y$", {});
    row("indented fence", "   ```\n$x$\n   ```", "   ```\n$x$\n   ```", {});
    row("unclosed inline", "a $x b", "a $x b", {});
    row("unclosed display", "$$x", "$$x", {});
    row("blank line ends math", "$a\n\nb$", "$a\n\nb$", {});
    row("blank line with spaces ends math", "$a\n  \n b$", "$a\n  \n b$", {});
    row("braces balance before closing", "${a$b}$", "@@0@@", {"i:{a$b}"});
    row("unbalanced braces fall back to last closer", "${a$ b\n\nc", "@@0@@ b\n\nc", {"i:{a"});
    row("unbalanced braces at the end", "${a$ b$ c", "@@0@@ c", {"i:{a$ b"});
    row("escaped braces do not count", R"($\{a$)", "@@0@@", {R"(i:\{a)"});
    row("literal placeholder", "x @@0@@ $y$", "x @@0@@ @@1@@", {"l:@@0@@", "i:y"});
    row("placeholder inside math stays math", "$a @@3@@ b$", "@@0@@", {"i:a @@3@@ b"});
    row("math in a table cell", "| $a|b$ | c |", "| @@0@@ | c |", {"i:a|b"});
    row("double dollar inside inline", "$a$$b$", "@@0@@", {"i:a$$b"});
    row("crlf", "$a$\r\nb\rc", "@@0@@\nb\nc", {"i:a"});
    row("non-ascii", "ünïcode $\\alpha$ ✓", "ünïcode @@0@@ ✓", {"i:\\alpha"});
    row("lone backslash at the end", "a\\", "a\\", {});
    row("begin without braces", "\\begin x $y$", "\\begin x @@0@@", {"i:y"});
}

void TestMarkdownMath::protect()
{
    QFETCH(QString, source);
    QFETCH(QString, text);
    QFETCH(QStringList, spans);
    const ProtectedMarkdown result = MarkdownMath::protect(source);
    QCOMPARE(result.text, text);
    QCOMPARE(describe(result.spans), spans);
    QString normalized = source;
    normalized.replace(QStringLiteral("\r\n"), QStringLiteral("\n")).replace(u'\r', u'\n');
    QCOMPARE(MarkdownMath::restore(result.text, result.spans), normalized);
}

void TestMarkdownMath::codeRanges_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QStringList>("code");   // the text of each range, "F:" prefixed when fenced

    QTest::newRow("none") << "text" << QStringList{};
    QTest::newRow("span") << "a `b` c" << QStringList{"`b`"};
    QTest::newRow("span over a line break") << "a `b\nc` d" << QStringList{"`b\nc`"};
    QTest::newRow("span stops at a paragraph") << "a `b\n\nc` d" << QStringList{};
    QTest::newRow("escaped backtick") << "\\`a` b`" << QStringList{"` b`"};
    QTest::newRow("fence") << "x\n```js\ncode\n```\ny" << QStringList{"F:```js\ncode\n```"};
    QTest::newRow("backticks in info string are no fence") << "``` a`b ```" << QStringList{"``` a`b ```"};
    QTest::newRow("four-space indent is no fence") << "    ```\n$x$" << QStringList{};
    QTest::newRow("short closer does not close") << "````\na\n```\nb" << QStringList{"F:````\na\n```\nb"};
}

void TestMarkdownMath::codeRanges()
{
    QFETCH(QString, source);
    QFETCH(QStringList, code);
    QStringList found;
    for (const MarkdownCodeRange& range : MarkdownCode::ranges(source))
        found << (range.fenced ? QStringLiteral("F:") : QString()) + source.mid(range.begin, range.end - range.begin);
    QCOMPARE(found, code);
}

void TestMarkdownMath::placeholderIndex_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qsizetype>("index");
    QTest::newRow("zero") << "@@0@@" << qsizetype(0);
    QTest::newRow("many digits") << "@@1234@@" << qsizetype(1234);
    QTest::newRow("no digits") << "@@@@" << qsizetype(-1);
    QTest::newRow("trailing text") << "@@1@@x" << qsizetype(-1);
    QTest::newRow("letters") << "@@a@@" << qsizetype(-1);
    QTest::newRow("round trip") << MarkdownMath::placeholder(77) << qsizetype(77);
}

void TestMarkdownMath::placeholderIndex()
{
    QFETCH(QString, text);
    QFETCH(qsizetype, index);
    QCOMPARE(MarkdownMath::placeholderIndex(text), index);
}

void TestMarkdownMath::hugeInputStaysLinear_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<int>("spans");
    QTest::newRow("many inline spans") << QStringLiteral("$x_i$ and `$y$` ").repeated(50000) << 50000;
    QTest::newRow("unclosed with many braces") << QStringLiteral("$") + QStringLiteral("{").repeated(400000) << 0;
    QTest::newRow("closers inside open braces")
        << QStringLiteral("${") + QStringLiteral("a$ ").repeated(100000) + QStringLiteral("\n\n$z$") << 2;
    QString runs;
    for (int length = 1; runs.size() < 400000; ++length)
        runs += QString(length, u'`') + QStringLiteral(" $a$ ");
    QTest::newRow("backtick runs of every length") << runs << static_cast<int>(runs.count(QStringLiteral("$a$")));
    QTest::newRow("one huge display") << QStringLiteral("$$") + QStringLiteral("x+").repeated(300000) + QStringLiteral("$$")
                                      << 1;
}

void TestMarkdownMath::hugeInputStaysLinear()
{
    QFETCH(QString, source);
    QFETCH(int, spans);
    QElapsedTimer timer;
    timer.start();
    const ProtectedMarkdown result = MarkdownMath::protect(source);
    // Generous for slow CI machines; a quadratic pass over these inputs takes minutes.
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(static_cast<int>(result.spans.size()), spans);
    QCOMPARE(MarkdownMath::restore(result.text, result.spans), source);
}

QTEST_APPLESS_MAIN(TestMarkdownMath)
#include "tst_markdownmath.moc"
