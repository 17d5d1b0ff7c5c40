// MathEngine and MathRenderer: MathJax typesets a set of formulas into SVG that QtSvg draws, with
// plausible sizes and the requested ink; bad TeX gives an error picture, never a crash or hang;
// the threaded renderer answers by signal in order, once per formula, and from its cache at once.
#include "math/mathengine.h"
#include "math/mathrenderer.h"

#include <QElapsedTimer>
#include <QGuiApplication>
#include <QSignalSpy>
#include <QSvgRenderer>
#include <QTest>

#include <memory>

using namespace Notebench::Math;

namespace {

// Pixels drawn nearly opaque in `ink`'s hue, and those clearly in another colour.
struct Ink {
    int matching = 0;
    int other = 0;
};

Ink inkPixels(const QImage& picture, const QColor& ink)
{
    const QImage image = picture.convertToFormat(QImage::Format_ARGB32);
    Ink count;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QColor pixel = QColor::fromRgba(image.pixel(x, y));
            if (pixel.alpha() < 200)
                continue;
            const int distance = std::abs(pixel.red() - ink.red()) + std::abs(pixel.green() - ink.green())
                               + std::abs(pixel.blue() - ink.blue());
            ++(distance < 60 ? count.matching : count.other);
        }
    return count;
}

} // namespace

class TestMathRenderer : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        if (!MathEngine::bundleAvailable()) {
            // CI must typeset math: a missing bundle there is a broken setup, not a reason to skip.
            if (qEnvironmentVariableIsSet("CI"))
                QFAIL("the MathJax bundle is not built in: scripts/fetch-mathjax must run before the build");
            QSKIP("no MathJax bundle in this build (run scripts/fetch-mathjax and build again)");
        }
        m_engine = std::make_unique<MathEngine>();
        QVERIFY2(m_engine->load(), qPrintable(m_engine->loadError()));
    }

    void typesets_data()
    {
        QTest::addColumn<QString>("tex");
        QTest::addColumn<bool>("display");
        QTest::newRow("fraction") << "\\frac{a+b}{c}" << false;
        QTest::newRow("sqrt") << "\\sqrt{x^2+1}" << false;
        QTest::newRow("sum with limits") << "\\sum_{i=1}^{n} i^2" << true;
        QTest::newRow("integral") << "\\int_0^\\infty e^{-x^2}\\,dx" << true;
        QTest::newRow("bmatrix") << "\\begin{bmatrix}1&2&3\\\\4&5&6\\\\7&8&9\\end{bmatrix}" << true;
        QTest::newRow("align") << "\\begin{align}a&=b+c\\\\d&=e\\end{align}" << true;
        QTest::newRow("left right") << "\\left(\\frac{1}{2}\\right)" << false;
        QTest::newRow("blackboard") << "x\\in\\mathbb{R}" << false;
        QTest::newRow("greek") << "\\alpha\\beta\\gamma\\Omega" << false;
        QTest::newRow("text") << "\\text{if } x>0" << false;
        QTest::newRow("boldsymbol") << "\\boldsymbol{\\mu}" << false;
        QTest::newRow("color") << "\\color{blue}{x}" << false;
        QTest::newRow("newcommand") << "\\newcommand{\\R}{\\mathbb{R}}\\R^n" << false;
        QTest::newRow("cases") << "f(x)=\\begin{cases}0&x<0\\\\1&x\\ge0\\end{cases}" << true;
    }
    void typesets()
    {
        QFETCH(QString, tex);
        QFETCH(bool, display);
        const MathResult result = m_engine->typeset(tex, display);
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QVERIFY(result.svg.startsWith("<svg"));
        QSvgRenderer renderer(result.svg);
        QVERIFY(renderer.isValid());
        QVERIFY2(result.metrics.width > 0.3 && result.metrics.width < 40, qPrintable(QString::number(result.metrics.width)));
        QVERIFY2(result.metrics.height() > 0.4 && result.metrics.height() < 10,
                 qPrintable(QString::number(result.metrics.height())));
        QVERIFY(result.metrics.ascent > 0);
        QVERIFY(result.metrics.depth >= 0);
    }

    void sizesArePlausible()
    {
        const auto box = [this](const char* tex, bool display) {
            const MathResult result = m_engine->typeset(QString::fromLatin1(tex), display);
            return result.metrics;
        };
        const MathMetrics x = box("x", false);
        QVERIFY(x.height() > 0.4 && x.height() < 1.2);
        // \sum grows and takes its limits above and below in display style.
        QVERIFY(box("\\sum_{i=1}^n i", true).height() > 1.3 * box("\\sum_{i=1}^n i", false).height());
        QVERIFY(box("\\begin{bmatrix}1&2&3\\\\4&5&6\\\\7&8&9\\end{bmatrix}", true).height() > 3 * x.height());
        QVERIFY(box("a+b+c+d+e+f", false).width > 3 * box("a+b", false).width / 2);
        // An inline fraction reaches below the baseline.
        QVERIFY(box("\\frac{1}{2}", false).depth > 0.2);
    }

    void drawsInTheRequestedInk_data()
    {
        QTest::addColumn<QColor>("ink");
        QTest::newRow("light theme") << QColor(0x21, 0x21, 0x21);
        QTest::newRow("dark theme") << QColor(0xe0, 0xe0, 0xe0);
        QTest::newRow("blue") << QColor(0x20, 0x60, 0xff);
    }
    void drawsInTheRequestedInk()
    {
        QFETCH(QColor, ink);
        const MathResult result = m_engine->typeset(QStringLiteral("\\int_0^1 \\sqrt{x}\\,dx = \\frac{2}{3}"), true);
        const QImage image = MathSvg::render(result.svg, ink, 40, 1);
        QVERIFY(!image.isNull());
        QCOMPARE(image.width(), qCeil(result.metrics.width * 40));
        const Ink pixels = inkPixels(image, ink);
        QVERIFY2(pixels.matching > 200, qPrintable(QString::number(pixels.matching)));
        QCOMPARE(pixels.other, 0);
    }

    void devicePixelRatioTwoIsSharper()
    {
        const MathResult result = m_engine->typeset(QStringLiteral("e^{i\\pi}+1=0"), false);
        const QImage one = MathSvg::render(result.svg, Qt::black, 20, 1);
        const QImage two = MathSvg::render(result.svg, Qt::black, 20, 2);
        QCOMPARE(two.devicePixelRatio(), 2.0);
        QVERIFY(qAbs(two.width() - 2 * one.width()) <= 2);
        QVERIFY(qAbs(two.height() - 2 * one.height()) <= 2);
        QVERIFY(qAbs(two.deviceIndependentSize().width() - one.width()) <= 1);
    }

    void badTexGivesAnErrorPicture()
    {
        const MathResult result = m_engine->typeset(QStringLiteral("\\frac{1}"), false);
        QVERIFY2(result.error.contains(QStringLiteral("Missing argument")), qPrintable(result.error));
        QVERIFY(QSvgRenderer(result.svg).isValid());
        // MathJax's error box: red text on yellow, whatever ink is asked for.
        const QImage image = MathSvg::render(result.svg, Qt::black, 30, 1);
        QVERIFY(inkPixels(image, QColor(Qt::red)).matching > 20);
        QVERIFY(inkPixels(image, QColor(Qt::yellow)).matching > 200);
        // The engine carries on normally afterwards.
        QVERIFY(m_engine->typeset(QStringLiteral("x"), false).error.isEmpty());
    }

    void garbageNeverCrashes_data()
    {
        QTest::addColumn<QString>("tex");
        QTest::newRow("empty") << "";
        QTest::newRow("open brace") << "{";
        QTest::newRow("close brace") << "}";
        QTest::newRow("unclosed environment") << "\\begin{bmatrix}1&";
        QTest::newRow("unknown environment") << "\\begin{tabularx}x\\end{tabularx}";
        QTest::newRow("undefined macro") << "\\notamacro x";
        QTest::newRow("runaway macro") << "\\def\\a{\\a}\\a";
        QTest::newRow("nul and unicode") << QStringLiteral("x\u0000y\u00e9\U0001F600");
        QTest::newRow("deep nesting") << QString(300, u'{') + QString(300, u'}');
        QTest::newRow("too long") << QString(MathEngine::maxTexLength + 1, u'x');
    }
    void garbageNeverCrashes()
    {
        QFETCH(QString, tex);
        QElapsedTimer clock;
        clock.start();
        const MathResult result = m_engine->typeset(tex, true);
        QVERIFY(clock.elapsed() < 5000);
        // Either a picture (perhaps of the error) or a message saying why there is none.
        QVERIFY(!result.svg.isEmpty() || !result.error.isEmpty());
        if (!result.svg.isEmpty())
            QVERIFY(QSvgRenderer(result.svg).isValid());
    }

    void rendererAnswersInOrderOnceAndFromCache()
    {
        MathRenderer renderer;
        QSignalSpy ready(&renderer, &MathRenderer::formulaReady);
        const QStringList formulas{QStringLiteral("a_1"), QStringLiteral("\\frac{p}{q}"), QStringLiteral("\\sqrt[3]{y}"),
                                   QStringLiteral("\\hat{\\theta}"), QStringLiteral("\\vec{v}")};
        for (const QString& tex : formulas)
            QVERIFY(!renderer.typeset(tex, false));
        QVERIFY(!renderer.typeset(formulas[0], false));   // asked again: still queued once
        QCOMPARE(renderer.pendingCount(), formulas.size());
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), formulas.size(), 20000);
        for (int i = 0; i < formulas.size(); ++i)   // FIFO: answered in the order asked
            QCOMPARE(ready[i][0].toString(), formulas[i]);
        QCOMPARE(renderer.pendingCount(), 0);

        QElapsedTimer clock;
        clock.start();
        const auto hit = renderer.typeset(formulas[1], false);
        QVERIFY(hit && hit->error.isEmpty());
        const auto picture = renderer.image(formulas[1], false, Qt::darkGreen, 24, 2);
        QVERIFY(picture && !picture->image.isNull());
        QCOMPARE(picture->image.devicePixelRatio(), 2.0);
        QVERIFY(picture->ascent > 0 && picture->depth > 0);
        const auto again = renderer.image(formulas[1], false, Qt::darkGreen, 24, 2);
        QVERIFY(again && again->image.cacheKey() == picture->image.cacheKey());   // the cached picture itself
        QVERIFY2(clock.elapsed() < 50, qPrintable(QString::number(clock.elapsed())));
        QTest::qWait(50);
        QCOMPARE(ready.size(), formulas.size());   // cache hits queue nothing
    }

    void rendererReportsBadTex()
    {
        MathRenderer renderer;
        QSignalSpy ready(&renderer, &MathRenderer::formulaReady);
        QVERIFY(!renderer.image(QStringLiteral("\\frac{1}"), true, Qt::black, 20, 1));
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 20000);
        const auto picture = renderer.image(QStringLiteral("\\frac{1}"), true, Qt::black, 20, 1);
        QVERIFY(picture);
        QVERIFY(!picture->image.isNull());
        QVERIFY(picture->error.contains(QStringLiteral("Missing argument")));
    }

    void destroyingWhileBusyDoesNotHang()
    {
        QElapsedTimer clock;
        clock.start();
        {
            MathRenderer renderer;
            for (int i = 0; i < 50; ++i)
                renderer.typeset(QStringLiteral("x_{%1}").arg(i), false);
        }
        QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
    }

private:
    std::unique_ptr<MathEngine> m_engine;
};

QTEST_MAIN(TestMathRenderer)
#include "tst_mathrenderer.moc"
