#pragma once

#include <nlohmann/json.hpp>

#include <QStringList>

/// What a cell's outputs read as on screen, for finding text in them.
namespace Notebench::Editor::OutputText {

/// A string or a list of lines (nbformat's multiline strings) as one string; "" for anything else.
QString joinedText(const nlohmann::json& value);
/// The text an output shows, ANSI sequences still in it: a stream's text, an error's traceback,
/// a result's text/plain (or "[mime output]" when it has none).
QString source(const nlohmann::json& output);
/// The plain text of each output as the view shows it: consecutive streams coalesced and
/// carriage-return overwrites applied (a progress bar is its last state), ANSI escapes removed.
QStringList shown(const nlohmann::json& outputs);

} // namespace Notebench::Editor::OutputText
