#include "view/cellpainter.h"

#include "view/outputs/outputarea.h"

#include <QPainter>
#include <QTextDocument>

namespace Notebench::Editor {

namespace {

QRect inputBox(const QRect& cell, const CellSlot& slot)
{
    return QRect(cell.left() + CellPainter::promptWidth, cell.top() + CellLayout::cellPadding,
                 CellPainter::contentWidth(cell.width()) + 2 * CellLayout::inputPadding,
                 slot.inputHeight + 2 * CellLayout::inputPadding);
}

} // namespace

CellPainter::CellPainter(const QFont& textFont, const QFont& codeFont)
    : m_textFont(textFont)
    , m_codeFont(codeFont)
    , m_smallFont(textFont)
{
    m_smallFont.setPointSizeF(textFont.pointSizeF() * 0.8);
}

int CellPainter::contentWidth(int viewportWidth)
{
    return std::max(40, viewportWidth - promptWidth - rightMargin - 2 * CellLayout::inputPadding);
}

QRect CellPainter::inputRect(const QRect& cell, const CellSlot& slot)
{
    const int pad = CellLayout::inputPadding;
    return inputBox(cell, slot).adjusted(pad, pad, -pad, -pad);
}

QRect CellPainter::previewRect(const QRect& cell, const CellSlot& slot)
{
    const QRect input = inputRect(cell, slot);
    const int gap = slot.previewHeight > 0 ? CellLayout::outputGap : 0;
    return QRect(input.left(), input.bottom() + 1 + CellLayout::inputPadding + gap, input.width(), slot.previewHeight);
}

QRect CellPainter::outputRect(const QRect& cell, const CellSlot& slot)
{
    const QRect above = previewRect(cell, slot);
    return QRect(above.left(), above.top() + above.height() + CellLayout::outputGap, above.width(), slot.outputHeight);
}

void CellPainter::setTheme(const Theme& theme)
{
    m_theme = theme;
}

QString CellPainter::prompt(const Document::Cell& cell, CellRunState state)
{
    if (cell.type != Document::CellType::Code)
        return {};
    if (state != CellRunState::Idle)
        return QStringLiteral("[*]:");
    return cell.executionCount ? QStringLiteral("[%1]:").arg(*cell.executionCount) : QStringLiteral("[ ]:");
}

void CellPainter::paint(QPainter& painter, const QRect& cell, const Document::Cell& data, const CellSlot& slot,
                        const CellPaintState& state) const
{
    const bool editing = state.cursor && state.mode == Mode::Edit;
    if (state.selected && state.mode == Mode::Command && !state.cursor)
        painter.fillRect(cell, m_theme.selectedBackground);
    if (state.selected)
        painter.fillRect(QRect(cell.left(), cell.top(), barWidth, cell.height()), editing ? m_theme.editBar : m_theme.commandBar);

    const QRect box = inputBox(cell, slot);
    const QRect input = inputRect(cell, slot);
    const bool rendered = data.type == Document::CellType::Markdown && !state.hasEditor;
    if (!rendered) {
        painter.fillRect(box, m_theme.inputBackground);
        painter.setPen(editing ? m_theme.editBorder : m_theme.inputBorder);
        painter.drawRect(box.adjusted(0, 0, -1, -1));
    }

    const QString promptText = prompt(data, slot.runState);
    if (!promptText.isEmpty()) {
        painter.setFont(m_codeFont);
        painter.setPen(m_theme.prompt);
        const QRect promptRect(cell.left() + barWidth, input.top(), promptWidth - barWidth - 6, input.height());
        painter.drawText(promptRect, Qt::AlignRight | Qt::AlignTop, promptText);
        if (!slot.timing.isEmpty()) {
            // Under the prompt, in the gutter: beside a short cell it spills into the padding, never
            // over the prompt itself.
            const int below = painter.fontMetrics().height();
            painter.setFont(m_smallFont);
            painter.setPen(slot.runState == CellRunState::Running ? m_theme.running : m_theme.timing);
            const QRect timingRect(promptRect.left(), promptRect.top() + below, promptRect.width(),
                                   painter.fontMetrics().height());
            const QString timing = painter.fontMetrics().elidedText(slot.timing, Qt::ElideRight, timingRect.width());
            painter.drawText(timingRect, Qt::AlignRight | Qt::AlignTop, timing);
        }
    }

    if (rendered && slot.markdown) {
        painter.save();
        painter.translate(input.topLeft());
        slot.markdown->drawContents(&painter, QRectF(0, 0, input.width(), input.height()));
        painter.restore();
    } else if (slot.markdown && slot.previewHeight > 0) {
        // Colab's split: the source in the editor above, what it renders to just below.
        const QRect preview = previewRect(cell, slot);
        painter.fillRect(QRect(preview.left() - CellLayout::inputPadding, preview.top(), 2, preview.height()), m_theme.previewRule);
        painter.save();
        painter.translate(preview.topLeft());
        slot.markdown->drawContents(&painter, QRectF(0, 0, preview.width(), preview.height()));
        painter.restore();
    } else if (!state.hasEditor) {
        // Only while an editor is being attached; keeps the cell from flashing empty.
        painter.setFont(m_codeFont);
        painter.setPen(m_theme.codeText);
        painter.drawText(input, Qt::AlignLeft | Qt::AlignTop, QString::fromStdString(data.source));
    }

    if (slot.outputs && slot.outputHeight > 0)
        paintOutputs(painter, outputRect(cell, slot), slot);
}

void CellPainter::paintOutputs(QPainter& painter, const QRect& output, const CellSlot& slot) const
{
    // While new images decode, the outputs they replace stay on screen (no flash after clear_output).
    const OutputArea& area = slot.outputs->pending() && slot.previousOutputs ? *slot.previousOutputs : *slot.outputs;
    const bool scrolled = slot.outputContentHeight > slot.outputHeight;
    painter.save();
    painter.setClipRect(output, Qt::IntersectClip);
    area.paint(painter, QRect(output.left(), output.top() - slot.outputScroll, output.width(), slot.outputContentHeight));
    painter.restore();
    if (!scrolled)
        return;
    // A scrolled area: an inset frame and a thin thumb showing where in the output the view is.
    painter.setPen(m_theme.inputBorder);
    painter.drawRect(output.adjusted(0, 0, -1, -1));
    const int track = output.height() - 4;
    const int thumb = std::max(16, track * slot.outputHeight / slot.outputContentHeight);
    const int range = slot.outputContentHeight - slot.outputHeight;
    const int top = output.top() + 2 + (track - thumb) * slot.outputScroll / std::max(1, range);
    painter.fillRect(QRect(output.right() - 5, top, 4, thumb), m_theme.prompt);
}

} // namespace Notebench::Editor
