#include "model/notebookcommands.h"

#include "model/notebookmodel.h"

namespace Notebench::Editor {

NotebookCommands::NotebookCommands(NotebookModel* model, QObject* parent)
    : QObject(parent)
    , m_model(model)
{
    using Document::CellType;
    NotebookModel* m = model;
    m_actions = {
        {"enter-edit-mode", [m] { m->setMode(Mode::Edit); }},
        {"enter-command-mode", [m] { m->setMode(Mode::Command); }},
        {"insert-cell-above", [m] { m->insertCellAbove(); }},
        {"insert-cell-below", [m] { m->insertCellBelow(); }},
        {"delete-cells", [m] { m->deleteSelectedCells(); }},
        {"cut-cells", [m] { m->cutSelectedCells(); }},
        {"copy-cells", [m] { m->copySelectedCells(); }},
        {"paste-cells-below", [m] { m->pasteCellsBelow(); }},
        {"paste-cells-above", [m] { m->pasteCellsAbove(); }},
        {"change-to-code", [m] { m->changeSelectedCellType(CellType::Code); }},
        {"change-to-markdown", [m] { m->changeSelectedCellType(CellType::Markdown); }},
        {"change-to-raw", [m] { m->changeSelectedCellType(CellType::Raw); }},
        {"undo-cell-action", [m] { m->undo(); }},
        {"redo-cell-action", [m] { m->redo(); }},
        {"merge-cells", [m] { m->mergeSelectedCells(); }},
        {"select-cell-above", [m] { m->moveCursorUp(); }},
        {"select-cell-below", [m] { m->moveCursorDown(); }},
        {"extend-selection-above", [m] { m->extendSelectionUp(); }},
        {"extend-selection-below", [m] { m->extendSelectionDown(); }},
        {"select-all", [m] { m->selectAll(); }},
        {"move-cells-up", [m] { m->moveSelectedCellsUp(); }},
        {"move-cells-down", [m] { m->moveSelectedCellsDown(); }},
        {"toggle-outputs", [m] { m->toggleOutputsHidden(); }},
        {"toggle-line-numbers", [m] { m->toggleLineNumbers(); }},
        {"toggle-all-line-numbers", [m] { m->toggleAllLineNumbers(); }},
    };
    for (int level = 1; level <= 6; ++level)
        m_actions.insert(QStringLiteral("markdown-heading-%1").arg(level), [m, level] { m->setMarkdownHeading(level); });
}

bool NotebookCommands::execute(const QString& command)
{
    if (command == u"split-cell" && m_caretOffset) {
        m_model->splitCell(m_caretOffset());
        return true;
    }
    const auto action = m_actions.constFind(command);
    if (action == m_actions.constEnd()) {
        emit requested(command);
        return false;
    }
    (*action)();
    return true;
}

} // namespace Notebench::Editor
