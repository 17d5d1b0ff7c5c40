#pragma once

#include <nlohmann/json.hpp>

namespace Notebench::Document {

/// Merges consecutive stream outputs of the same name and applies carriage-return overwrites,
/// as nbconvert's coalesce_streams does (the regex `.*\r(?=[^\n])` removed). Used when a run is
/// saved and when a view shows outputs, so both read a progress bar the same way.
void coalesceStreams(nlohmann::json &outputs);

} // namespace Notebench::Document
