#include "model/replacecellscommand.h"

namespace Notebench::Editor {

ReplaceCellsCommand::ReplaceCellsCommand(NotebookModel* model, const QString& text, int first,
                                         std::vector<Document::Cell> before, std::vector<Document::Cell> after,
                                         Selection selectionBefore, Selection selectionAfter)
    : QUndoCommand(text)
    , m_model(model)
    , m_first(first)
    , m_before(std::move(before))
    , m_after(std::move(after))
    , m_selectionBefore(selectionBefore)
    , m_selectionAfter(selectionAfter)
{
}

void ReplaceCellsCommand::redo()
{
    m_model->replaceCells(m_first, static_cast<int>(m_before.size()), m_after);
    m_model->setSelection(m_selectionAfter);
}

void ReplaceCellsCommand::undo()
{
    m_model->replaceCells(m_first, static_cast<int>(m_after.size()), m_before);
    m_model->setSelection(m_selectionBefore);
}

} // namespace Notebench::Editor
