// Markdown math typeset: a rendered cell shows TeX until MathJax's pictures arrive, then image
// resources sized to the text, inline formulas on the text's baseline, display ones centred, in the
// theme's ink and at the screen's pixel density; a NotebookView renders its cells again by itself.
#include "math/mathrenderer.h"
#include "model/notebookmodel.h"
#include "view/markdownrenderer.h"
#include "view/notebookview.h"
#include "view/theme.h"

#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QPainter>
#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>

using namespace Notebench;
using namespace Notebench::Editor;

namespace {

struct Picture {
    QTextImageFormat format;
    int position;
};

std::vector<Picture> pictures(const QTextDocument& document)
{
    std::vector<Picture> found;
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next())
        for (auto it = block.begin(); !it.atEnd(); ++it)
            if (it.fragment().charFormat().isImageFormat())
                found.push_back({it.fragment().charFormat().toImageFormat(), it.fragment().position()});
    return found;
}

// The lowest row with ink between two x positions of the first line of `document`, drawn black on white.
int lowestInk(const QImage& page, double left, double right)
{
    for (int y = page.height() - 1; y >= 0; --y)
        for (int x = static_cast<int>(left); x < static_cast<int>(right) && x < page.width(); ++x)
            if (qGray(page.pixel(x, y)) < 128)
                return y;
    return -1;
}

} // namespace

class TestMarkdownFormulas : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        if (!Math::MathRenderer::isAvailable()) {
            if (qEnvironmentVariableIsSet("CI"))
                QFAIL("the MathJax bundle is not built in: scripts/fetch-mathjax must run before the build");
            QSKIP("no MathJax bundle in this build (run scripts/fetch-mathjax and build again)");
        }
        QApplication::setPalette(Theme::light().palette());
    }

    void texFirstThenPictures()
    {
        Math::MathRenderer math;
        MarkdownRenderer renderer;
        renderer.setMath(&math, 2.0);
        const QString source = QStringLiteral("Inline $\\frac{a}{b}$ here.\n\n$$\\sum_{i=1}^n i^2$$\n\nEnd.");
        const auto waiting = renderer.render(source, nullptr, 600);
        QVERIFY(MarkdownRenderer::waitsForMath(*waiting));
        QVERIFY(pictures(*waiting).empty());
        QVERIFY(waiting->toPlainText().contains(QStringLiteral("\\frac{a}{b}")));   // TeX meanwhile

        QSignalSpy ready(&math, &Math::MathRenderer::formulaReady);
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 2, 20000);
        const auto document = renderer.render(source, nullptr, 600);
        QVERIFY(!MarkdownRenderer::waitsForMath(*document));
        QVERIFY(!document->toPlainText().contains(QStringLiteral("frac")));
        const std::vector<Picture> found = pictures(*document);
        QCOMPARE(found.size(), std::size_t(2));
        QCOMPARE(found[0].format.property(MarkdownRenderer::MathTexProperty).toString(), QStringLiteral("\\frac{a}{b}"));
        QCOMPARE(found[1].format.property(MarkdownRenderer::MathDisplayProperty).toBool(), true);
        for (const Picture& picture : found) {
            const QImage image = document->resource(QTextDocument::ImageResource, QUrl(picture.format.name())).value<QImage>();
            QVERIFY(!image.isNull());
            QCOMPARE(image.devicePixelRatio(), 2.0);   // drawn for the screen's density, sharp on HiDPI
            QVERIFY(qAbs(image.deviceIndependentSize().width() - picture.format.width()) < 1);
        }
        // The display sum: a centred line of its own, taller than the text.
        const QTextBlock display = document->findBlock(found[1].position);
        QCOMPARE(display.blockFormat().alignment() & Qt::AlignHorizontal_Mask, Qt::AlignHCenter);
        QCOMPARE(display.text().size(), 1);
        QVERIFY(found[1].format.height() > 2 * QFontMetricsF(document->defaultFont()).xHeight() * 2);

        // Painted on a screen of ratio 2, the sum fills its box (not a quarter of it).
        QImage page(1200, 2 * static_cast<int>(document->size().height()) + 2, QImage::Format_RGB32);
        page.setDevicePixelRatio(2);
        page.fill(Qt::white);
        {
            QPainter painter(&page);
            document->documentLayout()->draw(&painter, {});
        }
        const QRectF box = document->documentLayout()->blockBoundingRect(display);
        int left = page.width(), right = -1;
        for (int y = static_cast<int>(box.top() * 2); y < static_cast<int>(box.bottom() * 2) && y < page.height(); ++y)
            for (int x = 0; x < page.width(); ++x)
                if (qGray(page.pixel(x, y)) < 128) {
                    left = std::min(left, x);
                    right = std::max(right, x);
                }
        QVERIFY2((right - left) / 2.0 > 0.8 * found[1].format.width(),
                 qPrintable(QStringLiteral("ink %1 px wide, box %2").arg((right - left) / 2.0).arg(found[1].format.width())));
    }

    void inlineMathSitsOnTheBaseline()
    {
        Math::MathRenderer math;
        MarkdownRenderer renderer;
        renderer.setMath(&math, 1.0);
        const QString source = QStringLiteral("x $x$ x");
        QSignalSpy ready(&math, &Math::MathRenderer::formulaReady);
        renderer.render(source, nullptr, 600);
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 20000);
        const auto document = renderer.render(source, nullptr, 600);
        QCOMPARE(pictures(*document).size(), std::size_t(1));
        QImage page(600, static_cast<int>(document->size().height()) + 1, QImage::Format_RGB32);
        page.fill(Qt::white);
        {
            QPainter painter(&page);
            QAbstractTextDocumentLayout::PaintContext context;
            context.palette.setColor(QPalette::Text, Qt::black);
            document->documentLayout()->draw(&painter, context);
        }
        const QTextLine line = document->begin().layout()->lineAt(0);
        const int text = lowestInk(page, line.cursorToX(0), line.cursorToX(1));
        const int formula = lowestInk(page, line.cursorToX(2), line.cursorToX(3));
        const int after = lowestInk(page, line.cursorToX(4), line.cursorToX(5));
        QVERIFY(text > 0 && formula > 0);
        QCOMPARE(after, text);
        QVERIFY2(qAbs(formula - text) <= 1, qPrintable(QStringLiteral("text %1, formula %2").arg(text).arg(formula)));
    }

    void darkThemeUsesLightInk()
    {
        QApplication::setPalette(Theme::dark().palette());
        Math::MathRenderer math;
        MarkdownRenderer renderer;
        renderer.setMath(&math, 1.0);
        QSignalSpy ready(&math, &Math::MathRenderer::formulaReady);
        renderer.render(QStringLiteral("$\\int_0^1 x\\,dx$"), nullptr, 600);
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 20000);
        const auto document = renderer.render(QStringLiteral("$\\int_0^1 x\\,dx$"), nullptr, 600);
        QApplication::setPalette(Theme::light().palette());
        const std::vector<Picture> found = pictures(*document);
        QCOMPARE(found.size(), std::size_t(1));
        const QImage image = document->resource(QTextDocument::ImageResource, QUrl(found[0].format.name()))
                                 .value<QImage>()
                                 .convertToFormat(QImage::Format_ARGB32);
        int ink = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                if (const QColor pixel = QColor::fromRgba(image.pixel(x, y)); pixel.alpha() > 200) {
                    QVERIFY(pixel.lightness() > 180);
                    ++ink;
                }
        QVERIFY(ink > 20);
    }

    void notebookViewShowsPicturesOnceTypeset()
    {
        Document::Notebook notebook;
        notebook.insertCell(0, Document::CellType::Markdown, "Energy $E=mc^2$ and $\\sqrt{2}$");
        NotebookModel model(std::move(notebook));
        NotebookView view(&model);
        Math::MathRenderer math;
        view.resize(800, 600);
        view.show();
        view.setMathRenderer(&math);
        QVERIFY(view.renderedMarkdown(0).contains(QStringLiteral("E=mc^2")));   // TeX until typeset
        QTRY_COMPARE_WITH_TIMEOUT(view.renderedMarkdown(0).count(QChar::ObjectReplacementCharacter), 2, 20000);
        QVERIFY(!view.renderedMarkdown(0).contains(QStringLiteral("mc^2")));
        QVERIFY(view.renderedMarkdown(0).startsWith(QStringLiteral("Energy ")));
    }
};

QTEST_MAIN(TestMarkdownFormulas)
#include "tst_markdownformulas.moc"
