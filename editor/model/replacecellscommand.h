#pragma once

#include "document/notebook.h"
#include "model/notebookmodel.h"

#include <QUndoCommand>

#include <vector>

namespace Notebench::Editor {

/// Undoable "cells [first, first+n) become these cells": insert, delete, retype, merge, split and paste are all this.
class ReplaceCellsCommand : public QUndoCommand {
public:
    ReplaceCellsCommand(NotebookModel* model, const QString& text, int first, std::vector<Document::Cell> before,
                        std::vector<Document::Cell> after, Selection selectionBefore, Selection selectionAfter);

    void redo() override;
    void undo() override;

private:
    NotebookModel* m_model;
    int m_first;
    std::vector<Document::Cell> m_before;
    std::vector<Document::Cell> m_after;
    Selection m_selectionBefore;
    Selection m_selectionAfter;
};

} // namespace Notebench::Editor
