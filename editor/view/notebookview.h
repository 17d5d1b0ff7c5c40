#pragma once

#include "model/mode.h"
#include "view/celllayout.h"
#include "view/cellpainter.h"
#include "model/cellrunstate.h"
#include "view/cellsizer.h"

#include <QAbstractScrollArea>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <memory>
#include <utility>
#include <vector>

namespace Notebench::Math {
class MathRenderer;
}
class QMenu;

namespace Notebench::Editor {

class CellEditor;
class EditorPool;
class ImageCache;
class InputPrompt;
class OutputArea;
class KeyDispatcher;
class Keymap;
class NotebookCommands;
class NotebookModel;

/// The notebook on screen, virtualized: only cells near the viewport own a CellEditor (pooled
/// and re-attached as they scroll); every other cell is laid out from cached heights, so a
/// 5,000-cell notebook opens and scrolls as fast as a short one. It follows the model's signals
/// cell by cell and routes keys through KeyDispatcher and NotebookCommands (the Jupyter keymap).
class NotebookView : public QAbstractScrollArea {
    Q_OBJECT
public:
    /// Cells kept live beyond each edge of the viewport, so a small scroll finds editors ready.
    static constexpr int marginCells = 2;
    /// The pause in typing after which a markdown cell's live preview renders again.
    static constexpr int previewDelayMs = 100;
    /// How long formulas typeset one after another are gathered before their cells render again.
    static constexpr int mathBatchMs = 30;

    /// `keymap` null: the Jupyter defaults. The view does not own the model, which must outlive it.
    explicit NotebookView(NotebookModel* model, const Keymap* keymap = nullptr, QWidget* parent = nullptr);
    ~NotebookView() override;

    NotebookModel* model() const { return m_model; }
    /// The command runner the view's keys use; menus and the palette can run names through it too.
    NotebookCommands* commands() const { return m_commands; }

    /// The prompt shows "[*]:" while a cell is Queued or Running; `timing` ("1.2 s", "running 3 s")
    /// is shown small beside the prompt. The state follows its cell through inserts and moves.
    void setCellRunState(int index, CellRunState state, const QString& timing = {});
    CellRunState cellRunState(int index) const;
    QString cellTiming(int index) const;

    /// The notebook file's folder: markdown cells load relative image paths from it ("" for none).
    void setBaseDirectory(const QString& directory);

    /// Markdown math typeset by `math` (shared by every view; null: shown as TeX). Formulas not
    /// typeset yet show as TeX until `math` reports them, then their cells render again.
    void setMathRenderer(Math::MathRenderer* math);

    /// Recolours cells, editors and outputs (rendered documents are built again in the new colours).
    void setTheme(const Theme& theme);
    const Theme& theme() const { return m_painter.theme(); }

    /// Scrolls the least needed to show the cursor cell (its top when it is taller than the view).
    void ensureCursorVisible();
    /// Scrolls the cell's top to the top of the viewport (as far as the notebook's end allows).
    void scrollToCell(int index);

    /// The live editor of a cell, or null when the cell is out of sight (or rendered markdown).
    CellEditor* editorFor(int index) const;
    int liveEditorCount() const;
    /// First and last cell intersecting the viewport; (-1, -1) with no cells.
    std::pair<int, int> visibleCells() const;
    /// A markdown cell's rendered text, shown as the cell or as the live preview under its
    /// editor; "" when it has none (out of sight, or not markdown).
    QString renderedMarkdown(int index) const;
    /// The cell's rectangle in content coordinates (y from the notebook's top).
    QRect cellRect(int index) const;
    /// Where a markdown cell being edited shows its live preview, in content coordinates; empty
    /// when it shows none.
    QRect previewRect(int index) const;

    /// A code cell's output blocks as laid out now; null when out of sight or without outputs.
    OutputArea* outputArea(int index) const;
    /// Where a cell's outputs are shown, in content coordinates; empty when it shows none.
    QRect outputRect(int index) const;
    /// Decodes the outputs' images off the GUI thread (tests wait on its decoded() signal).
    ImageCache* imageCache() const { return m_images; }
    /// Visible cells whose outputs still wait for an image to decode (they show placeholders).
    int pendingVisibleOutputs() const;
    /// Whether the cell's outputs scroll inside a fixed height (Shift+O).
    bool outputsScrolled(int index) const;

    /// Shows the kernel's input() / getpass() prompt below the cell's outputs and focuses it; it
    /// follows the cell through inserts and moves. One at a time: a new one replaces the old.
    void showInputPrompt(int index, const QString& prompt, bool password);
    /// Removes the prompt (answered, or the cell ended / was interrupted).
    void closeInputPrompt();
    /// The kernel's indent for a line begun with Enter; ignored once the user typed on it.
    void applyIndent(int index, int line, const QString& indent);
    InputPrompt* inputPrompt() const;
    int inputPromptCell() const { return m_promptCell; }

signals:
    /// A command the view does not run itself: run-cell, run-cell-and-select-next,
    /// run-cell-and-insert-below, interrupt-kernel, restart-kernel, save, show-help,
    /// command-palette, toggle-output-scrolling, … (scroll-up/scroll-down are also handled here).
    void commandRequested(const QString& command);
    /// Enter in a code cell's editor: the window may ask the kernel (is_complete) how deep the new
    /// `line` should be indented, then call applyIndent().
    void indentWanted(int index, int line, const QString& codeBefore);
    /// The user answered the input prompt of cell `index`.
    void inputSubmitted(int index, const QString& value);
    /// Cell `index` got a live editor (it scrolled into view, or its editor was re-created):
    /// decorations such as search highlights go on now.
    void editorAttached(int index);
    /// The "Open full output" line of a long stream in cell `index` was clicked; `spillFile`
    /// names the stream (its output's Document::kElidedKey "file").
    void fullOutputRequested(int index, const QString& spillFile);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void scrollContentsBy(int dx, int dy) override;
    void keyPressEvent(QKeyEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    // Model signals, applied incrementally.
    void onCellsInserted(int first, int count);
    void onCellsRemoved(int first, int count);
    void onCellsMoved(int first, int count, int to);
    void onCellsChanged(int first, int count);
    void onOutputsChanged(int index);
    void onSelectionChanged();
    void onModeChanged(Mode mode);
    void onLineNumbersChanged(int first, int count);
    void onRequested(const QString& command);
    void onNavigateOut(int index, int direction);
    void onEditorFocused(int index);
    void renderPreview();
    void showTypesetFormulas();
    void dropMarkdown();
    // Outputs (notebookviewoutputs.cpp).
    int outputHit(QPoint viewportPoint, int* block, QPoint* local) const;
    bool clickOutput(QPoint viewportPoint);
    bool addOutputActions(QMenu& menu, QPoint viewportPoint);
    void toggleOutputScrolling();
    void onImageDecoded();

    void layoutViewport();
    void layoutOnce();
    std::pair<int, int> liveRange() const;
    bool needsEditor(int index) const;
    int editingIndex() const;
    QString languageFor(int index) const;
    void assignEditors(int first, int last);
    void setUpEditor(CellEditor* editor);
    void estimate(int index);
    bool measure(int index);
    void dropDocuments(int first, int last);
    void forgetDocumentRange();
    void focusEditingCell();
    void remapPrompt(const std::function<int(int)>& map);

    NotebookModel* m_model;
    std::unique_ptr<Keymap> m_ownKeymap;
    KeyDispatcher* m_dispatcher;
    NotebookCommands* m_commands;
    CellLayout m_layout;
    CellPainter m_painter;
    CellSizer m_sizer;
    std::unique_ptr<EditorPool> m_editors;
    ImageCache* m_images;
    std::pair<int, int> m_documentRange{0, -1};   // cells that may hold rendered documents
    InputPrompt* m_prompt = nullptr;
    int m_promptCell = -1;
    QTimer m_previewTimer;   // restarted by each edit of a markdown cell being edited
    QPointer<Math::MathRenderer> m_math;
    QTimer m_mathTimer;      // gathers formulas typeset close together into one re-render
    bool m_inLayout = false;
    bool m_layoutAgain = false;
};

} // namespace Notebench::Editor
