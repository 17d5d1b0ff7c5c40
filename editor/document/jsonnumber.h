#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace Notebench::Document {

/// Integers beyond 64 bits have no nlohmann type; Python keeps them exact, so we keep their digits as a
/// binary value with this subtype and the writer prints them back verbatim.
inline constexpr std::uint8_t kRawIntegerSubtype = 0x49;

/// The value of a JSON number token as Python's json.loads gives it: an int of any size, or a float
/// (±inf on overflow, ±0.0 on underflow, as float() does).
nlohmann::json pythonNumber(std::string_view token, bool isFloat);

/// A value holding an integer literal too large for 64 bits (see kRawIntegerSubtype).
nlohmann::json rawInteger(std::string_view digits);
/// True for values made by rawInteger().
bool isRawInteger(const nlohmann::json& value);

/// Python's repr(float): shortest round-trip digits, exponent form when the exponent is < -4 or >= 16.
void appendPythonFloat(std::string& out, double value);

} // namespace Notebench::Document
