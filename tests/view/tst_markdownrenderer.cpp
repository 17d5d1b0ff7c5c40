// MarkdownRenderer: the document a markdown cell shows — GitHub tables, task lists and
// strikethrough, math kept from the markdown parser, images from attachments and the notebook's
// folder but never from the network.
#include "view/markdownrenderer.h"

#include <QBuffer>
#include <QGuiApplication>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextFrame>
#include <QTextTable>

using namespace Notebench::Editor;

namespace {

std::unique_ptr<QTextDocument> render(const QString& source, const nlohmann::json& attachments = nullptr,
                                      const QString& baseDirectory = {}, int width = 600)
{
    MarkdownRenderer renderer;
    renderer.setBaseDirectory(baseDirectory);
    return renderer.render(source, attachments, width);
}

QByteArray png(int width, int height)
{
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(Qt::red);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

std::vector<QTextTable*> tables(QTextFrame* frame)
{
    std::vector<QTextTable*> found;
    for (QTextFrame* child : frame->childFrames()) {
        if (auto* table = qobject_cast<QTextTable*>(child))
            found.push_back(table);
        const auto nested = tables(child);
        found.insert(found.end(), nested.begin(), nested.end());
    }
    return found;
}

struct Fragment {
    QString text;
    QTextCharFormat format;
};

std::vector<Fragment> fragments(const QTextDocument& document)
{
    std::vector<Fragment> out;
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next())
        for (auto it = block.begin(); !it.atEnd(); ++it)
            out.push_back({it.fragment().text(), it.fragment().charFormat()});
    return out;
}

// "tex" for inline math, "[tex]" for display math, in document order.
QStringList mathIn(const QTextDocument& document)
{
    QStringList out;
    for (const Fragment& fragment : fragments(document)) {
        const QVariant tex = fragment.format.property(MarkdownRenderer::MathTexProperty);
        if (!tex.isValid())
            continue;
        const bool display = fragment.format.boolProperty(MarkdownRenderer::MathDisplayProperty);
        out << (display ? u'[' + tex.toString() + u']' : tex.toString());
    }
    return out;
}

int imageCount(const QTextDocument& document)
{
    int count = 0;
    for (const Fragment& fragment : fragments(document))
        count += fragment.format.isImageFormat() ? static_cast<int>(fragment.text.size()) : 0;
    return count;
}

QTextImageFormat firstImage(const QTextDocument& document)
{
    for (const Fragment& fragment : fragments(document))
        if (fragment.format.isImageFormat())
            return fragment.format.toImageFormat();
    return {};
}

} // namespace

class TestMarkdownRenderer : public QObject {
    Q_OBJECT
private slots:
    void tables_data();
    void tables();
    void taskLists();
    void strikethrough();
    void math_data();
    void math();
    void displayMathGetsItsOwnCentredLine();
    void voidHtmlElementsKeepTheRest_data();
    void voidHtmlElementsKeepTheRest();
    void attachmentImage();
    void wideImageScaledToFit();
    void relativeImage();
    void remoteImageNotLoaded_data();
    void remoteImageNotLoaded();
};

void TestMarkdownRenderer::tables_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("columns");
    QTest::addColumn<QString>("lastCell");
    QTest::newRow("2x2") << "| a | b |\n|---|---|\n| 1 | 2 |" << 2 << 2 << "2";
    QTest::newRow("3x3 aligned") << "| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n| 4 | 5 | 6 |" << 3 << 3 << "6";
    QTest::newRow("math with a pipe") << "| x | y |\n|---|---|\n| $a|b$ | c |" << 2 << 2 << "c";
}

void TestMarkdownRenderer::tables()
{
    QFETCH(QString, source);
    QFETCH(int, rows);
    QFETCH(int, columns);
    QFETCH(QString, lastCell);
    const auto document = render(source);
    const auto found = ::tables(document->rootFrame());
    QCOMPARE(found.size(), std::size_t(1));
    QCOMPARE(found[0]->rows(), rows);
    QCOMPARE(found[0]->columns(), columns);
    const QTextTableCell cell = found[0]->cellAt(rows - 1, columns - 1);
    QTextCursor cursor = cell.firstCursorPosition();
    cursor.setPosition(cell.lastCursorPosition().position(), QTextCursor::KeepAnchor);
    QCOMPARE(cursor.selectedText(), lastCell);
}

void TestMarkdownRenderer::taskLists()
{
    const auto document = render(QStringLiteral("- [ ] todo\n- [x] done\n- plain"));
    std::vector<std::pair<QString, QTextBlockFormat::MarkerType>> items;
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next())
        if (block.textList())
            items.emplace_back(block.text(), block.blockFormat().marker());
    const std::vector<std::pair<QString, QTextBlockFormat::MarkerType>> expected{
        {"todo", QTextBlockFormat::MarkerType::Unchecked},
        {"done", QTextBlockFormat::MarkerType::Checked},
        {"plain", QTextBlockFormat::MarkerType::NoMarker}};
    QCOMPARE(items, expected);
}

void TestMarkdownRenderer::strikethrough()
{
    const auto document = render(QStringLiteral("keep ~~gone~~ keep"));
    QCOMPARE(document->toPlainText(), QStringLiteral("keep gone keep"));
    QStringList struck;
    for (const Fragment& fragment : fragments(*document))
        if (fragment.format.fontStrikeOut())
            struck << fragment.text;
    QCOMPARE(struck, QStringList{"gone"});
}

void TestMarkdownRenderer::math_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("math");
    QTest::newRow("emphasis characters stay") << "$a_b*c$ and $x*y*z$" << "a_b*c and x*y*z" << QStringList{"a_b*c", "x*y*z"};
    QTest::newRow("underscores across two spans") << "$a_1$ text $b_2$" << "a_1 text b_2" << QStringList{"a_1", "b_2"};
    QTest::newRow("display alone") << "$$\\frac{a}{b}$$" << "\\frac{a}{b}" << QStringList{"[\\frac{a}{b}]"};
    QTest::newRow("environment") << "\\begin{align}a&=b\\end{align}" << "\\begin{align}a&=b\\end{align}"
                                 << QStringList{"[\\begin{align}a&=b\\end{align}]"};
    QTest::newRow("code span verbatim") << "`$x$` and $y$" << "$x$ and y" << QStringList{"y"};
    QTest::newRow("indented code verbatim") << "    $x$ = 1" << "$x$ = 1" << QStringList{};
    QTest::newRow("fenced code verbatim") << "```\n$x_1$\n```" << "$x_1$" << QStringList{};
    QTest::newRow("escaped dollar") << "costs \\$5" << "costs $5" << QStringList{};
    QTest::newRow("currency") << "costs $5 and $6" << "costs $5 and $6" << QStringList{};
    QTest::newRow("literal placeholder") << "@@0@@ $x$" << "@@0@@ x" << QStringList{"x"};
    QTest::newRow("math in a heading") << "# Area $\\pi r^2$" << "Area \\pi r^2" << QStringList{"\\pi r^2"};
}

void TestMarkdownRenderer::math()
{
    QFETCH(QString, source);
    QFETCH(QString, text);
    QFETCH(QStringList, math);
    const auto document = render(source);
    QCOMPARE(document->toPlainText(), text);
    QCOMPARE(mathIn(*document), math);
    // No markdown emphasis leaked out of the math: italic text is math text, nothing else.
    for (const Fragment& fragment : fragments(*document))
        if (fragment.format.fontItalic())
            QVERIFY2(fragment.format.hasProperty(MarkdownRenderer::MathTexProperty), qPrintable(fragment.text));
}

void TestMarkdownRenderer::displayMathGetsItsOwnCentredLine()
{
    const auto document = render(QStringLiteral("The formula is\n$$\nE = mc^2\n$$\nand so on."));
    QStringList blocks;
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next())
        blocks << block.text() + (block.blockFormat().alignment() == Qt::AlignHCenter ? QStringLiteral(" [centre]") : QString());
    QCOMPARE(blocks, (QStringList{"The formula is", "E = mc^2 [centre]", "and so on."}));
}

void TestMarkdownRenderer::voidHtmlElementsKeepTheRest_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("text");
    QTest::newRow("br") << "a<br>b\n\nlast" << "a\nb\nlast";
    QTest::newRow("br with space") << "a <br > b\n\nlast" << "a \n b\nlast";
    QTest::newRow("hr") << "<hr>\n\nlast" << "\n\nlast";
    QTest::newRow("br in a code span stays code") << "`<br>` last" << "<br> last";
}

void TestMarkdownRenderer::voidHtmlElementsKeepTheRest()
{
    QFETCH(QString, source);
    QFETCH(QString, text);
    QCOMPARE(render(source)->toPlainText(), text);
}

void TestMarkdownRenderer::attachmentImage()
{
    const nlohmann::json attachments = {{"pic.png", {{"image/png", png(30, 20).toBase64().toStdString()}}}};
    const auto document = render(QStringLiteral("![a picture](attachment:pic.png)"), attachments);
    QCOMPARE(imageCount(*document), 1);
    const QImage image = document->resource(QTextDocument::ImageResource, QUrl("attachment:pic.png")).value<QImage>();
    QCOMPARE(image.size(), QSize(30, 20));
    const QTextImageFormat format = firstImage(*document);
    QCOMPARE(QSizeF(format.width(), format.height()), QSizeF(30, 20));

    const auto missing = render(QStringLiteral("![gone](attachment:other.png)"), attachments);
    QCOMPARE(imageCount(*missing), 0);
    QCOMPARE(missing->toPlainText(), QStringLiteral("gone"));
}

void TestMarkdownRenderer::wideImageScaledToFit()
{
    const nlohmann::json attachments = {{"wide.png", {{"image/png", png(1000, 100).toBase64().toStdString()}}}};
    const auto document = render(QStringLiteral("![w](attachment:wide.png)"), attachments, {}, 400);
    const QTextImageFormat format = firstImage(*document);
    QCOMPARE(QSizeF(format.width(), format.height()), QSizeF(400, 40));
}

void TestMarkdownRenderer::relativeImage()
{
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    QVERIFY(QDir(folder.path()).mkdir(QStringLiteral("img")));
    QFile file(folder.filePath(QStringLiteral("img/plot one.png")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(png(12, 8));
    file.close();

    const QString source = QStringLiteral("![plot](img/plot%20one.png) and <img src=\"img/plot one.png\" alt=\"again\"> ![](img/plot%20one.png)");
    const auto document = render(source, nullptr, folder.path());
    QCOMPARE(imageCount(*document), 3);
    const QImage image = document->resource(QTextDocument::ImageResource, QUrl("img/plot%20one.png")).value<QImage>();
    QCOMPARE(image.size(), QSize(12, 8));

    // A notebook never saved has no folder: relative paths resolve nowhere.
    const auto unsaved = render(source, nullptr, QString());
    QCOMPARE(imageCount(*unsaved), 0);
    QCOMPARE(unsaved->toPlainText(), QStringLiteral("plot and again img/plot%20one.png"));
}

void TestMarkdownRenderer::remoteImageNotLoaded_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("text");
    QTest::newRow("markdown https") << "![a cat](https://example.com/cat.png)" << "a cat";
    QTest::newRow("markdown http") << "see ![logo](http://example.com/l.png)" << "see logo";
    QTest::newRow("html img") << "<img src=\"https://example.com/x.png\" alt=\"remote\"/>" << "remote";
    QTest::newRow("no alt text shows the address") << "![](https://example.com/x.png)" << "https://example.com/x.png";
}

void TestMarkdownRenderer::remoteImageNotLoaded()
{
    QFETCH(QString, source);
    QFETCH(QString, text);
    const auto document = render(source);
    QCOMPARE(imageCount(*document), 0);
    QCOMPARE(document->toPlainText(), text);
}

QTEST_MAIN(TestMarkdownRenderer)
#include "tst_markdownrenderer.moc"
