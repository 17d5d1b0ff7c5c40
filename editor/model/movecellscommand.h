#pragma once

#include "model/notebookmodel.h"

#include <QUndoCommand>

namespace Notebench::Editor {

/// Undoable move of a block of cells by one place up or down; the selection travels with the block.
class MoveCellsCommand : public QUndoCommand {
public:
    MoveCellsCommand(NotebookModel* model, int first, int count, int to, Selection selectionBefore,
                     Selection selectionAfter);

    void redo() override;
    void undo() override;

private:
    NotebookModel* m_model;
    int m_first;
    int m_count;
    int m_to;
    Selection m_selectionBefore;
    Selection m_selectionAfter;
};

} // namespace Notebench::Editor
