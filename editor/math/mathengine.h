#pragma once

#include "math/mathsvg.h"

#include <QByteArray>
#include <QJSValue>
#include <QMutex>
#include <QString>

#include <memory>

class QJSEngine;

namespace Notebench::Math {

/// What MathJax made of one formula.
struct MathResult {
    QByteArray svg;        ///< the <svg> markup; empty when no picture could be made at all
    QString error;         ///< the TeX error (the svg then shows it boxed) or why it failed; "" when fine
    MathMetrics metrics;   ///< the svg's box in ems
};

/// MathJax 3 (TeX in, SVG out) inside a QJSEngine. Not thread-safe, like QJSEngine itself:
/// create it, typeset with it and destroy it on one thread; only interrupt() may come from
/// another. The bundle (third_party/mathjax, embedded as :/mathjax/mathjax.js) is evaluated
/// on the first typeset(), which therefore costs about half a second more.
class MathEngine {
public:
    /// TeX longer than this is refused rather than handed to the engine.
    static constexpr qsizetype maxTexLength = 20000;

    MathEngine();
    ~MathEngine();
    MathEngine(const MathEngine&) = delete;
    MathEngine& operator=(const MathEngine&) = delete;

    /// True when this binary carries the MathJax bundle (scripts/fetch-mathjax ran before the build).
    static bool bundleAvailable();

    /// `display`: a display formula ($$…$$), else inline ($…$). Never throws; bad TeX gives
    /// MathJax's error box and the message.
    MathResult typeset(const QString& tex, bool display);
    /// Evaluates the bundle now rather than on the first typeset(); false (with the reason in
    /// loadError()) when there is none or it fails.
    bool load();
    const QString& loadError() const { return m_loadError; }

    /// Thread-safe: aborts the JavaScript running now (a watchdog's call); its typeset() then
    /// reports an error, and the next one runs normally.
    void interrupt();

private:
    std::unique_ptr<QJSEngine> m_engine;
    QJSValue m_typeset;
    QString m_loadError;
    bool m_loadTried = false;
    QMutex m_interruptMutex;   // guards m_engine's creation against interrupt() from another thread
};

} // namespace Notebench::Math
