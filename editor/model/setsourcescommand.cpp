#include "model/setsourcescommand.h"

namespace Notebench::Editor {

SetSourcesCommand::SetSourcesCommand(NotebookModel* model, const QString& text, std::vector<SourceChange> changes,
                                     Selection selection)
    : QUndoCommand(text)
    , m_model(model)
    , m_changes(std::move(changes))
    , m_selection(selection)
{
}

void SetSourcesCommand::redo()
{
    m_model->setSourcesNow(m_changes, &SourceChange::after);
    m_model->setSelection(m_selection);
}

void SetSourcesCommand::undo()
{
    m_model->setSourcesNow(m_changes, &SourceChange::before);
    m_model->setSelection(m_selection);
}

} // namespace Notebench::Editor
