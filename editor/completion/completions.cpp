#include "completion/completions.h"

#include "completion/textoffsets.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>

namespace Notebench::Completion {

namespace {
QString text(const nlohmann::json& object, const char* key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
}

std::optional<int> number(const nlohmann::json& object, const char* key)
{
    const auto it = object.find(key);
    if (it == object.end() || !it->is_number_integer())
        return std::nullopt;
    return static_cast<int>(std::clamp<std::int64_t>(it->get<std::int64_t>(), 0, 1 << 30));
}
} // namespace

QString sourceName(Source source)
{
    return source == Source::Kernel ? QStringLiteral("kernel") : QStringLiteral("static");
}

std::optional<Completions> completionsFromReply(const nlohmann::json& content, const QString& code)
{
    if (!content.is_object() || text(content, "status") != QLatin1String("ok"))
        return std::nullopt;
    const auto start = number(content, "cursor_start");
    const auto end = number(content, "cursor_end");
    const auto matches = content.find("matches");
    if (!start || !end || *start > *end || matches == content.end() || !matches->is_array())
        return std::nullopt;
    Completions result{Source::Kernel, *start, *end, {}};
    const auto metadata = content.find("metadata");
    const nlohmann::json* typed = nullptr;
    if (metadata != content.end() && metadata->is_object()) {
        const auto it = metadata->find("_jupyter_types_experimental");
        if (it != metadata->end() && it->is_array())
            typed = &*it;
    }
    if (typed) {
        for (const auto& entry : *typed) {
            if (!entry.is_object())
                continue;
            CompletionItem item{text(entry, "text"), text(entry, "type"), text(entry, "signature")};
            // IPython may give an entry its own start; widen it to the reply's range.
            const int itemStart = number(entry, "start").value_or(*start);
            if (itemStart > *start) {
                const qsizetype from = utf16OffsetOfCodePoint(code, *start);
                item.text.prepend(code.mid(from, utf16OffsetOfCodePoint(code, itemStart) - from));
            }
            if (item.type == QLatin1String("<unknown>"))
                item.type.clear();
            result.items.append(item);
        }
    }
    if (result.items.isEmpty()) {
        for (const auto& match : *matches) {
            if (match.is_string())
                result.items.append({QString::fromStdString(match.get<std::string>()), {}, {}});
        }
    }
    return result;
}

Documentation documentationFromReply(const nlohmann::json& content)
{
    Documentation result{Source::Kernel, false, {}};
    if (!content.is_object() || text(content, "status") != QLatin1String("ok"))
        return result;
    const auto data = content.find("data");
    if (data != content.end() && data->is_object())
        result.text = text(*data, "text/plain");
    const auto found = content.find("found");
    result.found = found != content.end() && found->is_boolean() && found->get<bool>() && !result.text.isEmpty();
    return result;
}

std::optional<Completions> completionsFromHelper(const nlohmann::json& answer)
{
    const auto start = number(answer, "cursor_start");
    const auto end = number(answer, "cursor_end");
    const auto items = answer.is_object() ? answer.find("items") : answer.end();
    if (!start || !end || *start > *end || items == answer.end() || !items->is_array())
        return std::nullopt;
    Completions result{Source::Static, *start, *end, {}};
    for (const auto& entry : *items) {
        if (entry.is_object())
            result.items.append({text(entry, "text"), text(entry, "type"), text(entry, "signature")});
    }
    return result;
}

Documentation documentationFromHelper(const nlohmann::json& answer)
{
    Documentation result{Source::Static, false, text(answer, "text")};
    const auto found = answer.is_object() ? answer.find("found") : answer.end();
    result.found = found != answer.end() && found->is_boolean() && found->get<bool>() && !result.text.isEmpty();
    return result;
}

} // namespace Notebench::Completion
