#pragma once

#include <nlohmann/json.hpp>

#include <QStringList>

/// What a cell's outputs read as on screen, for finding text in them.
namespace Notebench::Editor::OutputText {

/// The plain text of each output as the view shows it: consecutive streams coalesced and
/// carriage-return overwrites applied (a progress bar is its last state), ANSI escapes removed.
QStringList shown(const nlohmann::json& outputs);

} // namespace Notebench::Editor::OutputText
