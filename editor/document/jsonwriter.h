#pragma once

#include "splitlines.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <string_view>

namespace Notebench::Document {

/// Appends JSON text exactly as Python's json.dumps(indent=N, sort_keys=True, separators=(",", ": "),
/// ensure_ascii=False) would, which is what nbformat.write uses. Invalid UTF-8 is written as U+FFFD.
class JsonWriter {
public:
    /// Sink receives the text in chunks of about kChunkSize as it is produced; without one, everything stays in out.
    using Sink = std::function<void(std::string_view)>;
    static constexpr std::size_t kChunkSize = 1 << 20;
    JsonWriter(std::string& out, int indent, Sink sink = {})
        : m_out(out), m_indent(indent), m_sink(std::move(sink)) {}
    /// Hands what is buffered to the sink (no-op without one).
    void flush();

    /// Any value; keys sorted by code point (std::map order over UTF-8 bytes is the same order).
    void value(const nlohmann::json& value, int level);
    /// An object, leaving out the keys for which skip(key) is true.
    template<typename Skip>
    void object(const nlohmann::json& object, int level, Skip&& skip)
    {
        members(object, level, skip, [this](const std::string&, const nlohmann::json& member, int memberLevel) {
            value(member, memberLevel);
        });
    }
    /// An object whose values writeMember(key, value, level) writes, each after its key; skip as for object().
    template<typename Skip, typename WriteMember>
    void members(const nlohmann::json& object, int level, Skip&& skip, WriteMember&& writeMember);
    /// An array whose items writeItem(item, level) writes.
    template<typename WriteItem>
    void items(const nlohmann::json& array, int level, WriteItem&& writeItem);
    /// A JSON string literal.
    void string(std::string_view text);
    /// nbformat split_lines: the text as an array of its lines.
    void lines(std::string_view text, int level);
    /// The same for a text handed over in pieces: produce(piece) is called with each piece in turn,
    /// and every piece but the last must end with a '\n' (so no line break spans two pieces).
    template<typename Produce>
    void linesInPieces(Produce&& produce, int level);

    /// Structural pieces for callers that write objects field by field.
    void open(char bracket) { m_out += bracket; }
    void separator(bool first, int level);
    void close(char bracket, bool empty, int level);
    void key(std::string_view name);

private:
    void newline(int level);
    void number(const nlohmann::json& value);

    std::string& m_out;
    int m_indent;
    Sink m_sink;
};

template<typename Skip, typename WriteMember>
void JsonWriter::members(const nlohmann::json& object, int level, Skip&& skip, WriteMember&& writeMember)
{
    open('{');
    bool first = true;
    for (const auto& member : object.template get_ref<const nlohmann::json::object_t&>()) {
        if (skip(member.first))
            continue;
        separator(first, level + 1);
        first = false;
        key(member.first);
        writeMember(member.first, member.second, level + 1);
    }
    close('}', first, level);
}

template<typename WriteItem>
void JsonWriter::items(const nlohmann::json& array, int level, WriteItem&& writeItem)
{
    open('[');
    bool first = true;
    for (const nlohmann::json& item : array.template get_ref<const nlohmann::json::array_t&>()) {
        separator(first, level + 1);
        first = false;
        writeItem(item, level + 1);
    }
    close(']', first, level);
}

template<typename Produce>
void JsonWriter::linesInPieces(Produce&& produce, int level)
{
    open('[');
    bool first = true;
    produce([&](std::string_view piece) {
        forEachLine(piece, [&](std::string_view line) {
            separator(first, level + 1);
            first = false;
            string(line);
        });
    });
    close(']', first, level);
}

} // namespace Notebench::Document
