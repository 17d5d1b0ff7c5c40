#include "view/outputs/imageoutput.h"

#include "view/outputs/imagecache.h"

#include <QFontMetrics>
#include <QGuiApplication>
#include <QPainter>

namespace Notebench::Editor {

namespace {

double number(const nlohmann::json& object, const char* key)
{
    if (!object.is_object())
        return 0;
    const auto it = object.find(key);
    if (it == object.end())
        return 0;
    if (it->is_number())
        return std::max(0.0, it->get<double>());
    if (it->is_string())   // seen in the wild: "640"
        return std::max(0.0, QString::fromStdString(it->get<std::string>()).toDouble());
    return 0;
}

const QString brokenSentence = QStringLiteral("This image could not be shown: its data is not a readable PNG or JPEG.");

} // namespace

ImageOutput::ImageOutput(std::string base64, const nlohmann::json& metadata, const std::string& mime, QString altText,
                         const OutputContext& context)
    : m_base64(std::move(base64))
    , m_key(ImageCache::keyOf(m_base64))
    , m_altText(std::move(altText))
    , m_font(context.textFont)
    , m_theme(context.theme)
    , m_cache(context.images)
{
    m_metadataSize = metadataSize(metadata, mime);
    if (m_metadataSize.width() <= 0 || m_metadataSize.height() <= 0)
        m_headerSize = ImageCache::headerSize(m_base64);
}

QSizeF ImageOutput::metadataSize(const nlohmann::json& metadata, const std::string& mime)
{
    // nbformat: metadata["image/png"]["width"]; older kernels put width/height at the top level.
    const auto own = metadata.is_object() ? metadata.find(mime) : metadata.end();
    const nlohmann::json& sizes = metadata.is_object() && own != metadata.end() ? *own : metadata;
    return {number(sizes, "width"), number(sizes, "height")};
}

QSizeF ImageOutput::logicalSize() const
{
    const double w = m_metadataSize.width();
    const double h = m_metadataSize.height();
    if (w > 0 && h > 0)
        return {w, h};
    QSizeF pixels = m_headerSize;
    if (pixels.isEmpty() && m_cache)
        pixels = m_cache->find(m_key).size();
    if (pixels.isEmpty())
        return {};
    // One side given: the other keeps the image's aspect, as a browser's <img width=…> does.
    if (w > 0)
        return {w, pixels.height() * w / pixels.width()};
    if (h > 0)
        return {pixels.width() * h / pixels.height(), h};
    return pixels;
}

QSize ImageOutput::shownSize(int width) const
{
    QSizeF size = logicalSize();
    if (size.isEmpty())
        return {};
    if (width > 0 && size.width() > width)
        size *= width / size.width();
    return QSize(std::max(1, qRound(size.width())), std::max(1, qRound(size.height())));
}

bool ImageOutput::pending() const
{
    return m_cache && !m_cache->failed(m_key) && m_cache->find(m_key).isNull();
}

int ImageOutput::height(int width)
{
    if (m_cache && m_cache->failed(m_key))
        return QFontMetrics(m_font).boundingRect(QRect(0, 0, std::max(width, 1), 10000), Qt::TextWordWrap, brokenSentence).height();
    const QSize size = shownSize(width);
    if (m_cache) {
        // Measured means about to be painted: decode and scale to the shown size meanwhile.
        const qreal ratio = qGuiApp ? qGuiApp->devicePixelRatio() : 1.0;
        if (size.isValid())
            m_cache->requestScaled(m_key, m_base64, (QSizeF(size) * ratio).toSize());
        else
            m_cache->request(m_key, m_base64);
    }
    // Unknown until decoded (no header, no metadata): one line, corrected when the pixels arrive.
    return size.isValid() ? size.height() : QFontMetrics(m_font).lineSpacing();
}

void ImageOutput::paint(QPainter& painter, const QRect& rect)
{
    if (m_cache && m_cache->failed(m_key)) {
        painter.setFont(m_font);
        painter.setPen(m_theme.timing);
        painter.drawText(rect, Qt::TextWordWrap, brokenSentence);
        return;
    }
    const QSize size = shownSize(rect.width());
    const QRect target(rect.topLeft(), size.isValid() ? size : QSize(rect.width(), rect.height()));
    const qreal ratio = painter.device() ? painter.device()->devicePixelRatioF() : 1.0;
    const QSize devicePixels = (QSizeF(target.size()) * ratio).toSize();
    if (!m_cache) {
        painter.fillRect(target, m_theme.codeBackground);
        return;
    }
    if (QImage smooth = m_cache->findScaled(m_key, devicePixels); !smooth.isNull()) {
        smooth.setDevicePixelRatio(ratio);
        painter.drawImage(target.topLeft(), smooth);
        return;
    }
    const QImage decoded = m_cache->find(m_key);
    if (decoded.isNull()) {
        // Not decoded yet (or evicted and on its way again): a quiet placeholder of the right size.
        m_cache->requestScaled(m_key, m_base64, devicePixels);
        painter.fillRect(target, m_theme.codeBackground);
        return;
    }
    // Decoded but not yet smoothly scaled (a worker does that): a fast scale for this frame.
    m_cache->requestScaled(m_key, m_base64, devicePixels);
    painter.drawImage(target, decoded);
}

QImage ImageOutput::image() const
{
    const QImage cached = m_cache ? m_cache->find(m_key) : QImage();
    if (!cached.isNull())
        return cached;
    return ImageCache::decode(QByteArray(m_base64.data(), static_cast<qsizetype>(m_base64.size())));
}

} // namespace Notebench::Editor
