#include "view/cellsizer.h"

#include "model/celltransforms.h"
#include "view/celleditor.h"
#include "view/outputdocument.h"

#include <QFontMetrics>
#include <QTextDocument>

#include <algorithm>
#include <cmath>

namespace Notebench::Editor {

using Document::CellType;

CellSizer::CellSizer(const QFont& textFont, const QFont& codeFont)
    : m_codeFont(codeFont)
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

int CellSizer::lineHeight() const
{
    return m_measuredLineHeight > 0 ? m_measuredLineHeight : QFontMetrics(m_codeFont).lineSpacing();
}

CellSizer::Heights CellSizer::estimate(const Document::Cell& cell) const
{
    const int lines = 1 + static_cast<int>(std::count(cell.source.begin(), cell.source.end(), '\n'));
    // Rendered markdown runs a little taller than code (proportional font, headings, paragraph gaps).
    const int input = cell.type == CellType::Markdown ? lines * lineHeight() * 5 / 4 : lines * lineHeight();
    const int output = showsOutputs(cell) ? OutputDocument::estimatedLines(cell.outputs) * lineHeight() : 0;
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
    if (showsOutputs(cell)) {
        if (!slot.outputs)
            slot.outputs = OutputDocument::build(cell.outputs, m_codeFont, width);
        if (slot.outputs) {
            slot.outputs->setTextWidth(width);
            heights.output = static_cast<int>(std::ceil(slot.outputs->size().height()));
        }
    } else {
        slot.outputs.reset();
    }
    heights.input = std::max(heights.input, 1);
    return heights;
}

} // namespace Notebench::Editor
