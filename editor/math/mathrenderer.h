#pragma once

#include "math/mathengine.h"

#include <QCache>
#include <QColor>
#include <QElapsedTimer>
#include <QHash>
#include <QImage>
#include <QMutex>
#include <QObject>
#include <QSet>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <deque>
#include <memory>
#include <optional>

namespace Notebench::Math {

/// A formula ready to be shown: its picture and where its baseline is.
struct MathImage {
    QImage image;        ///< carries the device pixel ratio; null when MathJax made no picture
    double ascent = 0;   ///< logical pixels above the baseline
    double depth = 0;    ///< logical pixels below it
    QString error;       ///< the TeX error the picture shows, or why there is none; "" when fine
};

/// Typesets TeX with MathJax (MathEngine) on a worker thread of its own, so the GUI never waits:
/// a formula not typeset yet is queued (once, however often asked for) and reported by
/// formulaReady() on the owner's thread. Results are kept in an LRU cache keyed by (TeX,
/// display) and their pictures in one keyed by (TeX, display, ink, size, device pixel ratio),
/// so a theme change or a second screen redraws without typesetting again. One instance serves
/// every view of the application. Without the MathJax bundle nothing is queued and views keep
/// showing TeX; a one-line notice says why.
class MathRenderer : public QObject {
    Q_OBJECT
public:
    /// A formula still running after this long is aborted and reported as an error.
    static constexpr int timeoutMs = 10000;

    explicit MathRenderer(QObject* parent = nullptr);
    ~MathRenderer() override;

    static bool isAvailable() { return MathEngine::bundleAvailable(); }

    /// The result when typeset, else null (and the formula is queued).
    std::shared_ptr<const MathResult> typeset(const QString& tex, bool display);
    /// The result when typeset, else null; queues nothing.
    std::shared_ptr<const MathResult> cached(const QString& tex, bool display) const;
    /// The formula drawn in `ink` at 1 em = `emPixels`: nullopt while it is being typeset (it is
    /// queued) or when typesetting is unavailable.
    std::optional<MathImage> image(const QString& tex, bool display, const QColor& ink, double emPixels,
                                   qreal devicePixelRatio);

    /// Formulas queued or being typeset.
    int pendingCount() const { return static_cast<int>(m_pending.size()); }

signals:
    /// A queued formula is typeset (or failed for good); cached() now has it.
    void formulaReady(const QString& tex, bool display);

private:
    struct Key {
        QString tex;
        bool display = false;
        bool operator==(const Key&) const = default;
    };
    friend size_t qHash(const Key& key, size_t seed = 0) { return qHashMulti(seed, key.tex, key.display); }
    struct ImageKey {
        Key formula;
        QRgb ink = 0;
        int emSixtyFourths = 0;
        int dprSixtyFourths = 0;
        bool operator==(const ImageKey&) const = default;
    };
    friend size_t qHash(const ImageKey& key, size_t seed = 0)
    {
        return qHashMulti(seed, key.formula, key.ink, key.emSixtyFourths, key.dprSixtyFourths);
    }

    void enqueue(const Key& key);
    void drain();   // on the worker thread
    void deliver(const Key& key, const MathResult& result);
    void watch();

    QThread m_thread;
    QObject* m_workerContext = nullptr;     // lives on m_thread: queued calls run there
    std::unique_ptr<MathEngine> m_engine;   // created, used and destroyed on m_thread
    QMutex m_queueMutex;
    std::deque<Key> m_queue;                // guarded by m_queueMutex
    bool m_draining = false;                // guarded by m_queueMutex: a drain() is posted or running
    std::atomic<qint64> m_jobStartedMs{-1}; // when the running formula began (m_clock), -1 when idle
    QElapsedTimer m_clock;
    QTimer m_watchdog;

    QSet<Key> m_pending;
    QCache<Key, std::shared_ptr<const MathResult>> m_results;
    QCache<ImageKey, MathImage> m_images;
    bool m_noticeGiven = false;
};

} // namespace Notebench::Math
