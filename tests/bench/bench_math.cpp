// MathJax in QJSEngine against the same bundle in node: load, first formula, per-formula median
// and p95 over 100 varied formulas; then Notebench's own costs beside it (SVG to picture, the
// threaded MathRenderer's throughput and its cache hit). Prints numbers; not a test.
// Run: QT_QPA_PLATFORM=offscreen build/tests/bench/bench_math   (node on PATH for the reference)
#include "math/mathengine.h"
#include "math/mathrenderer.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryFile>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace Notebench::Math;

namespace {

struct Formula {
    QString tex;
    bool display;
};

// 100 formulas of the kinds notebooks hold: 20 shapes, 5 variants each.
std::vector<Formula> formulas()
{
    const QStringList shapes{
        QStringLiteral("x_{%1}^2"), QStringLiteral("\\frac{a+%1}{b-%1}"), QStringLiteral("\\sqrt{%1+x^2}"),
        QStringLiteral("\\sum_{i=1}^{%1} i^2"), QStringLiteral("\\int_0^{%1} e^{-x^2}\\,dx"),
        QStringLiteral("\\begin{bmatrix}%1&0&0\\\\0&%1&0\\\\0&0&%1\\end{bmatrix}"),
        QStringLiteral("\\begin{align}f(x)&=%1x+1\\\\g(x)&=x^{%1}\\end{align}"),
        QStringLiteral("\\left(\\frac{1}{%1}\\right)^n"), QStringLiteral("x\\in\\mathbb{R}^{%1}"),
        QStringLiteral("\\alpha_{%1}+\\beta\\gamma"), QStringLiteral("\\text{loss}_{%1}=\\|y-\\hat y\\|_2"),
        QStringLiteral("\\lim_{n\\to\\infty}\\left(1+\\frac{%1}{n}\\right)^n"), QStringLiteral("\\mathcal{N}(\\mu_{%1},\\sigma^2)"),
        QStringLiteral("P(A\\mid B_{%1})=\\frac{P(B\\mid A)P(A)}{P(B)}"), QStringLiteral("\\nabla_\\theta J(\\theta_{%1})"),
        QStringLiteral("\\binom{n}{%1}p^k(1-p)^{n-k}"), QStringLiteral("\\boldsymbol{W}_{%1}\\mathbf{x}+\\mathbf{b}"),
        QStringLiteral("f(x)=\\begin{cases}%1&x<0\\\\x&x\\ge0\\end{cases}"), QStringLiteral("\\operatorname{softmax}(z)_{%1}"),
        QStringLiteral("\\prod_{k=1}^{%1}\\frac{k}{k+1}")};
    const bool displayShape[] = {false, false, false, true, true, true, true, false, false, false,
                                 false, true, false, false, false, false, false, true, false, true};
    std::vector<Formula> result;
    for (int variant = 0; variant < 5; ++variant)
        for (int shape = 0; shape < shapes.size(); ++shape)
            result.push_back({shapes[shape].arg(variant * 7 + shape + 2), displayShape[shape]});
    return result;
}

struct Numbers {
    double load = -1, first = -1, median = -1, p95 = -1;
};

double percentile(std::vector<double> values, double q)
{
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, static_cast<std::size_t>(q * static_cast<double>(values.size())))];
}

double milliseconds(const QElapsedTimer& clock)
{
    return static_cast<double>(clock.nsecsElapsed()) / 1e6;
}

Numbers measureEngine(const std::vector<Formula>& list)
{
    Numbers numbers;
    MathEngine engine;
    QElapsedTimer clock;
    clock.start();
    if (!engine.load()) {
        std::fprintf(stderr, "bench_math: %s\n", qPrintable(engine.loadError()));
        return numbers;
    }
    numbers.load = milliseconds(clock);
    clock.restart();
    engine.typeset(list[0].tex, list[0].display);
    numbers.first = milliseconds(clock);
    std::vector<double> times;
    for (std::size_t i = 1; i < list.size(); ++i) {
        clock.restart();
        const MathResult result = engine.typeset(list[i].tex, list[i].display);
        times.push_back(milliseconds(clock));
        if (result.svg.isEmpty())
            std::fprintf(stderr, "bench_math: no picture for %s: %s\n", qPrintable(list[i].tex), qPrintable(result.error));
    }
    numbers.median = percentile(times, 0.5);
    numbers.p95 = percentile(times, 0.95);
    return numbers;
}

// The bundle in node: the reference. Missing node or bundle: no numbers.
Numbers measureNode(const std::vector<Formula>& list)
{
    Numbers numbers;
    const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    const QString bundle = QStringLiteral(NOTEBENCH_SOURCE_DIR "/third_party/mathjax/dist/mathjax.js");
    if (node.isEmpty() || !QFile::exists(bundle))
        return numbers;
    QTemporaryFile file;
    if (!file.open())
        return numbers;
    for (const Formula& formula : list)
        file.write((formula.display ? "d|" : "i|") + formula.tex.toUtf8() + '\n');
    file.flush();
    QProcess process;
    process.start(node, {QStringLiteral(NOTEBENCH_SOURCE_DIR "/tests/bench/bench_math.js"), bundle, file.fileName()});
    if (!process.waitForFinished(120000) || process.exitCode() != 0) {
        std::fprintf(stderr, "bench_math: node failed: %s\n", process.readAllStandardError().constData());
        return numbers;
    }
    const QJsonObject json = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
    numbers.load = json.value(QStringLiteral("load")).toDouble();
    numbers.first = json.value(QStringLiteral("first")).toDouble();
    numbers.median = json.value(QStringLiteral("median")).toDouble();
    numbers.p95 = json.value(QStringLiteral("p95")).toDouble();
    return numbers;
}

QString cell(double value)
{
    return value < 0 ? QStringLiteral("-") : QString::number(value, 'f', 2);
}

} // namespace

int main(int argc, char** argv)
{
    QGuiApplication app(argc, argv);
    if (!MathEngine::bundleAvailable()) {
        std::fprintf(stderr, "bench_math: no MathJax bundle in this build (run scripts/fetch-mathjax, build again)\n");
        return 1;
    }
    const std::vector<Formula> list = formulas();
    const Numbers qt = measureEngine(list);
    const Numbers node = measureNode(list);
    std::printf("MathJax 3.2.2, %zu formulas (ms)        QJSEngine     node\n", list.size());
    const auto row = [](const char* name, double a, double b) {
        std::printf("  %-34s %9s %8s\n", name, qPrintable(cell(a)), qPrintable(cell(b)));
    };
    row("load the bundle", qt.load, node.load);
    row("first formula", qt.first, node.first);
    row("per formula, median", qt.median, node.median);
    row("per formula, p95", qt.p95, node.p95);

    // Notebench beyond the engine: the worker thread's throughput, SVG to picture, the cache hit.
    MathRenderer renderer;
    int ready = 0;
    QEventLoop loop;
    QObject::connect(&renderer, &MathRenderer::formulaReady, &loop, [&] {
        if (++ready == static_cast<int>(list.size()))
            loop.quit();
    });
    QElapsedTimer clock;
    clock.start();
    for (const Formula& formula : list)
        renderer.typeset(formula.tex, formula.display);
    QTimer::singleShot(120000, &loop, &QEventLoop::quit);
    loop.exec();
    const double all = milliseconds(clock);
    std::vector<double> draw;
    for (const Formula& formula : list) {
        clock.restart();
        renderer.image(formula.tex, formula.display, Qt::black, 17, 2);
        draw.push_back(milliseconds(clock));
    }
    std::vector<double> hits;
    for (int round = 0; round < 10; ++round)
        for (const Formula& formula : list) {
            clock.restart();
            renderer.image(formula.tex, formula.display, Qt::black, 17, 2);
            hits.push_back(milliseconds(clock) * 1000);
        }
    std::printf("Notebench\n");
    std::printf("  MathRenderer, all %zu queued to all ready: %.0f ms (%d ready, engine load included)\n", list.size(), all, ready);
    std::printf("  SVG to picture at 17 px/em, DPR 2: median %.2f ms, p95 %.2f ms\n", percentile(draw, 0.5), percentile(draw, 0.95));
    std::printf("  cache hit (picture): median %.1f us, p95 %.1f us\n", percentile(hits, 0.5), percentile(hits, 0.95));
    return 0;
}
