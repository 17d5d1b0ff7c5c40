#include "view/cellsizer.h"

#include "model/celltransforms.h"
#include "view/celleditor.h"
#include "view/outputs/outputarea.h"

#include <QFontMetrics>
#include <QTextDocument>

#include <algorithm>
#include <cmath>

namespace Notebench::Editor {

using Document::CellType;

CellSizer::CellSizer(const QFont& textFont, const QFont& codeFont)
    : m_textFont(textFont)
    , m_codeFont(codeFont)
    , m_markdown(textFont)
{
}

bool CellSizer::setMath(Math::MathRenderer* math, qreal devicePixelRatio)
{
    if (math == m_markdown.math() && devicePixelRatio == m_markdown.devicePixelRatio())
        return false;
    m_markdown.setMath(math, devicePixelRatio);
    return true;
}

bool CellSizer::showsOutputs(const Document::Cell& cell)
{
    return cell.type == CellType::Code && !cell.outputs.empty() && !CellTransforms::outputsHidden(cell);
}

bool CellSizer::scrollsOutputs(const Document::Cell& cell, const CellSlot& slot)
{
    if (slot.outputScrolled)
        return *slot.outputScrolled;
    // Classic Notebook writes `scrolled: true` (or "auto", which only scrolls very long output).
    const auto it = cell.metadata.is_object() ? cell.metadata.find("scrolled") : cell.metadata.end();
    return cell.metadata.is_object() && it != cell.metadata.end() && it->is_boolean() && it->get<bool>();
}

OutputContext CellSizer::outputContext() const
{
    return OutputContext{m_textFont, m_codeFont, Theme::current(), &m_markdown, m_images};
}

int CellSizer::lineHeight() const
{
    return m_measuredLineHeight > 0 ? m_measuredLineHeight : QFontMetrics(m_codeFont).lineSpacing();
}

CellSizer::Heights CellSizer::estimate(const Document::Cell& cell) const
{
    const int lines = 1 + static_cast<int>(std::count(cell.source.begin(), cell.source.end(), '\n'));
    // Rendered markdown runs a little taller than code (proportional font, headings, paragraph gaps).
    const int input = cell.type == CellType::Markdown ? lines * lineHeight() * 5 / 4 : lines * lineHeight();
    const int output = showsOutputs(cell) ? OutputArea::estimate(cell.outputs, lineHeight(), m_width) : 0;
    return {input, 0, output};
}

CellSizer::Heights CellSizer::measure(const Document::Cell& cell, CellSlot& slot, const CellEditor* editor, int width)
{
    Heights heights{slot.inputHeight, 0, 0};
    const bool markdown = cell.type == CellType::Markdown;
    // Images are sized to the width when rendered, so another width renders again.
    if (markdown && (!slot.markdown || slot.markdown->textWidth() != width || (slot.markdownStale && !editor))) {
        slot.markdown = m_markdown.render(QString::fromStdString(cell.source), cell.attachments, width);
        slot.markdownStale = false;
    }
    const int rendered = markdown ? static_cast<int>(std::ceil(slot.markdown->size().height())) : 0;
    if (editor) {
        heights.input = editor->contentHeight();
        m_measuredLineHeight = std::max(1, heights.input / std::max(1, editor->lines()));
        heights.preview = markdown && !slot.markdown->isEmpty() ? rendered : 0;
    } else if (markdown) {
        heights.input = rendered;
    }
    m_width = width;
    if (showsOutputs(cell)) {
        if (!slot.outputs)
            slot.outputs = OutputArea::build(cell.outputs, outputContext());
        if (slot.outputs && !slot.outputs->pending())
            slot.previousOutputs.reset();
        slot.outputContentHeight = slot.outputs ? slot.outputs->height(width) : 0;
        heights.output = slot.outputContentHeight;
        if (scrollsOutputs(cell, slot))
            heights.output = std::min(heights.output, scrolledOutputHeight());
        slot.outputScroll = std::clamp(slot.outputScroll, 0, std::max(0, slot.outputContentHeight - heights.output));
    } else {
        slot.outputs.reset();
        slot.previousOutputs.reset();
        slot.outputContentHeight = 0;
    }
    heights.input = std::max(heights.input, 1);
    return heights;
}

} // namespace Notebench::Editor
