#include "jsonwriter.h"

#include "jsonnumber.h"
#include "jsonparser.h"
#include "splitlines.h"

#include <array>
#include <charconv>

namespace Notebench::Document {

namespace {

enum class ByteClass : unsigned char { Plain, Escape, NonAscii };

constexpr std::array<ByteClass, 256> makeByteClasses()
{
    std::array<ByteClass, 256> table{};
    for (int c = 0; c < 256; ++c) {
        if (c < 0x20 || c == '"' || c == '\\')
            table[static_cast<std::size_t>(c)] = ByteClass::Escape;
        else if (c >= 0x80)
            table[static_cast<std::size_t>(c)] = ByteClass::NonAscii;
        else
            table[static_cast<std::size_t>(c)] = ByteClass::Plain; // DEL (0x7F) included, as in Python
    }
    return table;
}
constexpr std::array<ByteClass, 256> kByteClasses = makeByteClasses();

void appendEscape(std::string& out, unsigned char c)
{
    // Python json py_encode_basestring: short escapes for these, \u00xx (lower-case hex) for other controls.
    switch (c) {
    case '"': out += "\\\""; return;
    case '\\': out += "\\\\"; return;
    case '\n': out += "\\n"; return;
    case '\r': out += "\\r"; return;
    case '\t': out += "\\t"; return;
    case '\b': out += "\\b"; return;
    case '\f': out += "\\f"; return;
    default: break;
    }
    static constexpr char hex[] = "0123456789abcdef";
    const char escape[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF]};
    out.append(escape, sizeof escape);
}

} // namespace

void JsonWriter::newline(int level)
{
    m_out += '\n';
    m_out.append(static_cast<std::size_t>(level) * static_cast<std::size_t>(m_indent), ' ');
}

void JsonWriter::flush()
{
    if (m_sink && !m_out.empty()) {
        m_sink(m_out);
        m_out.clear();
    }
}

void JsonWriter::separator(bool first, int level)
{
    if (m_sink && m_out.size() >= kChunkSize)
        flush();
    if (!first)
        m_out += ',';
    newline(level);
}

void JsonWriter::close(char bracket, bool empty, int level)
{
    if (!empty)
        newline(level);
    m_out += bracket;
}

void JsonWriter::key(std::string_view name)
{
    string(name);
    m_out += ": ";
}

void JsonWriter::string(std::string_view text)
{
    m_out += '"';
    std::size_t runStart = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        const ByteClass kind = kByteClasses[c];
        if (kind == ByteClass::Plain) {
            ++i;
            continue;
        }
        if (kind == ByteClass::NonAscii) {
            const std::size_t length = utf8SequenceLength(text, i);
            if (length != 0) {
                i += length;
                continue;
            }
        }
        m_out.append(text.substr(runStart, i - runStart));
        if (kind == ByteClass::Escape)
            appendEscape(m_out, c);
        else
            m_out += "\xEF\xBF\xBD"; // a byte that is not UTF-8 becomes U+FFFD instead of breaking the file
        ++i;
        runStart = i;
    }
    m_out.append(text.substr(runStart));
    m_out += '"';
}

void JsonWriter::lines(std::string_view text, int level)
{
    open('[');
    bool first = true;
    forEachLine(text, [&](std::string_view line) {
        separator(first, level + 1);
        first = false;
        string(line);
    });
    close(']', first, level);
}

void JsonWriter::number(const nlohmann::json& value)
{
    char buffer[32];
    if (value.is_number_integer() && value.is_number_unsigned()) {
        const auto end = std::to_chars(buffer, buffer + sizeof buffer, value.get<std::uint64_t>()).ptr;
        m_out.append(buffer, end);
    } else if (value.is_number_integer()) {
        const auto end = std::to_chars(buffer, buffer + sizeof buffer, value.get<std::int64_t>()).ptr;
        m_out.append(buffer, end);
    } else {
        appendPythonFloat(m_out, value.get<double>());
    }
}

void JsonWriter::value(const nlohmann::json& value, int level)
{
    switch (value.type()) {
    case nlohmann::json::value_t::object:
        object(value, level, [](const std::string&) { return false; });
        return;
    case nlohmann::json::value_t::array:
        items(value, level, [this](const nlohmann::json& item, int itemLevel) { this->value(item, itemLevel); });
        return;
    case nlohmann::json::value_t::string:
        string(value.get_ref<const std::string&>());
        return;
    case nlohmann::json::value_t::boolean:
        m_out += value.get<bool>() ? "true" : "false";
        return;
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
        number(value);
        return;
    case nlohmann::json::value_t::binary:
        if (isRawInteger(value)) {
            const auto& digits = value.get_binary();
            m_out.append(reinterpret_cast<const char*>(digits.data()), digits.size());
        } else {
            // Not produced by the reader; JSON has no bytes type, so write them as a list of numbers.
            this->value(nlohmann::json(std::vector<std::uint8_t>(value.get_binary())), level);
        }
        return;
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::discarded:
        m_out += "null";
        return;
    }
}

} // namespace Notebench::Document
