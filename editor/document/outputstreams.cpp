#include "document/outputstreams.h"

#include "document/streamtext.h"

#include <string>

namespace Notebench::Document {

namespace {
std::string stringOf(const nlohmann::json &object, const char *key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string outputType(const nlohmann::json &output)
{
    return output.is_object() ? stringOf(output, "output_type") : std::string();
}

/// Removes every run of characters ending in '\r' that is followed by something other than '\n'.
std::string applyCarriageReturns(const std::string &text)
{
    std::string result;
    result.reserve(text.size());
    std::size_t lineStart = 0; // start of the current line within result
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\r' && i + 1 < text.size() && text[i + 1] != '\n') {
            result.resize(lineStart); // `.*\r` — '.' stops at '\n', so only the current line goes
            continue;
        }
        result.push_back(c);
        if (c == '\n')
            lineStart = result.size();
    }
    return result;
}
} // namespace

void coalesceStreams(nlohmann::json &outputs)
{
    if (!outputs.is_array() || outputs.empty())
        return;
    nlohmann::json merged = nlohmann::json::array();
    for (auto &output : outputs) {
        if (!merged.empty()) {
            auto &last = merged.back();
            // A stream with a spilled middle was coalesced as it arrived (StreamText): its "text"
            // is only the head, so nothing is merged into it or onto it.
            if (outputType(output) == "stream" && outputType(last) == "stream"
                && stringOf(last, "name") == stringOf(output, "name") && !isElidedStream(last)
                && !isElidedStream(output)) {
                last["text"] = stringOf(last, "text") + stringOf(output, "text");
                continue;
            }
        }
        merged.push_back(std::move(output));
    }
    for (auto &output : merged) {
        if (outputType(output) == "stream" && !isElidedStream(output)) {
            const auto text = stringOf(output, "text");
            if (text.find('\r') != std::string::npos)
                output["text"] = applyCarriageReturns(text);
        }
    }
    outputs = std::move(merged);
}

} // namespace Notebench::Document
