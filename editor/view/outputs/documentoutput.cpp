#include "view/outputs/documentoutput.h"

#include <QAbstractTextDocumentLayout>
#include <QPainter>
#include <QTextDocument>

#include <cmath>

namespace Notebench::Editor {

DocumentOutput::DocumentOutput(Kind kind, Builder builder, bool rebuildPerWidth, const OutputContext& context)
    : m_kind(kind)
    , m_builder(std::move(builder))
    , m_rebuildPerWidth(rebuildPerWidth)
    , m_theme(context.theme)
{
}

DocumentOutput::~DocumentOutput() = default;

int DocumentOutput::height(int width)
{
    width = std::max(width, 1);
    if (!m_document || (m_rebuildPerWidth && width != m_width))
        m_document = m_builder(width);
    if (width != m_width || m_document->textWidth() != width) {
        m_document->setTextWidth(width);
        m_width = width;
    }
    return static_cast<int>(std::ceil(m_document->size().height()));
}

void DocumentOutput::paint(QPainter& painter, const QRect& rect)
{
    if (!m_document || m_width != rect.width())
        height(rect.width());
    painter.save();
    painter.translate(rect.topLeft());
    QAbstractTextDocumentLayout::PaintContext context;
    // Text without a colour of its own takes the theme's, so dark paper gets light text.
    context.palette.setColor(QPalette::Text, m_theme.text);
    context.clip = painter.hasClipping() ? painter.clipBoundingRect() : QRectF(0, 0, rect.width(), rect.height());
    context.clip = context.clip.intersected(QRectF(0, 0, rect.width(), rect.height()));
    painter.setClipRect(context.clip, Qt::IntersectClip);
    m_document->documentLayout()->draw(&painter, context);
    painter.restore();
}

QString DocumentOutput::text() const
{
    if (m_document)
        return m_document->toPlainText();
    // Not laid out yet (copied from a menu before it was ever painted): build it once.
    return m_builder(std::max(m_width, 400))->toPlainText();
}

QString DocumentOutput::anchorAt(QPoint point) const
{
    return m_document ? m_document->documentLayout()->anchorAt(point) : QString();
}

} // namespace Notebench::Editor
