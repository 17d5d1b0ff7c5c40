#include "model/setsourcecommand.h"

#include <QCoreApplication>

namespace Notebench::Editor {

SetSourceCommand::SetSourceCommand(NotebookModel* model, int index, std::string before, std::string after,
                                   Selection selection)
    : QUndoCommand(QCoreApplication::translate("Notebench::Editor", "Edit cell"))
    , m_model(model)
    , m_index(index)
    , m_before(std::move(before))
    , m_after(std::move(after))
    , m_selection(selection)
{
}

void SetSourceCommand::redo()
{
    m_model->setSourceNow(m_index, m_after);
    m_model->setSelection(m_selection);
}

void SetSourceCommand::undo()
{
    m_model->setSourceNow(m_index, m_before);
    m_model->setSelection(m_selection);
}

int SetSourceCommand::id() const
{
    return 1;
}

bool SetSourceCommand::mergeWith(const QUndoCommand* other)
{
    // QUndoStack only offers the command on top, and never across the clean (saved) state.
    // Same id() means same class: QUndoStack only asks to merge commands whose ids match.
    const auto* edit = static_cast<const SetSourceCommand*>(other);
    if (edit->m_index != m_index)
        return false;
    m_after = edit->m_after;
    // Typing back to where it started leaves nothing to undo.
    setObsolete(m_after == m_before);
    return true;
}

} // namespace Notebench::Editor
