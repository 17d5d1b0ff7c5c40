#include "view/markdownformulas.h"

#include "math/mathrenderer.h"
#include "view/theme.h"

#include <QFontInfo>
#include <QFontMetrics>
#include <QPainter>
#include <QTextDocument>
#include <QUrl>

#include <algorithm>
#include <cmath>

namespace Notebench::Editor {

namespace {

// The x-height of MathJax's TeX font, in ems: a browser's MathJax scales math so that its x-height
// matches the text's, and so do we.
constexpr double mathJaxXHeight = 0.442;

// QTextDocument puts an image's bottom on the baseline, except with AlignMiddle, which lays the
// image out with its centre half an x-height above the baseline but draws it centred in the line
// (QTextDocumentLayout::resizeInlineObject, QTextLine::draw). Both agree when the image is at least
// as tall as the text above and below the baseline; every formula of a line then shares one
// baseline with the text. Transparent rows above and below the formula make it so.
QImage onBaseline(const Math::MathImage& formula, double halfX, const QFontMetricsF& text, double& height)
{
    const double ascent = std::max(formula.ascent, text.ascent());
    const double descent = std::max(formula.depth, text.descent());
    // The laid-out height is rounded to whole pixels: keep it whole so nothing shifts.
    height = std::ceil(ascent - descent >= halfX ? 2 * ascent - halfX : 2 * descent + halfX);
    const double above = (height + halfX) / 2 - formula.ascent;
    const qreal ratio = formula.image.devicePixelRatio();
    QImage padded(formula.image.width(), std::max(1, static_cast<int>(std::lround(height * ratio))),
                  QImage::Format_ARGB32_Premultiplied);
    padded.setDevicePixelRatio(ratio);   // before painting, so the formula keeps all its pixels
    padded.fill(Qt::transparent);
    {
        QPainter painter(&padded);
        painter.drawImage(QPointF(0, std::round(above * ratio) / ratio), formula.image);
    }
    return padded;
}

} // namespace

MarkdownFormulas::MarkdownFormulas(QTextDocument& document, Math::MathRenderer* math, qreal devicePixelRatio)
    : m_document(document)
    , m_math(math)
    , m_devicePixelRatio(devicePixelRatio)
{
}

MarkdownFormulas::Picture MarkdownFormulas::picture(const MathSpan& span, const QTextCharFormat& surrounding)
{
    if (!m_math)
        return {};
    const QFont font = surrounding.font().resolve(m_document.defaultFont());
    const double pixelSize = QFontInfo(font).pixelSize();
    const double em = std::clamp(QFontMetricsF(font).xHeight() / mathJaxXHeight, pixelSize, 1.5 * pixelSize);
    const QColor ink = surrounding.foreground().style() != Qt::NoBrush ? surrounding.foreground().color()
                                                                        : Theme::current().text;
    const std::optional<Math::MathImage> formula =
        m_math->image(span.tex, span.kind == MathSpan::Kind::Display, ink, em, m_devicePixelRatio);
    if (!formula) {
        m_pending = m_pending || Math::MathRenderer::isAvailable();
        return {};
    }
    if (formula->image.isNull())
        return {std::nullopt, formula->error};

    QTextImageFormat format;
    format.merge(surrounding);
    format.setVerticalAlignment(QTextCharFormat::AlignMiddle);
    // What QTextDocumentLayout measures the half x-height with: the format's own font.
    const double halfX = QFontMetrics(format.font()).xHeight() / 2.0;
    double height = 0;
    const QImage image = onBaseline(*formula, halfX, QFontMetricsF(font), height);
    const QUrl name(QStringLiteral("notebench-math:%1").arg(m_count++));
    m_document.addResource(QTextDocument::ImageResource, name, image);
    format.setName(name.toString());
    format.setWidth(image.deviceIndependentSize().width());
    format.setHeight(height);
    format.setToolTip(formula->error.isEmpty() ? span.source : formula->error);
    return {format, formula->error};
}

} // namespace Notebench::Editor
