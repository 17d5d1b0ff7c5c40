#pragma once

#include "document/notebook.h"
#include "model/mode.h"

#include <QObject>
#include <QString>
#include <QUndoStack>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace Notebench::Editor {

struct SourceChange;

/// The cursor cell and the anchor of a contiguous selection (JupyterLab's active cell + extension).
struct Selection {
    int cursor = 0;
    int anchor = 0;
    bool operator==(const Selection&) const = default;
};

/// A notebook being edited the Jupyter way: cells, selection, mode, and cell operations that each
/// go on an undo stack. Views observe the signals; nothing here knows about widgets.
class NotebookModel : public QObject {
    Q_OBJECT
public:
    explicit NotebookModel(Document::Notebook notebook = {}, QObject* parent = nullptr);
    ~NotebookModel() override;

    const Document::Notebook& notebook() const { return m_notebook; }
    int cellCount() const { return static_cast<int>(m_notebook.cells.size()); }
    const Document::Cell& cell(int index) const;
    /// The cell's source as the editor sees it (UTF-16).
    QString source(int index) const;

    Selection selection() const { return m_selection; }
    int cursor() const { return m_selection.cursor; }
    int selectionFirst() const { return std::min(m_selection.cursor, m_selection.anchor); }
    int selectionLast() const { return std::max(m_selection.cursor, m_selection.anchor); }
    bool isSelected(int index) const { return index >= selectionFirst() && index <= selectionLast(); }
    /// Makes `index` the cursor cell and collapses the selection onto it.
    void setCursor(int index);
    /// Sets cursor and anchor (clamped to the cells); not an undo step.
    void setSelection(Selection selection);

    Mode mode() const { return m_mode; }
    void setMode(Mode mode);

    /// True while the undo stack is away from the state last marked saved.
    bool isModified() const { return !m_undoStack.isClean() || m_resultsChanged; }
    /// Records the current state as the saved one (the undo stack's clean index). With a
    /// `revision`, only if nothing changed since revision() returned it (a save made from a snapshot).
    void markSaved(std::optional<quint64> revision = std::nullopt);
    /// Goes up with every change to the document (edits, undo, kernel results, metadata).
    quint64 revision() const { return m_revision; }
    /// The document differs from its file though no edit was made (restored after a crash, say).
    void markUnsaved();
    /// Replaces everything with a notebook read again from disk: undo history and kernel results
    /// start afresh, and views see all cells removed, then the new ones inserted.
    void resetNotebook(Document::Notebook notebook);

    /// Kernel results come through this door: outputs and execution counts change without undo
    /// steps (as in Jupyter), but they do make the document differ from its file.
    nlohmann::json& kernelOutputs(int index);
    void setExecutionCount(int index, std::optional<long long> count);
    /// Tells views the cell's outputs changed, and marks the document modified.
    void notifyOutputsChanged(int index);
    /// Sets one key of the notebook's metadata ("kernelspec" when the user picks a kernel). Like
    /// kernel results, not an undo step, but the document is modified.
    void setNotebookMetadata(const std::string& key, nlohmann::json value);
    QUndoStack* undoStack() { return &m_undoStack; }

    /// View state only: never written to the file.
    bool lineNumbersVisible(int index) const;

    void moveCursorUp();
    void moveCursorDown();
    void extendSelectionUp();
    void extendSelectionDown();
    void selectAll();

    void insertCellAbove();
    void insertCellBelow();
    /// Deletes the selected cells; deleting every cell leaves one empty code cell, as Jupyter does.
    void deleteSelectedCells();
    void cutSelectedCells();
    void copySelectedCells();
    void pasteCellsBelow();
    void pasteCellsAbove();
    bool hasClipboard() const { return !m_clipboard.empty(); }
    void changeSelectedCellType(Document::CellType type);
    /// Markdown heading 1–6 on every selected cell.
    void setMarkdownHeading(int level);
    /// Merges the selection, or the cursor cell with the next one when only one is selected.
    void mergeSelectedCells();
    /// Splits the cursor cell at a UTF-16 offset into its source; the top half keeps the id.
    void splitCell(int offset);
    void moveSelectedCellsUp();
    void moveSelectedCellsDown();
    /// Edit-mode typing; consecutive edits of one cell coalesce into one undo step.
    void setCellSource(int index, const QString& source);
    /// New sources for several cells (index → source) as one undo step named `text`, as find and
    /// replace needs; cells whose source is unchanged are left out of the step.
    void setCellSources(const QString& text, const std::map<int, QString>& sources);
    void toggleOutputsHidden();
    void toggleLineNumbers();
    void toggleAllLineNumbers();
    void undo() { m_undoStack.undo(); }
    void redo() { m_undoStack.redo(); }

signals:
    void cellsInserted(int first, int count);
    void cellsRemoved(int first, int count);
    /// The block [first, first+count) now starts at `to`.
    void cellsMoved(int first, int count, int to);
    void cellsChanged(int first, int count);
    /// A cell's outputs or execution count changed (kernel results; the source did not).
    void outputsChanged(int index);
    void selectionChanged(int cursor, int anchor);
    void modeChanged(Notebench::Editor::Mode mode);
    void modifiedChanged(bool modified);
    void lineNumbersChanged(int first, int count);

private:
    friend class ReplaceCellsCommand;
    friend class MoveCellsCommand;
    friend class SetSourceCommand;
    friend class SetSourcesCommand;

    // Applied only by the undo commands, so every document change is undoable.
    void replaceCells(int first, int removeCount, const std::vector<Document::Cell>& cells);
    void moveCells(int first, int count, int to);
    void setSourceNow(int index, const std::string& source);
    /// Sets each change's `which` side (before or after); one cellsChanged per run of adjacent cells.
    void setSourcesNow(const std::vector<SourceChange>& changes, std::string SourceChange::*which);

    std::vector<Document::Cell> selectedCells() const;
    /// Pushes "replace the selected cells by `cells`" and selects `after`.
    void replaceSelection(const QString& text, std::vector<Document::Cell> cells, Selection after);
    void replaceRange(const QString& text, int first, int count, std::vector<Document::Cell> cells, Selection after);
    void insertCells(const QString& text, int index, std::vector<Document::Cell> cells);
    void giveIds(std::vector<Document::Cell>& cells, bool keepWhenFree) const;

    Document::Notebook m_notebook;
    Selection m_selection;
    Mode m_mode = Mode::Command;
    QUndoStack m_undoStack;
    std::vector<Document::Cell> m_clipboard;
    bool m_clipboardFromCut = false;
    std::vector<char> m_lineNumbers;   // parallel to the cells
    bool m_lineNumbersDefault = false;
    bool m_resultsChanged = false;   // outputs or counts differ from the saved file
    quint64 m_revision = 0;
};

} // namespace Notebench::Editor
