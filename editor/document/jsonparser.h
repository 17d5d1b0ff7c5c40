#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace Notebench::Document {

/// Where and why parsing stopped; offset is a byte offset into the input.
struct JsonParseError {
    std::size_t offset = 0;
    std::string message;
};

/// Nesting deeper than this is refused before it can exhaust the stack (Python's json gives up near 1000).
inline constexpr int kMaxJsonDepth = 512;

/// Parses JSON the way Python's json.loads does: strict UTF-8, NaN/Infinity/-Infinity accepted, duplicate keys
/// keep the last value, integers of any size kept exact. Never throws; returns false and fills error on failure.
bool parsePythonJson(std::string_view text, nlohmann::json& result, JsonParseError& error);

/// Length of the valid UTF-8 sequence at text[i] (1 to 4), or 0 when it is invalid (Python's strict decoder).
std::size_t utf8SequenceLength(std::string_view text, std::size_t i);

} // namespace Notebench::Document
