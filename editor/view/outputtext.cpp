#include "view/outputtext.h"

#include "document/outputstreams.h"
#include "view/ansitext.h"
#include "view/outputdocument.h"

namespace Notebench::Editor::OutputText {

QStringList shown(const nlohmann::json& outputs)
{
    if (!outputs.is_array() || outputs.empty())
        return {};
    // The same steps OutputDocument::build takes, so a match is text the user can see.
    nlohmann::json shownOutputs = outputs;
    Document::coalesceStreams(shownOutputs);
    QStringList texts;
    texts.reserve(static_cast<qsizetype>(shownOutputs.size()));
    for (const auto& output : shownOutputs)
        texts << AnsiText::plainText(OutputDocument::text(output));
    return texts;
}

} // namespace Notebench::Editor::OutputText
