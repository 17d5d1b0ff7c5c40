#pragma once

#include "notebook.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace Notebench::Document::Detail {

/// Thrown inside the reader only; readNotebook() turns it into a ReadError.
struct FormatError {
    std::string where;
    std::string message;
};

/// "a number", "an array", … for messages such as "expected a string, found a number".
std::string describeType(const nlohmann::json& value);
/// Throws FormatError "WHERE: expected WHAT, found …".
[[noreturn]] void throwWrongType(const std::string& where, std::string_view expected, const nlohmann::json& found);
/// Joins "WHERE › KEY" the way error places are written.
std::string placeOf(const std::string& where, std::string_view key);

/// nbformat rwbase._is_json_mime: application/json and application/*+json values stay JSON.
bool isJsonMime(std::string_view mime);

/// rejoin_lines for one value: a list of strings becomes one string (moved, not copied); a string stays.
/// Anything else throws FormatError naming where.
void joinMultiline(nlohmann::json& value, const std::string& where);

/// Builds a cell from its JSON (consumed), joining multi-line strings and checking types.
Cell readCell(nlohmann::json& cellJson, const std::string& where, bool usesCellIds,
              std::vector<std::string>& notices);

} // namespace Notebench::Document::Detail
