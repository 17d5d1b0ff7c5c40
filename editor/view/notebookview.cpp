#include "view/notebookview.h"

#include "model/keydispatcher.h"
#include "model/keymap.h"
#include "model/notebookcommands.h"
#include "math/mathrenderer.h"
#include "model/notebookmodel.h"
#include "view/cellcontextmenu.h"
#include "view/celleditor.h"
#include "view/cellpainter.h"
#include "view/editorpool.h"
#include "view/inputprompt.h"
#include "view/outputs/imagecache.h"
#include "view/outputs/outputarea.h"

#include <QContextMenuEvent>
#include <QFontDatabase>
#include <QKeyEvent>
#include <QMenu>
#include <QPainter>
#include <QScrollBar>
#include <QTextDocument>

#include <algorithm>

namespace Notebench::Editor {

using Document::CellType;

NotebookView::NotebookView(NotebookModel* model, const Keymap* keymap, QWidget* parent)
    : QAbstractScrollArea(parent)
    , m_model(model)
    , m_ownKeymap(keymap ? nullptr : std::make_unique<Keymap>())
    , m_dispatcher(new KeyDispatcher(keymap ? keymap : m_ownKeymap.get(), this))
    , m_commands(new NotebookCommands(model, this))
    , m_painter(font(), QFontDatabase::systemFont(QFontDatabase::FixedFont))
    , m_sizer(font(), QFontDatabase::systemFont(QFontDatabase::FixedFont))
    , m_editors(std::make_unique<EditorPool>(viewport(), [this](CellEditor* editor) { setUpEditor(editor); }))
    , m_images(new ImageCache(this))
{
    m_sizer.setImageCache(m_images);
    viewport()->setMouseTracking(true);   // a pointing hand over links in outputs
    connect(m_images, &ImageCache::decoded, this, &NotebookView::onImageDecoded);
    setFocusPolicy(Qt::StrongFocus);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    viewport()->setAutoFillBackground(true);
    viewport()->setBackgroundRole(QPalette::Base);
    verticalScrollBar()->setSingleStep(24);

    m_commands->setCaretOffsetProvider([this] {
        const CellEditor* editor = editorFor(m_model->cursor());
        return editor ? editor->caretOffset() : 0;
    });
    // Typing never waits for markdown to render: the preview catches up once the typing pauses.
    m_previewTimer.setSingleShot(true);
    m_previewTimer.setInterval(previewDelayMs);
    connect(&m_previewTimer, &QTimer::timeout, this, &NotebookView::renderPreview);
    m_mathTimer.setSingleShot(true);
    m_mathTimer.setInterval(mathBatchMs);
    connect(&m_mathTimer, &QTimer::timeout, this, &NotebookView::showTypesetFormulas);
    connect(m_commands, &NotebookCommands::requested, this, &NotebookView::onRequested);
    connect(m_model, &NotebookModel::cellsInserted, this, &NotebookView::onCellsInserted);
    connect(m_model, &NotebookModel::cellsRemoved, this, &NotebookView::onCellsRemoved);
    connect(m_model, &NotebookModel::cellsMoved, this, &NotebookView::onCellsMoved);
    connect(m_model, &NotebookModel::cellsChanged, this, &NotebookView::onCellsChanged);
    connect(m_model, &NotebookModel::outputsChanged, this, &NotebookView::onOutputsChanged);
    connect(m_model, &NotebookModel::selectionChanged, this, &NotebookView::onSelectionChanged);
    connect(m_model, &NotebookModel::modeChanged, this, &NotebookView::onModeChanged);
    connect(m_model, &NotebookModel::lineNumbersChanged, this, &NotebookView::onLineNumbersChanged);

    // Only line counts here: nothing is parsed, rendered or measured until it scrolls into view.
    m_layout.reset(m_model->cellCount());
    for (int i = 0; i < m_model->cellCount(); ++i)
        estimate(i);
    layoutViewport();
}

NotebookView::~NotebookView()
{
    // The editors die with the viewport, after our members: they must not call back into us then.
    for (CellEditor* editor : viewport()->findChildren<CellEditor*>()) {
        editor->removeEventFilter(this);
        editor->disconnect(this);
    }
}

// --- public API ---

void NotebookView::setCellRunState(int index, CellRunState state, const QString& timing)
{
    if (index < 0 || index >= m_layout.count())
        return;
    CellSlot& slot = m_layout.slot(index);
    slot.runState = state;
    slot.timing = timing;
    viewport()->update();
}

CellRunState NotebookView::cellRunState(int index) const
{
    return index >= 0 && index < m_layout.count() ? m_layout.slot(index).runState : CellRunState::Idle;
}

QString NotebookView::cellTiming(int index) const
{
    return index >= 0 && index < m_layout.count() ? m_layout.slot(index).timing : QString();
}

QRect NotebookView::cellRect(int index) const
{
    return QRect(0, m_layout.top(index), viewport()->width(), CellLayout::height(m_layout.slot(index)));
}

void NotebookView::setBaseDirectory(const QString& directory)
{
    m_sizer.setBaseDirectory(directory);
    dropMarkdown();   // rendered against the old folder
    layoutViewport();
}

void NotebookView::ensureCursorVisible()
{
    const int cursor = m_model->cursor();
    if (cursor < 0 || cursor >= m_layout.count())
        return;
    measure(cursor);
    // measure() may have rendered an off-screen cell: let the next layout sweep it too.
    m_documentRange = {std::min(m_documentRange.first, cursor), std::max(m_documentRange.second, cursor)};
    const QRect rect = cellRect(cursor);
    QScrollBar* bar = verticalScrollBar();
    bar->setRange(0, std::max(0, m_layout.totalHeight() - viewport()->height()));
    const int top = bar->value();
    const int height = viewport()->height();
    if (rect.top() < top)
        bar->setValue(rect.top());
    else if (rect.bottom() >= top + height)
        bar->setValue(std::min(rect.top(), rect.bottom() + 1 - height));
    layoutViewport();
}

void NotebookView::scrollToCell(int index)
{
    if (index < 0 || index >= m_layout.count())
        return;
    QScrollBar* bar = verticalScrollBar();
    // Measuring the cells that come into sight can change the heights of the margin cells above
    // it, and so its top: a second pass lands on the settled position.
    for (int pass = 0; pass < 2; ++pass) {
        bar->setRange(0, std::max(0, m_layout.totalHeight() - viewport()->height()));
        bar->setValue(m_layout.top(index));
        layoutViewport();
    }
}

CellEditor* NotebookView::editorFor(int index) const
{
    return m_editors->editorFor(index);
}

int NotebookView::liveEditorCount() const
{
    return m_editors->liveCount();
}

std::pair<int, int> NotebookView::visibleCells() const
{
    if (m_layout.count() == 0)
        return {-1, -1};
    const int top = verticalScrollBar()->value();
    return {m_layout.indexAt(top), m_layout.indexAt(top + std::max(0, viewport()->height() - 1))};
}

void NotebookView::setMathRenderer(Math::MathRenderer* math)
{
    if (m_math)
        disconnect(m_math, nullptr, this, nullptr);
    m_math = math;
    if (m_math)
        connect(m_math, &Math::MathRenderer::formulaReady, this, [this] { m_mathTimer.start(); });
    layoutViewport();   // renders the markdown in sight again, with its math
}

void NotebookView::dropMarkdown()
{
    for (int i = 0; i < m_layout.count(); ++i)
        m_layout.slot(i).markdown.reset();
}

void NotebookView::showTypesetFormulas()
{
    // Only the documents that were waiting: the others already show every formula they have.
    const auto [first, last] = m_documentRange;
    for (int i = std::max(first, 0); i <= std::min(last, m_layout.count() - 1); ++i) {
        auto& document = m_layout.slot(i).markdown;
        if (document && MarkdownRenderer::waitsForMath(*document))
            document.reset();
        auto& outputs = m_layout.slot(i).outputs;   // text/latex and markdown outputs
        if (outputs && outputs->waitsForMath())
            outputs.reset();
    }
    layoutViewport();
}

void NotebookView::setTheme(const Theme& theme)
{
    m_painter.setTheme(theme);
    QPalette palette = viewport()->palette();
    palette.setColor(QPalette::Base, theme.background);
    palette.setColor(QPalette::Text, theme.text);
    viewport()->setPalette(palette);
    for (CellEditor* editor : viewport()->findChildren<CellEditor*>())
        editor->setTheme(theme);
    for (int i = 0; i < m_layout.count(); ++i) {
        m_layout.slot(i).markdown.reset();
        m_layout.slot(i).outputs.reset();
    }
    layoutViewport();
}

void NotebookView::showInputPrompt(int index, const QString& prompt, bool password)
{
    closeInputPrompt();
    if (index < 0 || index >= m_layout.count())
        return;
    m_prompt = new InputPrompt(prompt, password, viewport());
    m_promptCell = index;
    connect(m_prompt, &InputPrompt::submitted, this, [this](const QString& value) {
        const int cell = m_promptCell;
        closeInputPrompt();
        setFocus(Qt::OtherFocusReason);
        emit inputSubmitted(cell, value);
    });
    m_layout.setPromptHeight(index, m_prompt->sizeHint().height());
    m_prompt->show();
    layoutViewport();
    const QRect rect = cellRect(index);
    QScrollBar* bar = verticalScrollBar();
    if (rect.bottom() >= bar->value() + viewport()->height())
        bar->setValue(rect.bottom() + 1 - viewport()->height());
    m_prompt->setFocus(Qt::OtherFocusReason);
}

void NotebookView::closeInputPrompt()
{
    if (!m_prompt)
        return;
    if (m_promptCell >= 0 && m_promptCell < m_layout.count())
        m_layout.setPromptHeight(m_promptCell, 0);
    m_prompt->hide();
    m_prompt->deleteLater();
    m_prompt = nullptr;
    m_promptCell = -1;
    layoutViewport();
}

void NotebookView::applyIndent(int index, int line, const QString& indent)
{
    if (CellEditor* editor = editorFor(index))
        editor->applyIndent(line, indent);
}

InputPrompt* NotebookView::inputPrompt() const
{
    return m_prompt;
}

void NotebookView::remapPrompt(const std::function<int(int)>& map)
{
    if (!m_prompt)
        return;
    m_promptCell = map(m_promptCell);
    if (m_promptCell < 0) {
        // Its cell was deleted (the tab answers the kernel). The caller lays out afterwards: the
        // layout is mid-change here.
        m_prompt->deleteLater();
        m_prompt = nullptr;
    }
}

QString NotebookView::renderedMarkdown(int index) const
{
    if (index < 0 || index >= m_layout.count() || m_model->cell(index).type != CellType::Markdown)
        return {};
    const auto& document = m_layout.slot(index).markdown;
    return document ? document->toPlainText() : QString();
}

QRect NotebookView::previewRect(int index) const
{
    if (index < 0 || index >= m_layout.count() || m_layout.slot(index).previewHeight <= 0)
        return {};
    return CellPainter::previewRect(cellRect(index), m_layout.slot(index));
}

// --- model signals ---

void NotebookView::onCellsInserted(int first, int count)
{
    m_layout.insert(first, count);
    for (int i = first; i < first + count; ++i)
        estimate(i);
    m_editors->remap([=](int index) { return index >= first ? index + count : index; });
    remapPrompt([=](int index) { return index >= first ? index + count : index; });
    forgetDocumentRange();
    layoutViewport();
}

void NotebookView::onCellsRemoved(int first, int count)
{
    const auto map = [=](int index) {
        if (index >= first + count)
            return index - count;
        return index >= first ? -1 : index;
    };
    m_editors->remap(map);
    remapPrompt(map);
    m_layout.remove(first, count);
    forgetDocumentRange();
    layoutViewport();
}

void NotebookView::onCellsMoved(int first, int count, int to)
{
    m_layout.move(first, count, to);
    m_editors->remap([=](int index) { return CellLayout::movedIndex(index, first, count, to); });
    remapPrompt([=](int index) { return CellLayout::movedIndex(index, first, count, to); });
    forgetDocumentRange();
    layoutViewport();
}

void NotebookView::onCellsChanged(int first, int count)
{
    for (int i = first; i < first + count; ++i) {
        CellEditor* editor = editorFor(i);
        CellSlot& slot = m_layout.slot(i);
        if (editor && slot.markdown && m_model->cell(i).type == CellType::Markdown) {
            // The live preview under the editor: it stays as it is until typing pauses.
            slot.markdownStale = true;
            m_previewTimer.start();
        } else {
            slot.markdown.reset();
        }
        // The editor's own typing comes back here; the outputs are unchanged then.
        if (editor && editor->text() == m_model->source(i))
            continue;
        slot.outputs.reset();
        if (editor && editor->language() == languageFor(i))
            editor->reloadFromModel();   // undo, merge, a rewrite: same editor, new text
        else
            m_editors->release(i);       // a type change (Y/M/R) needs another lexer or no editor
        estimate(i);
    }
    layoutViewport();
}

void NotebookView::onOutputsChanged(int index)
{
    // Kernel output: the editor (and the caret of someone typing in it) stays as it is.
    CellSlot& slot = m_layout.slot(index);
    if (slot.outputs)
        slot.previousOutputs = std::move(slot.outputs);
    slot.outputs.reset();
    estimate(index);
    layoutViewport();
}

void NotebookView::onSelectionChanged()
{
    if (m_model->mode() == Mode::Edit) {
        layoutViewport();   // a markdown cell left behind renders again; the new one gets an editor
        ensureCursorVisible();
        focusEditingCell();
    } else {
        ensureCursorVisible();
    }
    viewport()->update();
}

void NotebookView::onModeChanged(Mode mode)
{
    m_dispatcher->reset();
    if (mode == Mode::Edit) {
        layoutViewport();
        ensureCursorVisible();
        focusEditingCell();
    } else {
        setFocus(Qt::OtherFocusReason);
        layoutViewport();
    }
    viewport()->update();
}

void NotebookView::onLineNumbersChanged(int first, int count)
{
    for (const auto& [index, editor] : m_editors->live())
        if (index >= first && index < first + count)
            editor->setLineNumbersVisible(m_model->lineNumbersVisible(index));
}

void NotebookView::onRequested(const QString& command)
{
    QScrollBar* bar = verticalScrollBar();
    if (command == u"toggle-output-scrolling")
        toggleOutputScrolling();
    else if (command == u"scroll-down")
        bar->setValue(bar->value() + bar->pageStep());
    else if (command == u"scroll-up")
        bar->setValue(bar->value() - bar->pageStep());
    emit commandRequested(command);
}

void NotebookView::onNavigateOut(int index, int direction)
{
    const int target = index + direction;
    if (target < 0 || target >= m_model->cellCount())
        return;
    m_model->setCursor(target);   // still in edit mode: onSelectionChanged focuses the target's editor
    if (CellEditor* editor = editorFor(target)) {
        if (direction < 0)
            editor->placeCaretOnLastLine();
        else
            editor->placeCaretOnFirstLine();
    }
}

void NotebookView::onEditorFocused(int index)
{
    if (m_inLayout)
        return;
    // A click into an editor is JupyterLab's way into edit mode on that cell.
    if (m_model->cursor() != index)
        m_model->setCursor(index);
    m_model->setMode(Mode::Edit);
}

void NotebookView::renderPreview()
{
    const int index = editingIndex();
    if (index < 0 || index >= m_layout.count() || !m_layout.slot(index).markdownStale)
        return;
    m_layout.slot(index).markdown.reset();   // measure() renders it again, if it is in sight
    layoutViewport();
}

void NotebookView::focusEditingCell()
{
    if (CellEditor* editor = editorFor(m_model->cursor()); editor && !editor->hasFocus())
        editor->setFocus(Qt::OtherFocusReason);
}

// --- events ---

void NotebookView::paintEvent(QPaintEvent*)
{
    QPainter painter(viewport());
    const auto [first, last] = visibleCells();
    if (first < 0)
        return;
    const int scroll = verticalScrollBar()->value();
    for (int i = first; i <= last; ++i) {
        const QRect rect = cellRect(i).translated(0, -scroll);
        const CellPaintState state{m_model->isSelected(i), m_model->cursor() == i, m_model->mode(), editorFor(i) != nullptr};
        m_painter.paint(painter, rect, m_model->cell(i), m_layout.slot(i), state);
    }
}

void NotebookView::resizeEvent(QResizeEvent* event)
{
    QAbstractScrollArea::resizeEvent(event);
    layoutViewport();
}

void NotebookView::scrollContentsBy(int, int)
{
    layoutViewport();
}

void NotebookView::keyPressEvent(QKeyEvent* event)
{
    const KeyDispatcher::Result result = m_dispatcher->feed(event, Mode::Command);
    if (result.outcome == KeyDispatcher::Outcome::Command)
        m_commands->execute(result.command);
    else if (result.outcome == KeyDispatcher::Outcome::Unhandled)
        QAbstractScrollArea::keyPressEvent(event);   // Page Up/Down, Home/End scroll the notebook
}

void NotebookView::mousePressEvent(QMouseEvent* event)
{
    const int index = m_layout.indexAt(event->position().toPoint().y() + verticalScrollBar()->value());
    if (index < 0)
        return;
    if (event->button() == Qt::LeftButton && clickOutput(event->position().toPoint()))
        return;   // a link opened or a tree node toggled; the selection stays as it is
    m_model->setMode(Mode::Command);
    if (event->modifiers() & Qt::ShiftModifier)
        m_model->setSelection({index, m_model->selection().anchor});
    else
        m_model->setCursor(index);
    setFocus(Qt::MouseFocusReason);
}

void NotebookView::mouseDoubleClickEvent(QMouseEvent* event)
{
    const int index = m_layout.indexAt(event->position().toPoint().y() + verticalScrollBar()->value());
    if (index < 0)
        return;
    m_model->setCursor(index);
    m_model->setMode(Mode::Edit);
}

void NotebookView::contextMenuEvent(QContextMenuEvent* event)
{
    const int index = m_layout.indexAt(event->pos().y() + verticalScrollBar()->value());
    if (index < 0)
        return;
    // JupyterLab: a right click acts on the selection when it hits it, else on the clicked cell.
    if (!m_model->isSelected(index))
        m_model->setCursor(index);
    m_model->setMode(Mode::Command);
    QMenu menu(this);
    if (addOutputActions(menu, event->pos()))
        menu.addSeparator();
    fillCellContextMenu(menu, m_layout.slot(index).runState, [this](const QString& command) { m_commands->execute(command); });
    menu.exec(event->globalPos());
}

bool NotebookView::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::Wheel && qobject_cast<CellEditor*>(watched)) {
        // An editor fits its text, so the wheel over it scrolls the notebook, not the editor.
        QAbstractScrollArea::wheelEvent(static_cast<QWheelEvent*>(event));
        return true;
    }
    // Edit-mode keys reach the editor only when the keymap has no edit binding for them.
    if (event->type() == QEvent::KeyPress && qobject_cast<CellEditor*>(watched)) {
        const KeyDispatcher::Result result = m_dispatcher->feed(static_cast<QKeyEvent*>(event), Mode::Edit);
        if (result.outcome == KeyDispatcher::Outcome::Command)
            m_commands->execute(result.command);
        return result.outcome != KeyDispatcher::Outcome::Unhandled;
    }
    return QAbstractScrollArea::eventFilter(watched, event);
}

} // namespace Notebench::Editor
