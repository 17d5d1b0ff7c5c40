#include "model/movecellscommand.h"

#include <QCoreApplication>

namespace Notebench::Editor {

MoveCellsCommand::MoveCellsCommand(NotebookModel* model, int first, int count, int to, Selection selectionBefore,
                                   Selection selectionAfter)
    : QUndoCommand(QCoreApplication::translate("Notebench::Editor", "Move cells"))
    , m_model(model)
    , m_first(first)
    , m_count(count)
    , m_to(to)
    , m_selectionBefore(selectionBefore)
    , m_selectionAfter(selectionAfter)
{
}

void MoveCellsCommand::redo()
{
    m_model->moveCells(m_first, m_count, m_to);
    m_model->setSelection(m_selectionAfter);
}

void MoveCellsCommand::undo()
{
    m_model->moveCells(m_to, m_count, m_first);
    m_model->setSelection(m_selectionBefore);
}

} // namespace Notebench::Editor
