#include "math/mathrenderer.h"

#include <QLoggingCategory>
#include <QMutexLocker>

#include <algorithm>
#include <cmath>

namespace Notebench::Math {

Q_LOGGING_CATEGORY(lcMath, "notebench.math")

namespace {

constexpr int resultCacheBytes = 32 * 1024 * 1024;   // MathJax SVGs run 2-20 KB
constexpr int imageCacheKilobytes = 64 * 1024;

int sixtyFourths(double value)
{
    return static_cast<int>(std::lround(value * 64));
}

} // namespace

MathRenderer::MathRenderer(QObject* parent)
    : QObject(parent)
    , m_engine(std::make_unique<MathEngine>())
    , m_results(resultCacheBytes)
    , m_images(imageCacheKilobytes)
{
    m_clock.start();
    m_thread.setObjectName(QStringLiteral("MathJax"));
    m_workerContext = new QObject;
    m_workerContext->moveToThread(&m_thread);
    // The JavaScript engine was created on the worker: it must be destroyed there too.
    connect(&m_thread, &QThread::finished, m_workerContext, [this] { m_engine.reset(); }, Qt::DirectConnection);
    connect(&m_thread, &QThread::finished, m_workerContext, &QObject::deleteLater, Qt::DirectConnection);
    m_watchdog.setInterval(timeoutMs / 4);
    connect(&m_watchdog, &QTimer::timeout, this, &MathRenderer::watch);
}

MathRenderer::~MathRenderer()
{
    {
        QMutexLocker lock(&m_queueMutex);
        m_queue.clear();
    }
    m_watchdog.stop();
    if (m_thread.isRunning()) {
        m_engine->interrupt();   // a formula (or the bundle) being evaluated stops at once
        m_thread.quit();
        m_thread.wait();
    } else {
        delete m_workerContext;
    }
}

std::shared_ptr<const MathResult> MathRenderer::cached(const QString& tex, bool display) const
{
    const auto* entry = m_results.object(Key{tex, display});
    return entry ? *entry : nullptr;
}

std::shared_ptr<const MathResult> MathRenderer::typeset(const QString& tex, bool display)
{
    const Key key{tex, display};
    if (const auto* entry = m_results.object(key))
        return *entry;
    if (!isAvailable()) {
        if (!m_noticeGiven)
            qCInfo(lcMath) << "MathJax is not built into this Notebench (run scripts/fetch-mathjax, then build"
                              " again): math shows as TeX source.";
        m_noticeGiven = true;
        return nullptr;
    }
    if (!m_pending.contains(key))
        enqueue(key);
    return nullptr;
}

std::optional<MathImage> MathRenderer::image(const QString& tex, bool display, const QColor& ink, double emPixels,
                                             qreal devicePixelRatio)
{
    const ImageKey key{{tex, display}, ink.rgba(), sixtyFourths(emPixels), sixtyFourths(devicePixelRatio)};
    if (const MathImage* picture = m_images.object(key))
        return *picture;
    const std::shared_ptr<const MathResult> result = typeset(tex, display);
    if (!result)
        return std::nullopt;
    MathImage picture;
    picture.error = result->error;
    if (!result->svg.isEmpty()) {
        picture.image = MathSvg::render(result->svg, ink, emPixels, devicePixelRatio);
        picture.ascent = result->metrics.ascent * emPixels;
        picture.depth = result->metrics.depth * emPixels;
        if (picture.image.isNull() && picture.error.isEmpty())
            picture.error = QStringLiteral("the typeset formula could not be drawn");
    }
    const qsizetype kilobytes = std::min<qsizetype>(picture.image.sizeInBytes() / 1024 + 1, imageCacheKilobytes);
    m_images.insert(key, new MathImage(picture), static_cast<int>(kilobytes));
    return picture;
}

void MathRenderer::enqueue(const Key& key)
{
    m_pending.insert(key);
    if (!m_thread.isRunning())
        m_thread.start(QThread::LowPriority);
    m_watchdog.start();
    QMutexLocker lock(&m_queueMutex);
    m_queue.push_back(key);
    if (m_draining)
        return;   // the running drain() takes it in turn
    m_draining = true;
    QMetaObject::invokeMethod(m_workerContext, [this] { drain(); }, Qt::QueuedConnection);
}

void MathRenderer::drain()
{
    for (;;) {
        Key key;
        {
            QMutexLocker lock(&m_queueMutex);
            if (m_queue.empty()) {
                m_draining = false;
                return;
            }
            key = std::move(m_queue.front());
            m_queue.pop_front();
        }
        m_jobStartedMs = m_clock.elapsed();
        MathResult result = m_engine->typeset(key.tex, key.display);
        m_jobStartedMs = -1;
        if (!result.error.isEmpty() && result.svg.isEmpty())
            qCWarning(lcMath) << "cannot typeset" << key.tex.left(80) << ":" << result.error;
        QMetaObject::invokeMethod(this, [this, key, result = std::move(result)] { deliver(key, result); },
                                  Qt::QueuedConnection);
    }
}

void MathRenderer::deliver(const Key& key, const MathResult& result)
{
    m_pending.remove(key);
    if (m_pending.isEmpty())
        m_watchdog.stop();
    // Capped: QCache drops an entry dearer than the whole cache at once, and a formula that never
    // stays cached would be typeset again at every render, for ever.
    const int cost = static_cast<int>(std::min<qsizetype>(result.svg.size() + key.tex.size() * 2 + 256, resultCacheBytes));
    m_results.insert(key, new std::shared_ptr<const MathResult>(std::make_shared<MathResult>(result)), cost);
    emit formulaReady(key.tex, key.display);
}

void MathRenderer::watch()
{
    const qint64 started = m_jobStartedMs;
    if (started >= 0 && m_clock.elapsed() - started > timeoutMs)
        m_engine->interrupt();
}

} // namespace Notebench::Math
