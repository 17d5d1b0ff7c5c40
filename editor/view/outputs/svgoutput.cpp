#include "view/outputs/svgoutput.h"

#include "view/outputs/imageoutput.h"

#include <nlohmann/json.hpp>

#include <QFontMetrics>
#include <QPainter>
#include <QSvgRenderer>

namespace Notebench::Editor {

namespace {

const QString brokenSentence = QStringLiteral("This SVG image could not be shown: it is not valid SVG.");

} // namespace

SvgOutput::SvgOutput(QByteArray source, const nlohmann::json& metadata, QString altText, const OutputContext& context)
    : m_source(std::move(source))
    , m_altText(std::move(altText))
    , m_font(context.textFont)
    , m_theme(context.theme)
    , m_renderer(std::make_unique<QSvgRenderer>(m_source))
{
    if (!m_renderer->isValid())
        return;
    // width/height attributes give defaultSize(); without them QtSvg falls back to the viewBox.
    QSizeF size = m_renderer->defaultSize();
    if (size.isEmpty())
        size = m_renderer->viewBoxF().size();
    const QSizeF asked = ImageOutput::metadataSize(metadata, "image/svg+xml");
    const double w = asked.width();
    const double h = asked.height();
    if (w > 0 && h > 0)
        size = QSizeF(w, h);
    else if (w > 0 && !size.isEmpty())
        size = QSizeF(w, size.height() * w / size.width());
    m_size = size.isEmpty() ? QSizeF(300, 150) : size;   // a browser's default replaced-element size
}

SvgOutput::~SvgOutput() = default;

bool SvgOutput::isValid() const
{
    return m_renderer->isValid();
}

QSize SvgOutput::shownSize(int width) const
{
    QSizeF size = m_size;
    if (width > 0 && size.width() > width)
        size *= width / size.width();
    return QSize(std::max(1, qRound(size.width())), std::max(1, qRound(size.height())));
}

int SvgOutput::height(int width)
{
    if (!isValid())
        return QFontMetrics(m_font).boundingRect(QRect(0, 0, std::max(width, 1), 10000), Qt::TextWordWrap, brokenSentence).height();
    return shownSize(width).height();
}

void SvgOutput::paint(QPainter& painter, const QRect& rect)
{
    if (!isValid()) {
        painter.setFont(m_font);
        painter.setPen(m_theme.timing);
        painter.drawText(rect, Qt::TextWordWrap, brokenSentence);
        return;
    }
    const QSize size = shownSize(rect.width());
    const qreal ratio = painter.device() ? painter.device()->devicePixelRatioF() : 1.0;
    const QSize pixels = (QSizeF(size) * ratio).toSize();
    if (m_cached.size() != pixels) {
        m_cached = QImage(pixels, QImage::Format_ARGB32_Premultiplied);
        m_cached.fill(Qt::transparent);
        QPainter imagePainter(&m_cached);
        m_renderer->render(&imagePainter, QRectF(QPointF(0, 0), QSizeF(pixels)));
        m_cached.setDevicePixelRatio(ratio);
    }
    painter.drawImage(rect.topLeft(), m_cached);
}

QImage SvgOutput::image() const
{
    if (!isValid())
        return {};
    QImage image(shownSize(0), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);   // a saved PNG gets the page colour behind it, as a browser shows it
    QPainter painter(&image);
    m_renderer->render(&painter);
    return image;
}

} // namespace Notebench::Editor
