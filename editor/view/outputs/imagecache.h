#pragma once

#include <QByteArray>
#include <QCache>
#include <QImage>
#include <QObject>
#include <QSet>
#include <QSize>
#include <QThreadPool>

#include <string_view>

namespace Notebench::Editor {

/// Decodes base64 PNG and JPEG outputs on worker threads and keeps the pixels, keyed by their
/// content, within a memory budget: the GUI thread only reads headers (for heights) and paints,
/// and an image scrolled back into view is painted from here without decoding it again.
class ImageCache : public QObject {
    Q_OBJECT
public:
    static constexpr qsizetype budgetBytes = 256LL * 1024 * 1024;
    static constexpr qsizetype scaledBudgetBytes = 64LL * 1024 * 1024;

    explicit ImageCache(QObject* parent = nullptr);
    ~ImageCache() override;

    /// A key for the encoded data (its hash and length).
    static quint64 keyOf(std::string_view base64);
    /// The pixel size from the header of base64 PNG or JPEG data, decoding only its beginning;
    /// invalid when the header cannot be read.
    static QSize headerSize(std::string_view base64);
    /// The pixel size of base64 PNG data from its IHDR chunk (the first 32 characters); invalid
    /// for anything else. Cheap enough to call for every cell of a notebook being opened.
    static QSize pngSize(std::string_view base64);
    /// Decodes base64 image data; a null image when it is not an image Qt can read.
    static QImage decode(const QByteArray& base64);

    /// The decoded image, or null while it is not decoded (or was evicted, or failed).
    QImage find(quint64 key) const;
    /// True when decoding it failed: the data is not a readable image.
    bool failed(quint64 key) const { return m_failed.contains(key); }
    /// Starts decoding unless it is cached, failed, or already on its way; decoded() follows.
    void request(quint64 key, std::string_view base64);
    /// The image smoothly scaled to `pixels`, or null while that is not ready.
    QImage findScaled(quint64 key, QSize pixels) const;
    /// Scales the decoded image to `pixels` on a worker (decoding it first when needed), so the
    /// GUI thread never runs a smooth scale; decoded() follows.
    void requestScaled(quint64 key, std::string_view base64, QSize pixels);
    /// True while any decode is on its way.
    bool busy() const { return !m_inFlight.isEmpty(); }

signals:
    /// An image finished decoding (or failed): blocks showing it can paint.
    void decoded(quint64 key);

private:
    void store(quint64 key, const QImage& image);
    static quint64 scaledKey(quint64 key, QSize pixels);

    QThreadPool m_pool;
    QCache<quint64, QImage> m_images;
    QCache<quint64, QImage> m_scaled;   // keyed by scaledKey(); the shown size of images in view
    QSet<quint64> m_inFlight;
    QSet<quint64> m_scaling;
    QSet<quint64> m_failed;
};

} // namespace Notebench::Editor
