#include "math/mathengine.h"

#include <QFile>
#include <QJSEngine>
#include <QLoggingCategory>
#include <QMutexLocker>

#include <mutex>

namespace Notebench::Math {

namespace {

const QString bundlePath = QStringLiteral(":/mathjax/mathjax.js");

QLoggingCategory::CategoryFilter previousFilter = nullptr;

// The QML compiler lints every script it compiles and finds a few dozen "used before its
// declaration" in minified MathJax (hoisting it relies on): noise, printed at each start.
void silenceScriptLint(QLoggingCategory* category)
{
    if (qstrcmp(category->categoryName(), "qt.qml.compiler") == 0)
        category->setEnabled(QtWarningMsg, false);
    else if (previousFilter)
        previousFilter(category);
}

} // namespace

MathEngine::MathEngine() = default;

MathEngine::~MathEngine()
{
    QMutexLocker lock(&m_interruptMutex);
    m_typeset = QJSValue();
    m_engine.reset();
}

bool MathEngine::bundleAvailable()
{
    return QFile::exists(bundlePath);
}

bool MathEngine::load()
{
    if (m_loadTried)
        return m_typeset.isCallable();
    m_loadTried = true;
    QFile file(bundlePath);
    if (!file.open(QIODevice::ReadOnly)) {
        m_loadError = QStringLiteral("MathJax is not built into this Notebench (run scripts/fetch-mathjax, then build again)");
        return false;
    }
    const QString source = QString::fromUtf8(file.readAll());
    static std::once_flag filterInstalled;
    std::call_once(filterInstalled, [] { previousFilter = QLoggingCategory::installFilter(silenceScriptLint); });
    {
        QMutexLocker lock(&m_interruptMutex);
        m_engine = std::make_unique<QJSEngine>();
    }
    const QJSValue loaded = m_engine->evaluate(source, QStringLiteral("mathjax.js"));
    if (loaded.isError()) {
        m_loadError = QStringLiteral("MathJax failed to load: %1 (line %2)")
                          .arg(loaded.toString(), loaded.property(QStringLiteral("lineNumber")).toString());
        return false;
    }
    m_typeset = m_engine->globalObject().property(QStringLiteral("notebenchTypeset"));
    if (!m_typeset.isCallable()) {
        m_loadError = QStringLiteral("MathJax's bundle defines no notebenchTypeset()");
        return false;
    }
    return true;
}

MathResult MathEngine::typeset(const QString& tex, bool display)
{
    MathResult result;
    if (tex.size() > maxTexLength) {
        result.error = QStringLiteral("formula too long (%1 characters; at most %2)").arg(tex.size()).arg(maxTexLength);
        return result;
    }
    if (!load()) {
        result.error = m_loadError;
        return result;
    }
    const QJSValue value = m_typeset.call({QJSValue(tex), QJSValue(display)});
    if (m_engine->isInterrupted()) {
        m_engine->setInterrupted(false);
        result.error = QStringLiteral("MathJax took too long and was stopped");
        return result;
    }
    if (value.isError() || !value.isObject()) {
        result.error = QStringLiteral("MathJax failed: %1").arg(value.toString());
        return result;
    }
    result.svg = value.property(QStringLiteral("svg")).toString().toUtf8();
    result.error = value.property(QStringLiteral("error")).toString();
    if (const std::optional<MathMetrics> metrics = MathSvg::metrics(result.svg))
        result.metrics = *metrics;
    else
        result.svg.clear();   // nothing a renderer could size
    if (result.svg.isEmpty() && result.error.isEmpty())
        result.error = QStringLiteral("MathJax returned no picture");
    return result;
}

void MathEngine::interrupt()
{
    QMutexLocker lock(&m_interruptMutex);
    if (m_engine)
        m_engine->setInterrupted(true);
}

} // namespace Notebench::Math
