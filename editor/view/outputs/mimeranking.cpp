#include "view/outputs/mimeranking.h"

#include <array>
#include <string_view>

namespace Notebench::Editor {

namespace {

// JupyterLab's rendermime order, best first (standardRendererFactories plus JSON). Only types
// with a renderer here are listed; everything else is passed over.
constexpr std::array<std::string_view, 8> ranking = {
    "text/html", "image/svg+xml", "image/png", "image/jpeg", "text/markdown",
    "text/latex", "application/json", "text/plain",
};

struct Unshown {
    std::string_view mime;
    const char* sentence;
};

// Types a browser would run or embed; Notebench shows the fallback and says so.
constexpr std::array<Unshown, 3> unshown = {{
    {"application/vnd.jupyter.widget-view+json", "Widget view not shown: Notebench runs no widget JavaScript."},
    {"application/javascript", "JavaScript output not run: Notebench never executes scripts from outputs."},
    {"application/pdf", "PDF output not embedded: save the notebook and open it in a PDF viewer."},
}};

bool usable(const nlohmann::json& value, std::string_view mime)
{
    // JSON is data of any type; every other representation is text (a string, or a list of lines).
    if (mime == "application/json")
        return !value.is_null();
    if (value.is_string())
        return true;
    if (!value.is_array() || value.empty())
        return false;
    for (const auto& line : value)
        if (!line.is_string())
            return false;
    return true;
}

} // namespace

MimeChoice chooseMime(const nlohmann::json& data)
{
    MimeChoice choice;
    if (!data.is_object())
        return choice;
    for (const Unshown& type : unshown)
        if (data.contains(type.mime))
            choice.skipped << QString::fromUtf8(type.sentence);
    for (std::string_view mime : ranking) {
        const auto it = data.find(std::string(mime));
        if (it != data.end() && usable(*it, mime)) {
            choice.mime = std::string(mime);
            return choice;
        }
    }
    return choice;
}

} // namespace Notebench::Editor
