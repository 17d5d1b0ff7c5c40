#include "model/notebookmodel.h"

#include <utility>

#include "model/celltransforms.h"
#include "model/movecellscommand.h"
#include "model/replacecellscommand.h"
#include "model/setsourcecommand.h"
#include "model/setsourcescommand.h"

namespace Notebench::Editor {

using Document::Cell;

NotebookModel::NotebookModel(Document::Notebook notebook, QObject* parent)
    : QObject(parent)
    , m_notebook(std::move(notebook))
    , m_lineNumbers(m_notebook.cells.size(), false)
{
    connect(&m_undoStack, &QUndoStack::cleanChanged, this, [this](bool clean) { emit modifiedChanged(!clean || m_resultsChanged); });
}

NotebookModel::~NotebookModel()
{
    // ~QUndoStack clears itself and may emit cleanChanged; do it now, unforwarded, while we are whole.
    disconnect(&m_undoStack, nullptr, this, nullptr);
    m_undoStack.clear();
}

const Cell& NotebookModel::cell(int index) const
{
    return m_notebook.cells.at(static_cast<std::size_t>(index));
}

QString NotebookModel::source(int index) const
{
    return QString::fromStdString(cell(index).source);
}

void NotebookModel::setCursor(int index)
{
    setSelection({index, index});
}

void NotebookModel::setSelection(Selection selection)
{
    const int last = std::max(cellCount() - 1, 0);
    selection.cursor = std::clamp(selection.cursor, 0, last);
    selection.anchor = std::clamp(selection.anchor, 0, last);
    if (selection == m_selection)
        return;
    m_selection = selection;
    emit selectionChanged(m_selection.cursor, m_selection.anchor);
}

void NotebookModel::setMode(Mode mode)
{
    if (mode == m_mode)
        return;
    m_mode = mode;
    emit modeChanged(mode);
}

bool NotebookModel::lineNumbersVisible(int index) const
{
    return m_lineNumbers.at(static_cast<std::size_t>(index));
}

void NotebookModel::moveCursorUp()
{
    setCursor(cursor() - 1);
}

void NotebookModel::moveCursorDown()
{
    setCursor(cursor() + 1);
}

void NotebookModel::extendSelectionUp()
{
    setSelection({cursor() - 1, m_selection.anchor});
}

void NotebookModel::extendSelectionDown()
{
    setSelection({cursor() + 1, m_selection.anchor});
}

void NotebookModel::selectAll()
{
    // A contiguous selection is anchor..cursor, so "all" puts the cursor on the last cell.
    setSelection({cellCount() - 1, 0});
}

// --- the primitive changes, called only from undo commands ---

void NotebookModel::replaceCells(int first, int removeCount, const std::vector<Cell>& cells)
{
    ++m_revision;
    auto& store = m_notebook.cells;
    const int common = std::min(removeCount, static_cast<int>(cells.size()));
    // Overwrite in place where counts overlap, so a view sees "changed" rather than remove+insert.
    for (int i = 0; i < common; ++i)
        store[static_cast<std::size_t>(first + i)] = cells[static_cast<std::size_t>(i)];
    if (common > 0)
        emit cellsChanged(first, common);
    const auto at = [first, common](auto& vector) { return vector.begin() + first + common; };
    if (removeCount > common) {
        const int count = removeCount - common;
        store.erase(at(store), at(store) + count);
        m_lineNumbers.erase(at(m_lineNumbers), at(m_lineNumbers) + count);
        emit cellsRemoved(first + common, count);
    } else if (static_cast<int>(cells.size()) > common) {
        const int count = static_cast<int>(cells.size()) - common;
        store.insert(at(store), cells.begin() + common, cells.end());
        m_lineNumbers.insert(at(m_lineNumbers), static_cast<std::size_t>(count), m_lineNumbersDefault);
        emit cellsInserted(first + common, count);
    }
}

void NotebookModel::moveCells(int first, int count, int to)
{
    ++m_revision;
    const auto rotateBlock = [first, count, to](auto& vector) {
        const auto begin = vector.begin();
        if (to < first)
            std::rotate(begin + to, begin + first, begin + first + count);
        else
            std::rotate(begin + first, begin + first + count, begin + to + count);
    };
    rotateBlock(m_notebook.cells);
    rotateBlock(m_lineNumbers);
    emit cellsMoved(first, count, to);
}

void NotebookModel::setSourceNow(int index, const std::string& source)
{
    ++m_revision;
    m_notebook.cells.at(static_cast<std::size_t>(index)).source = source;
    emit cellsChanged(index, 1);
}

void NotebookModel::setSourcesNow(const std::vector<SourceChange>& changes, std::string SourceChange::*which)
{
    // A replace-all over thousands of cells tells views once per run of adjacent cells, not per cell.
    std::size_t runStart = 0;
    for (std::size_t i = 0; i < changes.size(); ++i) {
        m_notebook.cells.at(static_cast<std::size_t>(changes[i].index)).source = changes[i].*which;
        const bool runEnds = i + 1 == changes.size() || changes[i + 1].index != changes[i].index + 1;
        if (runEnds) {
            emit cellsChanged(changes[runStart].index, changes[i].index - changes[runStart].index + 1);
            runStart = i + 1;
        }
    }
}

// --- building the undoable operations ---

std::vector<Cell> NotebookModel::selectedCells() const
{
    if (m_notebook.cells.empty())
        return {};
    const auto begin = m_notebook.cells.begin();
    return {begin + selectionFirst(), begin + selectionLast() + 1};
}

void NotebookModel::giveIds(std::vector<Cell>& cells, bool keepWhenFree) const
{
    if (m_notebook.usesCellIds())
        CellTransforms::assignIds(cells, m_notebook.cells, keepWhenFree);
    else
        for (Cell& cell : cells)
            cell.id.clear();
}

void NotebookModel::replaceRange(const QString& text, int first, int count, std::vector<Cell> cells, Selection after)
{
    const auto begin = m_notebook.cells.begin() + first;
    std::vector<Cell> before(begin, begin + count);
    m_undoStack.push(new ReplaceCellsCommand(this, text, first, std::move(before), std::move(cells), m_selection,
                                             after));
}

void NotebookModel::replaceSelection(const QString& text, std::vector<Cell> cells, Selection after)
{
    if (m_notebook.cells.empty())
        return;
    replaceRange(text, selectionFirst(), selectionLast() - selectionFirst() + 1, std::move(cells), after);
}

void NotebookModel::insertCells(const QString& text, int index, std::vector<Cell> cells)
{
    const int last = index + static_cast<int>(cells.size()) - 1;
    replaceRange(text, index, 0, std::move(cells), {last, last});
}

static Cell emptyCodeCell()
{
    Cell cell;
    cell.cellTypeName = Document::cellTypeToString(cell);
    return cell;
}

void NotebookModel::insertCellAbove()
{
    std::vector<Cell> cells{emptyCodeCell()};
    giveIds(cells, false);
    insertCells(tr("Insert cell"), std::min(cursor(), cellCount()), std::move(cells));
}

void NotebookModel::insertCellBelow()
{
    std::vector<Cell> cells{emptyCodeCell()};
    giveIds(cells, false);
    insertCells(tr("Insert cell"), cellCount() == 0 ? 0 : cursor() + 1, std::move(cells));
}

void NotebookModel::deleteSelectedCells()
{
    if (m_notebook.cells.empty())
        return;
    const int first = selectionFirst();
    const int count = selectionLast() - first + 1;
    std::vector<Cell> replacement;
    if (count == cellCount()) {
        // JupyterLab and classic both keep one empty cell rather than an empty notebook.
        replacement.push_back(emptyCodeCell());
        giveIds(replacement, false);
    }
    const int remaining = cellCount() - count + static_cast<int>(replacement.size());
    const int next = std::min(first, remaining - 1);
    replaceSelection(tr("Delete cells"), std::move(replacement), {next, next});
}

void NotebookModel::cutSelectedCells()
{
    if (m_notebook.cells.empty())
        return;
    m_clipboard = selectedCells();
    m_clipboardFromCut = true;
    deleteSelectedCells();
}

void NotebookModel::copySelectedCells()
{
    m_clipboard = selectedCells();
    m_clipboardFromCut = false;
}

void NotebookModel::pasteCellsBelow()
{
    if (m_clipboard.empty())
        return;
    std::vector<Cell> cells = m_clipboard;
    // JEP 62: a moved (cut) cell keeps its id unless that would now collide; copies are new cells.
    giveIds(cells, m_clipboardFromCut);
    insertCells(tr("Paste cells"), cellCount() == 0 ? 0 : cursor() + 1, std::move(cells));
}

void NotebookModel::pasteCellsAbove()
{
    if (m_clipboard.empty())
        return;
    std::vector<Cell> cells = m_clipboard;
    giveIds(cells, m_clipboardFromCut);
    insertCells(tr("Paste cells"), std::min(cursor(), cellCount()), std::move(cells));
}

void NotebookModel::changeSelectedCellType(Document::CellType type)
{
    std::vector<Cell> cells = selectedCells();
    bool changed = false;
    for (Cell& cell : cells) {
        const Document::CellType old = cell.type;
        cell = CellTransforms::withType(std::move(cell), type);
        changed = changed || cell.type != old;
    }
    if (changed)
        replaceSelection(tr("Change cell type"), std::move(cells), m_selection);
}

void NotebookModel::setMarkdownHeading(int level)
{
    level = std::clamp(level, 1, 6);
    std::vector<Cell> cells = selectedCells();
    for (Cell& cell : cells)
        cell = CellTransforms::withHeading(std::move(cell), level);
    replaceSelection(tr("Markdown heading"), std::move(cells), m_selection);
}

void NotebookModel::mergeSelectedCells()
{
    int first = selectionFirst();
    int last = selectionLast();
    if (first == last)
        last = first + 1;   // JupyterLab/classic: a single selected cell merges with the one below
    if (last >= cellCount())
        return;
    const auto begin = m_notebook.cells.begin();
    const std::vector<Cell> cells(begin + first, begin + last + 1);
    replaceRange(tr("Merge cells"), first, last - first + 1, {CellTransforms::merged(cells)}, {first, first});
}

void NotebookModel::splitCell(int offset)
{
    if (m_notebook.cells.empty())
        return;
    const int index = cursor();
    const QString text = source(index);
    const auto bytes = static_cast<std::size_t>(text.left(std::clamp(offset, 0, int(text.size()))).toUtf8().size());
    auto [top, bottom] = CellTransforms::split(cell(index), bytes);
    std::vector<Cell> lower{std::move(bottom)};
    giveIds(lower, false);
    std::vector<Cell> cells{std::move(top), std::move(lower.front())};
    // JupyterLab keeps editing in the lower half, where the caret was.
    replaceRange(tr("Split cell"), index, 1, std::move(cells), {index + 1, index + 1});
}

void NotebookModel::moveSelectedCellsUp()
{
    const int first = selectionFirst();
    if (first <= 0)
        return;
    const Selection after{m_selection.cursor - 1, m_selection.anchor - 1};
    m_undoStack.push(new MoveCellsCommand(this, first, selectionLast() - first + 1, first - 1, m_selection, after));
}

void NotebookModel::moveSelectedCellsDown()
{
    const int first = selectionFirst();
    if (m_notebook.cells.empty() || selectionLast() + 1 >= cellCount())
        return;
    const Selection after{m_selection.cursor + 1, m_selection.anchor + 1};
    m_undoStack.push(new MoveCellsCommand(this, first, selectionLast() - first + 1, first + 1, m_selection, after));
}

void NotebookModel::setCellSource(int index, const QString& source)
{
    std::string after = source.toStdString();
    const std::string& before = cell(index).source;
    if (after == before)
        return;
    m_undoStack.push(new SetSourceCommand(this, index, before, std::move(after), m_selection));
}

void NotebookModel::setCellSources(const QString& text, const std::map<int, QString>& sources)
{
    std::vector<SourceChange> changes;
    for (const auto& [index, source] : sources) {
        std::string after = source.toStdString();
        if (after != cell(index).source)
            changes.push_back({index, cell(index).source, std::move(after)});
    }
    if (!changes.empty())
        m_undoStack.push(new SetSourcesCommand(this, text, std::move(changes), m_selection));
}

void NotebookModel::toggleOutputsHidden()
{
    std::vector<Cell> cells = selectedCells();
    bool changed = false;
    // Classic Notebook toggles each selected cell on its own; only code cells have outputs.
    for (Cell& cell : cells) {
        if (cell.type != Document::CellType::Code)
            continue;
        cell = CellTransforms::withOutputsHidden(std::move(cell), !CellTransforms::outputsHidden(cell));
        changed = true;
    }
    if (changed)
        replaceSelection(tr("Toggle outputs"), std::move(cells), m_selection);
}

void NotebookModel::toggleLineNumbers()
{
    if (m_notebook.cells.empty())
        return;
    const bool show = !m_lineNumbers[static_cast<std::size_t>(cursor())];
    for (int i = selectionFirst(); i <= selectionLast(); ++i)
        m_lineNumbers[static_cast<std::size_t>(i)] = show;
    emit lineNumbersChanged(selectionFirst(), selectionLast() - selectionFirst() + 1);
}

void NotebookModel::toggleAllLineNumbers()
{
    // Classic Shift+L: flip every cell to the opposite of the cursor cell, and new cells follow.
    m_lineNumbersDefault = m_notebook.cells.empty() ? !m_lineNumbersDefault
                                                    : !m_lineNumbers[static_cast<std::size_t>(cursor())];
    std::fill(m_lineNumbers.begin(), m_lineNumbers.end(), m_lineNumbersDefault);
    if (!m_notebook.cells.empty())
        emit lineNumbersChanged(0, cellCount());
}

void NotebookModel::markSaved(std::optional<quint64> revision)
{
    if (revision && *revision != m_revision)
        return;   // changed while the snapshot was being written: still differs from the file
    const bool undoWasClean = m_undoStack.isClean();
    const bool hadResults = std::exchange(m_resultsChanged, false);
    m_undoStack.setClean(); // reports modifiedChanged(false) itself when it was not clean
    if (undoWasClean && hadResults)
        emit modifiedChanged(false);
}

void NotebookModel::markUnsaved()
{
    ++m_revision;
    const bool wasModified = isModified();
    m_resultsChanged = true;
    if (!wasModified)
        emit modifiedChanged(true);
}

void NotebookModel::resetNotebook(Document::Notebook notebook)
{
    ++m_revision;
    const int oldCount = cellCount();
    m_notebook.cells.clear();
    m_lineNumbers.clear();
    if (oldCount > 0)
        emit cellsRemoved(0, oldCount);
    m_notebook = std::move(notebook);
    m_lineNumbers.assign(m_notebook.cells.size(), m_lineNumbersDefault ? 1 : 0);
    m_undoStack.clear();
    m_undoStack.setClean();
    const bool hadResults = std::exchange(m_resultsChanged, false);
    if (cellCount() > 0)
        emit cellsInserted(0, cellCount());
    setSelection({0, 0});
    if (hadResults)
        emit modifiedChanged(false);
}

nlohmann::json& NotebookModel::kernelOutputs(int index)
{
    return m_notebook.cells.at(static_cast<std::size_t>(index)).outputs;
}

void NotebookModel::setExecutionCount(int index, std::optional<long long> count)
{
    m_notebook.cells.at(static_cast<std::size_t>(index)).executionCount = count;
    notifyOutputsChanged(index);
}

void NotebookModel::notifyOutputsChanged(int index)
{
    emit outputsChanged(index);
    markUnsaved();
}

void NotebookModel::setNotebookMetadata(const std::string& key, nlohmann::json value)
{
    m_notebook.metadata[key] = std::move(value);
    markUnsaved();
}

} // namespace Notebench::Editor
