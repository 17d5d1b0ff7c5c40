#include "jsonnumber.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <vector>

namespace Notebench::Document {

namespace {

nlohmann::json integerValue(std::string_view token)
{
    const char* first = token.data();
    const char* last = token.data() + token.size();
    std::int64_t signedValue = 0;
    if (std::from_chars(first, last, signedValue).ec == std::errc())
        return signedValue;
    std::uint64_t unsignedValue = 0;
    if (token.front() != '-' && std::from_chars(first, last, unsignedValue).ec == std::errc())
        return unsignedValue;
    return rawInteger(token);
}

// Position of the first significant digit relative to the decimal point (1 for "1.5", -2 for "0.001").
long long decimalMagnitude(std::string_view token)
{
    long long position = 0;
    bool seenPoint = false;
    bool seenSignificant = false;
    std::size_t i = token.front() == '-' ? 1 : 0;
    for (; i < token.size() && token[i] != 'e' && token[i] != 'E'; ++i) {
        if (token[i] == '.') {
            seenPoint = true;
        } else if (!seenSignificant && token[i] == '0') {
            if (seenPoint)
                --position;
        } else if (!seenSignificant) {
            seenSignificant = true;
            if (!seenPoint)
                ++position;
        } else if (!seenPoint) {
            ++position;
        }
    }
    long long exponent = 0;
    if (i < token.size()) {
        std::string_view digits = token.substr(i + 1);
        const bool negativeExponent = !digits.empty() && digits.front() == '-';
        if (!digits.empty() && (digits.front() == '-' || digits.front() == '+'))
            digits.remove_prefix(1);
        if (std::from_chars(digits.data(), digits.data() + digits.size(), exponent).ec != std::errc())
            exponent = std::numeric_limits<long long>::max() / 2;
        if (negativeExponent)
            exponent = -exponent;
    }
    return seenSignificant ? position + exponent : 0;
}

nlohmann::json floatValue(std::string_view token)
{
    double value = 0.0;
    const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
    if (ec == std::errc())
        return value;
    // Out of range: Python's float() gives ±inf on overflow and ±0.0 on underflow.
    const bool negative = token.front() == '-';
    const double magnitude = decimalMagnitude(token) > 0 ? std::numeric_limits<double>::infinity() : 0.0;
    return negative ? -magnitude : magnitude;
}

} // namespace

nlohmann::json pythonNumber(std::string_view token, bool isFloat)
{
    return isFloat ? floatValue(token) : integerValue(token);
}

nlohmann::json rawInteger(std::string_view digits)
{
    return nlohmann::json::binary(std::vector<std::uint8_t>(digits.begin(), digits.end()), kRawIntegerSubtype);
}

bool isRawInteger(const nlohmann::json& value)
{
    return value.is_binary() && value.get_binary().has_subtype()
        && value.get_binary().subtype() == kRawIntegerSubtype;
}

void appendPythonFloat(std::string& out, double value)
{
    // Python json.dumps(allow_nan=True) spellings.
    if (std::isnan(value)) {
        out += "NaN";
        return;
    }
    if (std::isinf(value)) {
        out += value < 0 ? "-Infinity" : "Infinity";
        return;
    }
    // Shortest round-trip digits, as Python's repr (David Gay's dtoa, mode 0) picks them.
    char buffer[64];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific).ptr;
    std::string_view text(buffer, static_cast<std::size_t>(end - buffer));
    const bool negative = text.front() == '-';
    if (negative)
        text.remove_prefix(1);
    const std::size_t ePos = text.find('e');
    std::string digits;
    for (char c : text.substr(0, ePos)) {
        if (c != '.')
            digits += c;
    }
    int exponent = 0;
    const std::string_view exponentText = text.substr(ePos + 1);
    std::from_chars(exponentText.data() + (exponentText.front() == '+' ? 1 : 0),
                    exponentText.data() + exponentText.size(), exponent);
    const int decimalPoint = exponent + 1; // digits d1d2d3… mean 0.d1d2d3… × 10^decimalPoint
    const int digitCount = static_cast<int>(digits.size());

    if (negative)
        out += '-';
    // CPython float_repr_style 'short': exponent form when decpt <= -4 or decpt > 16.
    if (decimalPoint <= -4 || decimalPoint > 16) {
        out += digits[0];
        if (digitCount > 1) {
            out += '.';
            out.append(digits, 1);
        }
        out += exponent < 0 ? "e-" : "e+";
        const int magnitude = exponent < 0 ? -exponent : exponent;
        if (magnitude < 10)
            out += '0';
        out += std::to_string(magnitude);
    } else if (decimalPoint <= 0) {
        out += "0.";
        out.append(static_cast<std::size_t>(-decimalPoint), '0');
        out += digits;
    } else if (decimalPoint >= digitCount) {
        out += digits;
        out.append(static_cast<std::size_t>(decimalPoint - digitCount), '0');
        out += ".0";
    } else {
        out.append(digits, 0, static_cast<std::size_t>(decimalPoint));
        out += '.';
        out.append(digits, static_cast<std::size_t>(decimalPoint));
    }
}

} // namespace Notebench::Document
