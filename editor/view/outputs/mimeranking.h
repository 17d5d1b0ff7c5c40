#pragma once

#include <nlohmann/json.hpp>

#include <QString>
#include <QStringList>

#include <string>

namespace Notebench::Editor {

/// Which representation of a display_data / execute_result bundle is shown, as Jupyter ranks
/// them, and what was passed over that a browser would have run or embedded.
struct MimeChoice {
    std::string mime;      ///< the MIME type to render; empty when none can be shown
    QStringList skipped;   ///< sentences naming what is not shown (JavaScript, PDF, widget views)
};

/// Picks the best renderable type of an output's `data` bundle. A widget view falls back to the
/// rest of the bundle; JavaScript is never run and PDF never embedded, so each is noted.
MimeChoice chooseMime(const nlohmann::json& data);

} // namespace Notebench::Editor
