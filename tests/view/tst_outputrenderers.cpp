// The output renderers one by one: the MIME ranking, the HTML sanitiser, text capping, image
// sizes (metadata as logical size, header before decode, broken data), SVG, HTML tables, JSON.
#include "view/outputs/htmloutput.h"
#include "view/outputs/htmlsanitiser.h"
#include "view/outputs/imagecache.h"
#include "view/outputs/imageoutput.h"
#include "view/outputs/jsonoutput.h"
#include "view/outputs/latexoutput.h"
#include "view/outputs/mimeranking.h"
#include "view/outputs/outputarea.h"
#include "view/outputs/svgoutput.h"
#include "view/outputs/textoutput.h"

#include <QBuffer>
#include <QPainter>
#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>
#include <QTextTable>

using namespace Notebench::Editor;

namespace {

std::string pngBase64(int width, int height)
{
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(QColor(30, 120, 200));
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes.toBase64().toStdString();
}

} // namespace

class TestOutputRenderers : public QObject {
    Q_OBJECT
private slots:
    void mimeRanking_data();
    void mimeRanking();
    void sanitiser_data();
    void sanitiser();
    void textIsCappedHeadAndTail();
    void imageSizes_data();
    void imageSizes();
    void imageDecodesOffThread();
    void brokenImageSaysSo();
    void svgSizes();
    void brokenSvgSaysSo();
    void htmlTablesLookLikeDataFrames();
    void htmlNeverLoadsRemoteResources();
    void jsonTreeOpensOnClick();
    void latexShowsItsSource();
};

void TestOutputRenderers::mimeRanking_data()
{
    QTest::addColumn<QString>("bundle");
    QTest::addColumn<QString>("chosen");
    QTest::addColumn<int>("skipped");
    QTest::newRow("plain only") << R"({"text/plain": "1"})" << "text/plain" << 0;
    QTest::newRow("html over plain") << R"({"text/plain": "1", "text/html": "<b>1</b>"})" << "text/html" << 0;
    QTest::newRow("html over png") << R"({"image/png": "iVBO", "text/html": "<img>"})" << "text/html" << 0;
    QTest::newRow("svg over png") << R"({"image/png": "iVBO", "image/svg+xml": "<svg/>"})" << "image/svg+xml" << 0;
    QTest::newRow("png over jpeg") << R"({"image/jpeg": "/9j/", "image/png": "iVBO"})" << "image/png" << 0;
    QTest::newRow("jpeg over markdown") << R"({"image/jpeg": "/9j/", "text/markdown": "x"})" << "image/jpeg" << 0;
    QTest::newRow("markdown over latex") << R"({"text/latex": "$x$", "text/markdown": "x"})" << "text/markdown" << 0;
    QTest::newRow("latex over json") << R"({"text/latex": "$x$", "application/json": {}})" << "text/latex" << 0;
    QTest::newRow("json over plain") << R"({"text/plain": "x", "application/json": [1]})" << "application/json" << 0;
    QTest::newRow("json null unusable") << R"({"text/plain": "x", "application/json": null})" << "text/plain" << 0;
    QTest::newRow("lines list") << R"({"text/html": ["<b>", "x</b>"]})" << "text/html" << 0;
    QTest::newRow("wrong type skipped") << R"({"text/html": 5, "text/plain": "x"})" << "text/plain" << 0;
    QTest::newRow("mixed list skipped") << R"({"text/html": ["a", 1], "text/plain": "x"})" << "text/plain" << 0;
    QTest::newRow("javascript noted") << R"j({"application/javascript": "alert(1)", "text/plain": "x"})j" << "text/plain" << 1;
    QTest::newRow("pdf noted") << R"({"application/pdf": "JVBE", "text/plain": "x"})" << "text/plain" << 1;
    QTest::newRow("widget falls back") << R"({"application/vnd.jupyter.widget-view+json": {"model_id": "a"}, "text/plain": "W"})"
                                       << "text/plain" << 1;
    QTest::newRow("widget html fallback")
        << R"({"application/vnd.jupyter.widget-view+json": {}, "text/html": "<b>w</b>", "text/plain": "W"})" << "text/html" << 1;
    QTest::newRow("nothing usable") << R"({"application/x-custom": "?"})" << "" << 0;
    QTest::newRow("not an object") << R"([1, 2])" << "" << 0;
    QTest::newRow("empty") << R"({})" << "" << 0;
}

void TestOutputRenderers::mimeRanking()
{
    QFETCH(QString, bundle);
    QFETCH(QString, chosen);
    QFETCH(int, skipped);
    const MimeChoice choice = chooseMime(nlohmann::json::parse(bundle.toStdString()));
    QCOMPARE(QString::fromStdString(choice.mime), chosen);
    QCOMPARE(choice.skipped.size(), skipped);
}

void TestOutputRenderers::sanitiser_data()
{
    QTest::addColumn<QString>("html");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain text") << "a &amp; b" << "a &amp; b";
    QTest::newRow("formatting kept") << "<b>x</b><i>y</i>" << "<b>x</b><i>y</i>";
    QTest::newRow("script removed") << "a<script>alert(1)</script>b" << "ab";
    QTest::newRow("SCRIPT upper case") << "a<SCRIPT type='text/javascript'>alert(1)</SCRIPT >b" << "ab";
    QTest::newRow("script with > in code") << "<script>if (a > b) x()</script>ok" << "ok";
    QTest::newRow("unclosed script eats rest") << "a<script>alert(1)" << "a";
    QTest::newRow("style removed") << "<style>td { color: white }</style><p>x</p>" << "<p>x</p>";
    QTest::newRow("iframe removed") << "<iframe src='https://evil'>inner</iframe>z" << "z";
    QTest::newRow("object and embed") << "<object data='x.swf'>o</object><embed src='y'>e" << "e";
    QTest::newRow("form controls") << "<form action='/x'><input name=a><button>go</button>t</form>" << "t";
    QTest::newRow("onclick double quotes") << "<b onclick=\"alert(1)\">x</b>" << "<b>x</b>";
    QTest::newRow("onerror single quotes") << "<span onerror='alert(1)' class='c'>x</span>" << "<span class=\"c\">x</span>";
    QTest::newRow("ONLOAD unquoted") << "<p ONLOAD=alert(1) align=right>x</p>" << "<p align=\"right\">x</p>";
    QTest::newRow("onmouseover no space") << "<p/onmouseover=alert(1)>x</p>" << "<p>x</p>";
    QTest::newRow("javascript href") << "<a href=\"javascript:alert(1)\">l</a>" << "<a>l</a>";
    QTest::newRow("javascript upper") << "<a href='JaVaScRiPt:alert(1)'>l</a>" << "<a>l</a>";
    QTest::newRow("javascript tab inside") << "<a href=\"jav&#x09;ascript:alert(1)\">l</a>" << "<a>l</a>";
    QTest::newRow("javascript leading space") << "<a href=\"  javascript:alert(1)\">l</a>" << "<a>l</a>";
    QTest::newRow("javascript entities") << "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">l</a>"
                                         << "<a>l</a>";
    QTest::newRow("javascript colon entity") << "<a href=\"javascript&colon;alert(1)\">l</a>" << "<a>l</a>";
    QTest::newRow("javascript zero padded") << "<a href=\"&#0000106avascript:x\">l</a>" << "<a>l</a>";
    QTest::newRow("vbscript") << "<a href='vbscript:msgbox'>l</a>" << "<a>l</a>";
    QTest::newRow("data html link") << "<a href='data:text/html,<script>x</script>'>l</a>" << "<a>l</a>";
    QTest::newRow("https link kept") << "<a href='https://jupyter.org/?a=1&amp;b=2'>l</a>"
                                     << "<a href=\"https://jupyter.org/?a=1&amp;b=2\">l</a>";
    QTest::newRow("relative link kept") << "<a href='#section'>l</a>" << "<a href=\"#section\">l</a>";
    QTest::newRow("remote image to alt") << "<img src='https://example.com/t.png' alt='chart'>"
                                         << "<span title=\"https://example.com/t.png\"><i>[chart]</i></span>";
    QTest::newRow("protocol-relative image") << "<img src=\"//example.com/t.png\">"
                                             << "<span title=\"//example.com/t.png\"><i>[image not loaded]</i></span>";
    QTest::newRow("local file image") << "<img src='/etc/passwd' alt='p'>" << "<span title=\"/etc/passwd\"><i>[p]</i></span>";
    QTest::newRow("data image kept") << "<img src='data:image/png;base64,iVBO' alt='a'>"
                                     << "<img src=\"data:image/png;base64,iVBO\" alt=\"a\">";
    QTest::newRow("img onerror") << "<img src=x onerror=alert(1)>" << "<span title=\"x\"><i>[image not loaded]</i></span>";
    QTest::newRow("style url dropped") << "<p style=\"background: url(https://t/x.png)\">x</p>" << "<p>x</p>";
    QTest::newRow("style kept") << "<td style=\"color: red\">1</td>" << "<td style=\"color: red\">1</td>";
    QTest::newRow("unknown tag keeps text") << "<custom-el foo=1>text</custom-el>" << "text";
    QTest::newRow("comment removed") << "a<!-- <script>x</script> -->b" << "ab";
    QTest::newRow("unclosed comment") << "a<!-- never closed" << "a";
    QTest::newRow("doctype removed") << "<!DOCTYPE html><p>x</p>" << "<p>x</p>";
    QTest::newRow("unclosed tag is text") << "a <b" << "a &lt;b";
    QTest::newRow("unclosed quote is text") << "<img src=\"x onerror=alert(1)>" << "&lt;img src=\"x onerror=alert(1)>";
    QTest::newRow("lone less-than") << "1 < 2" << "1 &lt; 2";
    QTest::newRow("nested trick") << "<scr<script>ipt>alert(1)</script>" << "&lt;scr";
    QTest::newRow("unclosed elements kept") << "<table><tr><td>1" << "<table><tr><td>1";
    QTest::newRow("stray end tag") << "</div>x" << "</div>x";
    QTest::newRow("self-closing br") << "a<br/>b" << "a<br />b";
    QTest::newRow("attribute quote escaped") << "<span title='a\"b'>x</span>" << "<span title=\"a&quot;b\">x</span>";
    QTest::newRow("empty") << "" << "";
}

void TestOutputRenderers::sanitiser()
{
    QFETCH(QString, html);
    QFETCH(QString, expected);
    QCOMPARE(HtmlSanitiser::sanitise(html), expected);
}

void TestOutputRenderers::textIsCappedHeadAndTail()
{
    QStringList lines;
    for (int i = 0; i < 5000; ++i)
        lines << QString::number(i);
    const QString shown = TextOutput::capped(lines.join(u'\n'), 3, 2, 100);
    QCOMPARE(shown, QStringLiteral("0\n1\n2\n… 4995 lines not shown here (Open Output in Viewer shows all) …\n4998\n4999"));
    QCOMPARE(TextOutput::capped(u"short\ntext", 3, 2, 100), QStringLiteral("short\ntext"));
    QCOMPARE(TextOutput::capped(QString(30, u'x'), 3, 2, 10), QStringLiteral("xxxxxxxxxx … (20 more characters)"));

    OutputContext context;
    TextOutput output(lines.join(u'\n') + u'\n', false, context);
    QVERIFY(output.height(600) > 0);
    QCOMPARE(output.shownText().count(u'\n'), TextOutput::headLines + TextOutput::tailLines);
    QCOMPARE(output.text().count(u'\n'), 4999);   // copying and the viewer get every line
}

void TestOutputRenderers::imageSizes_data()
{
    QTest::addColumn<int>("pixelWidth");
    QTest::addColumn<int>("pixelHeight");
    QTest::addColumn<QString>("metadata");
    QTest::addColumn<int>("width");
    QTest::addColumn<QSize>("shown");
    QTest::newRow("natural size") << 120 << 80 << "{}" << 600 << QSize(120, 80);
    QTest::newRow("retina: metadata is logical") << 800 << 600 << R"({"image/png": {"width": 400, "height": 300}})" << 600 << QSize(400, 300);
    QTest::newRow("width only keeps aspect") << 200 << 100 << R"({"image/png": {"width": 100}})" << 600 << QSize(100, 50);
    QTest::newRow("height only keeps aspect") << 200 << 100 << R"({"image/png": {"height": 25}})" << 600 << QSize(50, 25);
    QTest::newRow("top-level metadata") << 200 << 100 << R"({"width": 50, "height": 20})" << 600 << QSize(50, 20);
    QTest::newRow("string numbers") << 200 << 100 << R"({"image/png": {"width": "100", "height": "40"}})" << 600 << QSize(100, 40);
    QTest::newRow("wider than the cell") << 1200 << 600 << "{}" << 400 << QSize(400, 200);
    QTest::newRow("unconfined still fits") << 1200 << 600 << R"({"image/png": {"unconfined": true}})" << 300 << QSize(300, 150);
    QTest::newRow("bad metadata ignored") << 60 << 30 << R"({"image/png": {"width": [1], "height": null}})" << 600 << QSize(60, 30);
}

void TestOutputRenderers::imageSizes()
{
    QFETCH(int, pixelWidth);
    QFETCH(int, pixelHeight);
    QFETCH(QString, metadata);
    QFETCH(int, width);
    QFETCH(QSize, shown);
    OutputContext context;   // no cache: sizes come from metadata and the header alone
    ImageOutput image(pngBase64(pixelWidth, pixelHeight), nlohmann::json::parse(metadata.toStdString()), "image/png", {}, context);
    QCOMPARE(image.shownSize(width), shown);
    QCOMPARE(image.height(width), shown.height());
}

void TestOutputRenderers::imageDecodesOffThread()
{
    ImageCache cache;
    OutputContext context;
    context.images = &cache;
    QSignalSpy decoded(&cache, &ImageCache::decoded);
    ImageOutput image(pngBase64(64, 32), nlohmann::json::object(), "image/png", QStringLiteral("alt"), context);
    QCOMPARE(image.height(500), 32);   // known from the header before any pixel is decoded
    QTRY_VERIFY_WITH_TIMEOUT(!image.pending(), 5000);
    QVERIFY(decoded.count() >= 1);
    QCOMPARE(image.image().size(), QSize(64, 32));
    QCOMPARE(image.text(), QStringLiteral("alt"));
    QImage target(200, 100, QImage::Format_RGB32);
    target.fill(Qt::white);
    QPainter painter(&target);
    image.paint(painter, QRect(0, 0, 200, 32));
    painter.end();
    QCOMPARE(target.pixelColor(10, 10), QColor(30, 120, 200));
    // JPEG headers are read too.
    QImage jpeg(40, 24, QImage::Format_RGB32);
    jpeg.fill(Qt::red);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    jpeg.save(&buffer, "JPEG");
    QCOMPARE(ImageCache::headerSize(bytes.toBase64().toStdString()), QSize(40, 24));
}

void TestOutputRenderers::brokenImageSaysSo()
{
    ImageCache cache;
    OutputContext context;
    context.images = &cache;
    for (const std::string& data : {std::string("not base64 at all!"), std::string("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAA"), std::string()}) {
        ImageOutput image(data, nlohmann::json::object(), "image/png", {}, context);
        QVERIFY(image.height(400) > 0);   // measuring starts the decode
        QTRY_VERIFY_WITH_TIMEOUT(!image.pending(), 5000);
        QVERIFY(image.height(400) > 0);
        QImage target(400, 100, QImage::Format_RGB32);
        QPainter painter(&target);
        image.paint(painter, QRect(0, 0, 400, image.height(400)));   // a sentence, no crash
        QVERIFY(image.image().isNull());
    }
}

void TestOutputRenderers::svgSizes()
{
    OutputContext context;
    SvgOutput viewBox(R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100"><rect width="200" height="100"/></svg>)",
                      nlohmann::json::object(), {}, context);
    QVERIFY(viewBox.isValid());
    QCOMPARE(viewBox.shownSize(600), QSize(200, 100));
    QCOMPARE(viewBox.shownSize(100), QSize(100, 50));
    SvgOutput sized(R"(<svg xmlns="http://www.w3.org/2000/svg" width="300" height="30" viewBox="0 0 10 1"/>)",
                    nlohmann::json::object(), {}, context);
    QCOMPARE(sized.shownSize(600), QSize(300, 30));
    SvgOutput metadata(R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100"/>)",
                       nlohmann::json::parse(R"({"image/svg+xml": {"width": 50}})"), {}, context);
    QCOMPARE(metadata.shownSize(600), QSize(50, 25));
    QCOMPARE(metadata.image().size(), QSize(50, 25));
    QVERIFY(metadata.svg().startsWith("<svg"));
}

void TestOutputRenderers::brokenSvgSaysSo()
{
    OutputContext context;
    for (const char* source : {"<svg", "not svg", "", "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"x\"></svg"}) {
        SvgOutput svg(source, nlohmann::json::object(), {}, context);
        QVERIFY(!svg.isValid());
        QVERIFY(svg.height(300) > 0);
        QImage target(300, 100, QImage::Format_RGB32);
        QPainter painter(&target);
        svg.paint(painter, QRect(0, 0, 300, 100));
        QVERIFY(svg.image().isNull());
    }
}

void TestOutputRenderers::htmlTablesLookLikeDataFrames()
{
    OutputContext context;
    const QString html = QStringLiteral(
        "<table border=\"1\" class=\"dataframe\"><thead><tr><th></th><th>a</th></tr></thead>"
        "<tbody><tr><th>0</th><td>1.5</td></tr><tr><th>1</th><td>22</td></tr></tbody></table>"
        "<a href=\"https://pandas.pydata.org\">docs</a><script>x()</script>");
    const auto document = HtmlOutput::build(html, context);
    QTextTable* table = nullptr;
    for (QTextFrame* frame : document->rootFrame()->childFrames())
        if ((table = qobject_cast<QTextTable*>(frame)))
            break;
    QVERIFY(table);
    QCOMPARE(table->rows(), 3);
    QVERIFY(table->format().border() >= 1);
    QVERIFY(table->format().cellPadding() >= 4);
    const QTextTableCell number = table->cellAt(1, 1);
    QCOMPARE(number.firstCursorPosition().block().text(), QStringLiteral("1.5"));
    QCOMPARE(number.firstCursorPosition().blockFormat().alignment() & Qt::AlignHorizontal_Mask, Qt::AlignRight);
    const QTextTableCell header = table->cellAt(0, 1);
    QVERIFY(header.firstCursorPosition().charFormat().fontWeight() >= QFont::Bold);
    QVERIFY(!document->toPlainText().contains(QLatin1String("x()")));

    HtmlOutput output(html, context);
    const int height = output.height(500);
    QVERIFY(height > 40);
    // The link is found where it is laid out, so a click can open it.
    bool found = false;
    for (int y = 0; y < height && !found; y += 2)
        for (int x = 0; x < 200 && !found; x += 4)
            found = output.anchorAt(QPoint(x, y)) == u"https://pandas.pydata.org";
    QVERIFY(found);
}

void TestOutputRenderers::htmlNeverLoadsRemoteResources()
{
    OfflineTextDocument document;
    QVERIFY(!document.resource(QTextDocument::ImageResource, QUrl("https://example.com/a.png")).isValid());
    QVERIFY(!document.resource(QTextDocument::ImageResource, QUrl::fromLocalFile("/etc/hostname")).isValid());
    QVERIFY(!document.resource(QTextDocument::StyleSheetResource, QUrl("https://example.com/a.css")).isValid());
    const QString png = QString::fromStdString(pngBase64(4, 4));
    QVERIFY(document.resource(QTextDocument::ImageResource, QUrl("data:image/png;base64," + png)).isValid());
    OutputContext context;
    const auto html = HtmlOutput::build(QStringLiteral("<p>a <img src=\"https://example.com/t.png\" alt=\"tracker\"> b</p>"), context);
    QCOMPARE(html->toPlainText(), QStringLiteral("a [tracker] b"));
}

void TestOutputRenderers::jsonTreeOpensOnClick()
{
    OutputContext context;
    nlohmann::json big = nlohmann::json::array();
    for (int i = 0; i < 5000; ++i)
        big.push_back(i);
    JsonOutput json({{"name", "x"}, {"list", {1, 2}}, {"big", big}}, context);
    QCOMPARE(json.rowTexts(), QStringList({"▾ root: {", "  ▸ big: […] 5000 items", "  ▸ list: […] 2 items", "    name: \"x\""}));
    const int line = json.rowHeight();
    QCOMPARE(json.height(400), 4 * line);
    QVERIFY(json.click(QPoint(10, 2 * line + 1)));   // opens "list"
    QCOMPARE(json.rowTexts().mid(2, 3), QStringList({"  ▾ list: [", "      0: 1", "      1: 2"}));
    QVERIFY(!json.click(QPoint(10, 3 * line + 1)));  // a scalar does nothing
    QVERIFY(json.click(QPoint(10, line + 1)));       // opens "big": capped
    QCOMPARE(json.rowTexts().size(), 4 + 2 + JsonOutput::maxChildren + 1);
    QVERIFY(json.rowTexts().at(2 + JsonOutput::maxChildren).contains(QLatin1String("4000 more")));
    QVERIFY(json.click(QPoint(10, 1)));              // closes the root
    QCOMPARE(json.rowTexts(), QStringList({"▸ root: {…} 3 keys"}));
    QVERIFY(json.text().contains(QLatin1String("\"name\": \"x\"")));
}

void TestOutputRenderers::latexShowsItsSource()
{
    OutputContext context;
    const auto latex = renderLatexOutput(QStringLiteral("$$\\frac{1}{3}$$"), context);
    QCOMPARE(latex->kind(), OutputRenderer::Kind::Latex);
    QVERIFY(latex->height(300) > 0);
    QCOMPARE(latex->text(), QStringLiteral("$$\\frac{1}{3}$$"));
}

QTEST_MAIN(TestOutputRenderers)
#include "tst_outputrenderers.moc"
