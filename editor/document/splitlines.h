#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace Notebench::Document {

/// Python str.splitlines(keepends=True) on UTF-8 text: breaks after \n, \r\n, \r, \v, \f, \x1c, \x1d, \x1e,
/// U+0085, U+2028 and U+2029, each line keeping its terminator. "" gives no lines.
std::vector<std::string_view> splitLines(std::string_view text);

/// nbformat split_lines for one value: a JSON array of lines ([] for "").
nlohmann::json toMultiline(std::string_view text);

/// nbformat rejoin_lines for one value: a string as is, a list of strings concatenated; anything else gives "".
std::string joinLines(const nlohmann::json& stringOrList);

/// Calls onLine(std::string_view) for each line splitLines() would return, without allocating.
template<typename OnLine>
void forEachLine(std::string_view text, OnLine&& onLine);

namespace Detail {
/// Length of the line break starting at text[i], 0 when text[i] does not start one.
inline std::size_t lineBreakLength(std::string_view text, std::size_t i)
{
    const auto c = static_cast<unsigned char>(text[i]);
    switch (c) {
    case '\n': case '\v': case '\f': case 0x1c: case 0x1d: case 0x1e:
        return 1;
    case '\r':
        return (i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
    case 0xC2: // U+0085 NEXT LINE is C2 85
        return (i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x85) ? 2 : 0;
    case 0xE2: // U+2028 LINE SEPARATOR / U+2029 PARAGRAPH SEPARATOR are E2 80 A8 / E2 80 A9
        if (i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80) {
            const auto third = static_cast<unsigned char>(text[i + 2]);
            return (third == 0xA8 || third == 0xA9) ? 3 : 0;
        }
        return 0;
    default:
        return 0;
    }
}

/// The line without its terminator, as Python's splitlines() (keepends=False) returns it.
inline std::string_view withoutLineBreak(std::string_view line)
{
    for (std::string_view ending : {"\r\n", "\xC2\x85", "\xE2\x80\xA8", "\xE2\x80\xA9"}) {
        if (line.size() >= ending.size() && line.substr(line.size() - ending.size()) == ending)
            return line.substr(0, line.size() - ending.size());
    }
    if (!line.empty() && lineBreakLength(line, line.size() - 1) == 1)
        line.remove_suffix(1);
    return line;
}

/// True for bytes that may start a line break; lets the scanner skip everything else quickly.
inline bool mayStartLineBreak(unsigned char c)
{
    return c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == 0x1c || c == 0x1d || c == 0x1e || c == 0xC2
        || c == 0xE2;
}
} // namespace Detail

template<typename OnLine>
void forEachLine(std::string_view text, OnLine&& onLine)
{
    std::size_t lineStart = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        if (!Detail::mayStartLineBreak(static_cast<unsigned char>(text[i]))) {
            ++i;
            continue;
        }
        const std::size_t breakLength = Detail::lineBreakLength(text, i);
        if (breakLength == 0) {
            ++i;
            continue;
        }
        i += breakLength;
        onLine(text.substr(lineStart, i - lineStart));
        lineStart = i;
    }
    if (lineStart < text.size())
        onLine(text.substr(lineStart));
}

} // namespace Notebench::Document
