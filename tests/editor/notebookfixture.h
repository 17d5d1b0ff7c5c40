#pragma once

#include "document/notebook.h"
#include "model/celltransforms.h"
#include "model/notebookmodel.h"

#include <QString>
#include <QStringList>

// Notebooks written compactly for tables: "c:print(1)|m:# Title|r:raw" (code, markdown, raw).
namespace NotebookFixture {

namespace Document = Notebench::Document;
namespace Editor = Notebench::Editor;

inline Document::Notebook notebookFrom(const QString& compact, int nbformatMinor = 5)
{
    Document::Notebook notebook;
    notebook.nbformatMinor = nbformatMinor;
    if (compact.isEmpty())
        return notebook;
    for (const QString& part : compact.split(u'|')) {
        const QString kind = part.section(u':', 0, 0);
        const Document::CellType type = kind == u"m" ? Document::CellType::Markdown
                                      : kind == u"r" ? Document::CellType::Raw
                                                     : Document::CellType::Code;
        notebook.insertCell(notebook.cells.size(), type, part.section(u':', 1).toStdString());
    }
    return notebook;
}

inline QString describe(const Editor::NotebookModel& model)
{
    QStringList parts;
    for (const Document::Cell& cell : model.notebook().cells) {
        const char* kind = cell.type == Document::CellType::Markdown ? "m"
                         : cell.type == Document::CellType::Raw      ? "r"
                         : cell.type == Document::CellType::Code     ? "c"
                                                                     : "?";
        parts << QString::fromLatin1(kind) + u':' + QString::fromStdString(cell.source);
    }
    return parts.join(u'|');
}

// State a compact description cannot show: hidden outputs (hN), line numbers (nN), edit mode.
inline QString marks(const Editor::NotebookModel& model)
{
    QStringList result;
    for (int i = 0; i < model.cellCount(); ++i) {
        if (Editor::CellTransforms::outputsHidden(model.cell(i)))
            result << QStringLiteral("h%1").arg(i);
        if (model.lineNumbersVisible(i))
            result << QStringLiteral("n%1").arg(i);
    }
    if (model.mode() == Editor::Mode::Edit)
        result << QStringLiteral("edit");
    return result.join(u' ');
}

} // namespace NotebookFixture
