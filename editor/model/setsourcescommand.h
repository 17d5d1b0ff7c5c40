#pragma once

#include "model/notebookmodel.h"

#include <QUndoCommand>

#include <string>
#include <vector>

namespace Notebench::Editor {

/// One cell's source before and after a multi-cell edit.
struct SourceChange {
    int index = 0;
    std::string before;
    std::string after;
};

/// Undoable change of several cells' sources at once (replace all, replace one): one step on the
/// stack however many cells it touches, and never merged with typing.
class SetSourcesCommand : public QUndoCommand {
public:
    /// `changes` must be ordered by cell index.
    SetSourcesCommand(NotebookModel* model, const QString& text, std::vector<SourceChange> changes,
                      Selection selection);

    void redo() override;
    void undo() override;

private:
    NotebookModel* m_model;
    std::vector<SourceChange> m_changes;
    Selection m_selection;
};

} // namespace Notebench::Editor
