#include "view/outputs/imagecache.h"

#include <QBuffer>
#include <QHash>
#include <QImageReader>

namespace Notebench::Editor {

namespace {

// Enough base64 for PNG's IHDR and for the JPEG frame header after a typical EXIF block.
constexpr std::size_t headerBase64Chars = 96 * 1024;

} // namespace

ImageCache::ImageCache(QObject* parent)
    : QObject(parent)
{
    // Two workers: decoding keeps pace with scrolling without taking every core from the kernel.
    m_pool.setMaxThreadCount(2);
    m_images.setMaxCost(budgetBytes / 1024);
    m_scaled.setMaxCost(scaledBudgetBytes / 1024);
}

ImageCache::~ImageCache()
{
    // Workers post back to this object: they must be done before it goes.
    m_pool.clear();
    m_pool.waitForDone();
}

quint64 ImageCache::keyOf(std::string_view base64)
{
    const QByteArrayView bytes(base64.data(), static_cast<qsizetype>(base64.size()));
    return (static_cast<quint64>(qHash(bytes, 0x6e62)) << 20) ^ static_cast<quint64>(base64.size());
}

QSize ImageCache::headerSize(std::string_view base64)
{
    if (const QSize png = pngSize(base64); png.isValid())
        return png;
    const std::string_view head = base64.substr(0, std::min(base64.size(), headerBase64Chars));
    QByteArray bytes = QByteArray::fromBase64(QByteArray(head.data(), static_cast<qsizetype>(head.size())));
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    const QSize size = reader.size();
    return size.isValid() && !size.isEmpty() ? size : QSize();
}

QSize ImageCache::pngSize(std::string_view base64)
{
    // Signature (8 bytes), IHDR length and tag (8), then width and height, big-endian: 24 bytes.
    if (base64.size() < 32)
        return {};
    const QByteArray bytes = QByteArray::fromBase64(QByteArray(base64.data(), 32));
    if (bytes.size() < 24 || !bytes.startsWith("\x89PNG\r\n\x1a\n") || bytes.mid(12, 4) != "IHDR")
        return {};
    const auto word = [&bytes](int at) {
        return (quint32(quint8(bytes[at])) << 24) | (quint32(quint8(bytes[at + 1])) << 16) | (quint32(quint8(bytes[at + 2])) << 8)
               | quint32(quint8(bytes[at + 3]));
    };
    const quint32 width = word(16);
    const quint32 height = word(20);
    if (width == 0 || height == 0 || width > 1u << 20 || height > 1u << 20)
        return {};
    return QSize(int(width), int(height));
}

QImage ImageCache::decode(const QByteArray& base64)
{
    QImage image = QImage::fromData(QByteArray::fromBase64(base64));
    if (image.isNull())
        return image;
    // The format the raster engine paints fastest, converted here rather than on every paint.
    return image.convertToFormat(image.hasAlphaChannel() ? QImage::Format_ARGB32_Premultiplied : QImage::Format_RGB32);
}

QImage ImageCache::find(quint64 key) const
{
    const QImage* image = m_images.object(key);
    return image ? *image : QImage();
}

void ImageCache::request(quint64 key, std::string_view base64)
{
    if (m_images.contains(key) || m_failed.contains(key) || m_inFlight.contains(key))
        return;
    m_inFlight.insert(key);
    QByteArray data(base64.data(), static_cast<qsizetype>(base64.size()));
    m_pool.start([this, key, data = std::move(data)] {
        const QImage image = decode(data);
        QMetaObject::invokeMethod(this, [this, key, image] { store(key, image); }, Qt::QueuedConnection);
    });
}

quint64 ImageCache::scaledKey(quint64 key, QSize pixels)
{
    return key ^ (static_cast<quint64>(pixels.width()) * 0x9e3779b97f4a7c15ULL) ^ (static_cast<quint64>(pixels.height()) << 1);
}

QImage ImageCache::findScaled(quint64 key, QSize pixels) const
{
    const QImage* image = m_scaled.object(scaledKey(key, pixels));
    return image ? *image : QImage();
}

void ImageCache::requestScaled(quint64 key, std::string_view base64, QSize pixels)
{
    const quint64 scaled = scaledKey(key, pixels);
    if (pixels.isEmpty() || m_scaled.contains(scaled) || m_scaling.contains(scaled) || m_failed.contains(key))
        return;
    const QImage known = find(key);
    if (known.isNull() && m_inFlight.contains(key))
        return;   // decoding already; the repaint after it asks again
    m_scaling.insert(scaled);
    // Without the pixels yet, the worker decodes too (and hands both back).
    QByteArray data = known.isNull() ? QByteArray(base64.data(), static_cast<qsizetype>(base64.size())) : QByteArray();
    if (known.isNull())
        m_inFlight.insert(key);
    m_pool.start([this, key, scaled, pixels, known, data = std::move(data)] {
        const QImage image = known.isNull() ? decode(data) : known;
        // The decoded pixels go back at once (a frame can show them, roughly scaled); the smooth
        // scale follows.
        if (known.isNull())
            QMetaObject::invokeMethod(this, [this, key, image] { store(key, image); }, Qt::QueuedConnection);
        const QImage smooth = image.isNull() || image.size() == pixels
                                  ? image
                                  : image.scaled(pixels, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
        QMetaObject::invokeMethod(
            this,
            [this, key, scaled, smooth] {
                m_scaling.remove(scaled);
                if (!smooth.isNull())
                    m_scaled.insert(scaled, new QImage(smooth), std::max<qsizetype>(1, smooth.sizeInBytes() / 1024));
                emit decoded(key);
            },
            Qt::QueuedConnection);
    });
}

void ImageCache::store(quint64 key, const QImage& image)
{
    m_inFlight.remove(key);
    if (image.isNull())
        m_failed.insert(key);
    else
        m_images.insert(key, new QImage(image), std::max<qsizetype>(1, image.sizeInBytes() / 1024));
    emit decoded(key);
}

} // namespace Notebench::Editor
