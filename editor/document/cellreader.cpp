#include "cellreader.h"

#include "streamtext.h"

#include <cstdint>

namespace Notebench::Document::Detail {

namespace {

const char* const kMultilineExpected = "a string or a list of strings";

nlohmann::json* findMember(nlohmann::json& object, const char* key)
{
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

nlohmann::json& requireMember(nlohmann::json& object, const char* key, const std::string& where)
{
    nlohmann::json* member = findMember(object, key);
    if (member == nullptr)
        throw FormatError{where, std::string("the required key \"") + key + "\" is missing"};
    return *member;
}

void requireType(const nlohmann::json& value, nlohmann::json::value_t type, std::string_view expected,
                 const std::string& where)
{
    if (value.type() != type)
        throwWrongType(where, expected, value);
}

void requireString(nlohmann::json& object, const char* key, const std::string& where)
{
    requireType(requireMember(object, key, where), nlohmann::json::value_t::string, "a string", placeOf(where, key));
}

// nbformat _rejoin_mimebundle; the schema makes every non-JSON mime value a multi-line string.
void readMimeBundle(nlohmann::json& bundle, const std::string& where)
{
    requireType(bundle, nlohmann::json::value_t::object, "an object", where);
    for (auto& [mime, value] : bundle.get_ref<nlohmann::json::object_t&>()) {
        if (!isJsonMime(mime))
            joinMultiline(value, placeOf(where, mime));
    }
}

void readExecutionCount(const nlohmann::json& value, const std::string& where)
{
    const bool fits = value.is_number_integer()
        && (!value.is_number_unsigned() || value.get<std::uint64_t>() <= std::uint64_t(INT64_MAX));
    if (!value.is_null() && !fits)
        throwWrongType(where, "an integer or null", value);
}

void readOutput(nlohmann::json& output, const std::string& where)
{
    requireType(output, nlohmann::json::value_t::object, "an object", where);
    nlohmann::json& typeValue = requireMember(output, "output_type", where);
    requireType(typeValue, nlohmann::json::value_t::string, "a string", placeOf(where, "output_type"));
    const std::string& type = typeValue.get_ref<const std::string&>();
    if (type == "execute_result" || type == "display_data") {
        readMimeBundle(requireMember(output, "data", where), placeOf(where, "data"));
        if (nlohmann::json* metadata = findMember(output, "metadata"))
            requireType(*metadata, nlohmann::json::value_t::object, "an object", placeOf(where, "metadata"));
        if (type == "execute_result")
            readExecutionCount(requireMember(output, "execution_count", where), placeOf(where, "execution_count"));
        return;
    }
    if (type == "stream") {
        requireString(output, "name", where);
        joinMultiline(requireMember(output, "text", where), placeOf(where, "text"));
        // Only the recorder makes this key: a file's own copy could make the writer read any file.
        output.erase(kElidedKey);
        return;
    }
    if (type == "error") {
        requireString(output, "ename", where);
        requireString(output, "evalue", where);
        requireType(requireMember(output, "traceback", where), nlohmann::json::value_t::array, "a list of strings",
                    placeOf(where, "traceback"));
    }
    // nbformat rejoin_lines joins "text" for every output type other than execute_result/display_data.
    if (nlohmann::json* text = findMember(output, "text"); text != nullptr && text->is_array())
        joinMultiline(*text, placeOf(where, "text"));
}

void readAttachments(nlohmann::json& attachments, const std::string& where)
{
    requireType(attachments, nlohmann::json::value_t::object, "an object", where);
    for (auto& [name, bundle] : attachments.get_ref<nlohmann::json::object_t&>())
        readMimeBundle(bundle, placeOf(where, name));
}

std::string takeString(nlohmann::json& value)
{
    return std::move(value.get_ref<std::string&>());
}

} // namespace

std::string describeType(const nlohmann::json& value)
{
    switch (value.type()) {
    case nlohmann::json::value_t::object: return "an object";
    case nlohmann::json::value_t::array: return "a list";
    case nlohmann::json::value_t::string: return "a string";
    case nlohmann::json::value_t::boolean: return value.get<bool>() ? "true" : "false";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
    case nlohmann::json::value_t::binary: return "a number";
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::discarded: break;
    }
    return "null";
}

void throwWrongType(const std::string& where, std::string_view expected, const nlohmann::json& found)
{
    throw FormatError{where, "expected " + std::string(expected) + ", found " + describeType(found)};
}

std::string placeOf(const std::string& where, std::string_view key)
{
    if (where.empty())
        return std::string(key);
    return where + " \u203A " + std::string(key);
}

bool isJsonMime(std::string_view mime)
{
    return mime == "application/json"
        || (mime.substr(0, 12) == "application/" && mime.size() >= 5 && mime.substr(mime.size() - 5) == "+json");
}

void joinMultiline(nlohmann::json& value, const std::string& where)
{
    if (value.is_string())
        return;
    if (!value.is_array())
        throwWrongType(where, kMultilineExpected, value);
    std::size_t total = 0;
    for (std::size_t i = 0; i < value.size(); ++i) {
        const nlohmann::json& line = value[i];
        if (!line.is_string())
            throw FormatError{where + "[" + std::to_string(i) + "]",
                              "expected a string (a line of text), found " + describeType(line)};
        total += line.get_ref<const std::string&>().size();
    }
    if (value.size() == 1) {
        nlohmann::json only = std::move(value[0]);
        value = std::move(only);
        return;
    }
    std::string joined;
    joined.reserve(total);
    for (const nlohmann::json& line : value)
        joined += line.get_ref<const std::string&>();
    value = std::move(joined);
}

Cell readCell(nlohmann::json& cellJson, const std::string& where, bool usesCellIds,
              std::vector<std::string>& notices)
{
    requireType(cellJson, nlohmann::json::value_t::object, "an object (a cell)", where);
    auto& members = cellJson.get_ref<nlohmann::json::object_t&>();
    Cell cell;

    nlohmann::json& typeValue = requireMember(cellJson, "cell_type", where);
    requireType(typeValue, nlohmann::json::value_t::string, "a string", placeOf(where, "cell_type"));
    cell.cellTypeName = takeString(typeValue);
    cell.type = cellTypeFromString(cell.cellTypeName);
    members.erase("cell_type");

    nlohmann::json& metadata = requireMember(cellJson, "metadata", where);
    requireType(metadata, nlohmann::json::value_t::object, "an object", placeOf(where, "metadata"));
    metadata.erase("trusted"); // nbformat strip_transient: trust is never stored in the file
    cell.metadata = std::move(metadata);
    members.erase("metadata");

    if (nlohmann::json* id = findMember(cellJson, "id")) {
        if (id->is_string()) {
            cell.id = takeString(*id);
            members.erase("id");
        } else if (usesCellIds) {
            cell.id = newCellId();
            notices.push_back(where + ": the id is " + describeType(*id) + ", not a string; gave the cell the new id "
                              + cell.id + ".");
            members.erase("id");
        }
    }

    if (nlohmann::json* attachments = findMember(cellJson, "attachments")) {
        readAttachments(*attachments, placeOf(where, "attachments"));
        cell.attachments = std::move(*attachments);
        members.erase("attachments");
    }

    if (cell.type == CellType::Unknown) {
        // Unknown cells keep their keys as they are; only rejoin_lines' join of "source" applies.
        if (nlohmann::json* source = findMember(cellJson, "source"); source != nullptr && source->is_array())
            joinMultiline(*source, placeOf(where, "source"));
        cell.extra = std::move(cellJson);
        return cell;
    }

    nlohmann::json& source = requireMember(cellJson, "source", where);
    joinMultiline(source, placeOf(where, "source"));
    cell.source = takeString(source);
    members.erase("source");

    if (cell.type == CellType::Code) {
        nlohmann::json& outputs = requireMember(cellJson, "outputs", where);
        requireType(outputs, nlohmann::json::value_t::array, "a list of outputs", placeOf(where, "outputs"));
        for (std::size_t i = 0; i < outputs.size(); ++i)
            readOutput(outputs[i], where + " \u203A outputs[" + std::to_string(i) + "]");
        cell.outputs = std::move(outputs);
        members.erase("outputs");

        if (nlohmann::json* count = findMember(cellJson, "execution_count")) {
            readExecutionCount(*count, placeOf(where, "execution_count"));
            if (count->is_number_integer())
                cell.executionCount = count->get<long long>();
            members.erase("execution_count");
        } else {
            notices.push_back(where + ": code cell had no execution_count; it will be saved as null.");
        }
    }
    cell.extra = std::move(cellJson);
    return cell;
}

} // namespace Notebench::Document::Detail
