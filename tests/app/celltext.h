#pragma once

#include "model/notebookmodel.h"

#include <QString>

namespace Notebench::Testing {

/// Everything a code cell's stream outputs say, in order (stdout and stderr alike).
inline QString streamText(const Editor::NotebookModel &model, int cell)
{
    QString text;
    for (const auto &output : model.cell(cell).outputs) {
        if (output.value("output_type", "") == "stream")
            text += QString::fromStdString(output.value("text", ""));
    }
    return text;
}

} // namespace Notebench::Testing
