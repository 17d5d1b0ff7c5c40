#pragma once

#include "model/notebookmodel.h"

#include <QUndoCommand>

#include <string>

namespace Notebench::Editor {

/// Undoable edit of one cell's source; consecutive edits of the same cell merge into one step.
class SetSourceCommand : public QUndoCommand {
public:
    SetSourceCommand(NotebookModel* model, int index, std::string before, std::string after, Selection selection);

    void redo() override;
    void undo() override;
    int id() const override;
    bool mergeWith(const QUndoCommand* other) override;

private:
    NotebookModel* m_model;
    int m_index;
    std::string m_before;
    std::string m_after;
    Selection m_selection;
};

} // namespace Notebench::Editor
