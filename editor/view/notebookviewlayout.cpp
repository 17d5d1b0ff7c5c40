// NotebookView's layout: which cells own editors, their measured heights, where editors, the
// preview and the input prompt sit, and which rendered documents are dropped off screen.
#include "view/notebookview.h"

#include "math/mathrenderer.h"
#include "model/notebookmodel.h"
#include "view/celleditor.h"
#include "view/editorpool.h"
#include "view/inputprompt.h"
#include "view/outputs/imagecache.h"
#include "view/outputs/outputarea.h"

#include <QScopedValueRollback>
#include <QScrollBar>
#include <QTextDocument>

#include <algorithm>

namespace Notebench::Editor {

using Document::CellType;

namespace {

// Cells past the live ones whose images are decoded ahead of scrolling.
constexpr int imagePrefetchCells = 4;

} // namespace

// --- layout ---

void NotebookView::layoutViewport()
{
    if (m_inLayout) {
        m_layoutAgain = true;   // a scroll-bar change from inside the layout: one more pass
        return;
    }
    QScopedValueRollback guard(m_inLayout, true);
    // A new math renderer, or a screen of another pixel density: markdown renders again.
    if (m_sizer.setMath(m_math.data(), devicePixelRatioF()))
        dropMarkdown();
    // Measuring can move cells, which can change what is visible; a few passes settle it.
    for (int pass = 0; pass < 4; ++pass) {
        m_layoutAgain = false;
        layoutOnce();
        if (!m_layoutAgain)
            break;
    }
    viewport()->update();
}

std::pair<int, int> NotebookView::liveRange() const
{
    const auto [first, last] = visibleCells();
    if (first < 0)
        return {0, -1};
    return {std::max(0, first - marginCells), std::min(m_layout.count() - 1, last + marginCells)};
}

void NotebookView::layoutOnce()
{
    auto [first, last] = liveRange();
    assignEditors(first, last);
    bool moved = false;
    for (int i = first; i <= last; ++i)
        moved = measure(i) || moved;
    QScrollBar* bar = verticalScrollBar();
    bar->setPageStep(viewport()->height());
    bar->setRange(0, std::max(0, m_layout.totalHeight() - viewport()->height()));
    if (moved || liveRange() != std::pair{first, last}) {
        std::tie(first, last) = liveRange();
        assignEditors(first, last);
    }
    dropDocuments(first, last);
    // Images a few cells further on start decoding now, so scrolling finds them ready.
    for (int i = last + 1; i < std::min(m_layout.count(), last + 1 + imagePrefetchCells); ++i)
        if (CellSizer::showsOutputs(m_model->cell(i)))
            OutputArea::prefetchImages(m_model->cell(i).outputs, *m_images);
    const int scroll = bar->value();
    for (const auto& [index, editor] : m_editors->live()) {
        const QRect cell = cellRect(index).translated(0, -scroll);
        editor->setGeometry(CellPainter::inputRect(cell, m_layout.slot(index)));
    }
    if (m_prompt) {
        const CellSlot& slot = m_layout.slot(m_promptCell);
        const QRect output = CellPainter::outputRect(cellRect(m_promptCell).translated(0, -scroll), slot);
        const int top = slot.outputHeight > 0 ? output.bottom() + 1 + CellLayout::outputGap : output.top();
        m_prompt->setGeometry(output.left(), top, output.width(), slot.promptHeight);
    }
}

bool NotebookView::needsEditor(int index) const
{
    return m_model->cell(index).type != CellType::Markdown || index == editingIndex();
}

QString NotebookView::languageFor(int index) const
{
    // Markdown (while edited) and raw cells are plain text.
    if (m_model->cell(index).type != CellType::Code)
        return {};
    return QString::fromStdString(m_model->notebook().languageName());
}

int NotebookView::editingIndex() const
{
    return m_model->mode() == Mode::Edit ? m_model->cursor() : -1;
}

void NotebookView::assignEditors(int first, int last)
{
    const int editing = editingIndex();
    m_editors->releaseUnless([&](int index) {
        return index == editing || (index >= first && index <= last && needsEditor(index));
    });
    const auto attach = [this](int index) {
        if (index < 0 || index >= m_model->cellCount() || editorFor(index) || !needsEditor(index))
            return;
        CellEditor* editor = m_editors->take(index);
        editor->attach(m_model, index, languageFor(index));
        editor->show();
        emit editorAttached(index);
    };
    for (int i = first; i <= last; ++i)
        attach(i);
    attach(editing);   // the cell being edited keeps its editor even when scrolled away
}

void NotebookView::setUpEditor(CellEditor* editor)
{
    editor->setTheme(m_painter.theme());
    editor->installEventFilter(this);
    connect(editor, &CellEditor::navigateOut, this, &NotebookView::onNavigateOut);
    connect(editor, &CellEditor::focusReceived, this, &NotebookView::onEditorFocused);
    connect(editor, &CellEditor::lineBroken, this, &NotebookView::indentWanted);
    connect(editor, &CellEditor::contentHeightChanged, this, [this] {
        if (!m_inLayout)
            layoutViewport();
    });
}

void NotebookView::estimate(int index)
{
    const CellSizer::Heights heights = m_sizer.estimate(m_model->cell(index));
    m_layout.setHeights(index, heights.input, heights.preview, heights.output, false);
}

bool NotebookView::measure(int index)
{
    const int width = CellPainter::contentWidth(viewport()->width());
    const CellSizer::Heights heights = m_sizer.measure(m_model->cell(index), m_layout.slot(index), editorFor(index), width);
    return m_layout.setHeights(index, heights.input, heights.preview, heights.output, true);
}

void NotebookView::forgetDocumentRange()
{
    // Documents moved with their cells; the next layout sweeps every cell once (cheap: null checks).
    m_documentRange = {0, m_layout.count() - 1};
}

void NotebookView::dropDocuments(int first, int last)
{
    // Rendered documents exist only near the viewport, so scrolling a huge notebook stays flat in memory.
    const auto [oldFirst, oldLast] = m_documentRange;
    for (int i = std::max(oldFirst, 0); i <= std::min(oldLast, m_layout.count() - 1); ++i)
        if (i < first || i > last) {
            m_layout.slot(i).markdown.reset();
            m_layout.slot(i).outputs.reset();
            m_layout.slot(i).previousOutputs.reset();
        }
    m_documentRange = {first, last};
}

} // namespace Notebench::Editor
