#include "upgradev3.h"

#include "cellreader.h"
#include "jsonparser.h"
#include "notebook.h"
#include "splitlines.h"

#include <algorithm>
#include <utility>

namespace Notebench::Document::Detail {

namespace {

// nbformat v3 rwbase._join_lines: lists written by splitlines(True) are concatenated, older plain
// splitlines() lists are joined with "\n".
void joinV3Lines(nlohmann::json& value, const std::string& where)
{
    if (!value.is_array())
        return;
    bool keptEnds = false;
    if (!value.empty() && value[0].is_string()) {
        const std::string& first = value[0].get_ref<const std::string&>();
        keptEnds = !first.empty() && (first.back() == '\n' || first.back() == '\r');
    }
    if (keptEnds) {
        joinMultiline(value, where);
        return;
    }
    std::string joined;
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (!value[i].is_string())
            throwWrongType(where + "[" + std::to_string(i) + "]", "a string (a line of text)", value[i]);
        if (i > 0)
            joined += '\n';
        joined += value[i].get_ref<const std::string&>();
    }
    value = std::move(joined);
}

nlohmann::json takeOr(nlohmann::json& object, const char* key, nlohmann::json fallback)
{
    const auto it = object.find(key);
    if (it == object.end())
        return fallback;
    nlohmann::json value = std::move(*it);
    object.erase(it);
    return value;
}

// nbformat v4/convert.py _mime_map, applied in its order.
void toMimeKeys(nlohmann::json& bundle)
{
    static const std::pair<const char*, const char*> aliases[] = {
        {"text", "text/plain"}, {"html", "text/html"}, {"svg", "image/svg+xml"}, {"png", "image/png"},
        {"jpeg", "image/jpeg"}, {"latex", "text/latex"}, {"json", "application/json"},
        {"javascript", "application/javascript"}};
    if (!bundle.is_object())
        return;
    for (const auto& [alias, mime] : aliases) {
        if (bundle.contains(alias))
            bundle[mime] = takeOr(bundle, alias, nullptr);
    }
}

void upgradeOutput(nlohmann::json& output, const std::string& where, std::vector<std::string>& notices)
{
    if (!output.is_object() || !output.contains("output_type") || !output["output_type"].is_string())
        throw FormatError{where, "expected an output object with a string \"output_type\""};
    for (const char* key : {"text", "html", "svg", "latex", "javascript", "json"}) {
        if (output.contains(key))
            joinV3Lines(output[key], placeOf(where, key));
    }
    const std::string type = output["output_type"].get<std::string>();
    if (type == "pyout" || type == "display_data") {
        if (!output.contains("metadata"))
            output["metadata"] = nlohmann::json::object();
        if (type == "pyout") {
            output["output_type"] = "execute_result";
            output["execution_count"] = takeOr(output, "prompt_number", nullptr);
        }
        nlohmann::json data = nlohmann::json::object();
        for (auto it = output.begin(); it != output.end();) {
            if (it.key() == "output_type" || it.key() == "execution_count" || it.key() == "metadata") {
                ++it;
                continue;
            }
            data[it.key()] = std::move(*it);
            it = output.erase(it);
        }
        toMimeKeys(data);
        toMimeKeys(output["metadata"]);
        // v3 stored JSON output as text; v4 keeps it as JSON (convert.py: json.loads).
        if (auto json = data.find("application/json"); json != data.end() && json->is_string()) {
            nlohmann::json parsed;
            JsonParseError error;
            if (parsePythonJson(json->get_ref<const std::string&>(), parsed, error))
                *json = std::move(parsed);
            else
                notices.push_back(where + ": application/json output is not valid JSON; kept as text.");
        }
        output["data"] = std::move(data);
    } else if (type == "pyerr") {
        output["output_type"] = "error";
    } else if (type == "stream") {
        output["name"] = takeOr(output, "stream", "stdout");
    }
}

void upgradeCell(nlohmann::json& cell, const std::string& where, std::vector<std::string>& notices)
{
    if (!cell.is_object())
        throwWrongType(where, "an object (a cell)", cell);
    if (!cell.contains("cell_type") || !cell["cell_type"].is_string())
        throw FormatError{where, "expected a string \"cell_type\""};
    // v3 strip_transient: trust lived in cell.trusted and cell.metadata.trusted.
    cell.erase("trusted");
    if (!cell.contains("metadata"))
        cell["metadata"] = nlohmann::json::object();
    if (cell["metadata"].is_object())
        cell["metadata"].erase("trusted");
    cell["id"] = newCellId();

    const std::string type = cell["cell_type"].get<std::string>();
    if (type == "code") {
        cell.erase("language");
        if (cell.contains("collapsed") && cell["metadata"].is_object())
            cell["metadata"]["collapsed"] = takeOr(cell, "collapsed", nullptr);
        nlohmann::json source = takeOr(cell, "input", "");
        joinV3Lines(source, placeOf(where, "input"));
        cell["source"] = std::move(source);
        cell["execution_count"] = takeOr(cell, "prompt_number", nullptr);
        if (!cell.contains("outputs") || !cell["outputs"].is_array())
            throw FormatError{where, "expected \"outputs\" to be a list"};
        nlohmann::json& outputs = cell["outputs"];
        for (std::size_t i = 0; i < outputs.size(); ++i)
            upgradeOutput(outputs[i], where + " \u203A outputs[" + std::to_string(i) + "]", notices);
        return;
    }
    for (const char* key : {"source", "rendered"}) {
        if (cell.contains(key))
            joinV3Lines(cell[key], placeOf(where, key));
    }
    if (type == "heading") {
        // convert.py: "#" * level + " " + the source's lines joined by spaces.
        cell["cell_type"] = "markdown";
        const nlohmann::json level = takeOr(cell, "level", 1);
        const std::string source = cell.contains("source") && cell["source"].is_string()
            ? cell["source"].get<std::string>() : std::string();
        std::string heading(level.is_number_integer() ? static_cast<std::size_t>(std::max(0LL, level.get<long long>())) : 1,
                            '#');
        heading += ' ';
        bool first = true;
        forEachLine(source, [&](std::string_view line) {
            if (!first)
                heading += ' ';
            first = false;
            heading.append(withoutLineBreak(line));
        });
        cell["source"] = std::move(heading);
    } else if (type == "html") {
        cell["cell_type"] = "markdown";
    }
}

} // namespace

void upgradeFromV3(nlohmann::json& root, std::vector<std::string>& notices)
{
    root.erase("orig_nbformat");
    root.erase("orig_nbformat_minor");
    nlohmann::json worksheets = takeOr(root, "worksheets", nlohmann::json::array());
    if (!worksheets.is_array())
        throwWrongType("worksheets", "a list", worksheets);
    nlohmann::json cells = nlohmann::json::array();
    for (std::size_t w = 0; w < worksheets.size(); ++w) {
        const std::string where = "worksheets[" + std::to_string(w) + "]";
        nlohmann::json& sheet = worksheets[w];
        if (!sheet.is_object() || !sheet.contains("cells") || !sheet["cells"].is_array())
            throw FormatError{where, "expected an object with a list of \"cells\""};
        for (nlohmann::json& cell : sheet["cells"]) {
            upgradeCell(cell, "cell " + std::to_string(cells.size() + 1), notices);
            cells.push_back(std::move(cell));
        }
    }
    if (!root.contains("metadata"))
        throw FormatError{"", "the required key \"metadata\" is missing"};
    if (root["metadata"].is_object()) {
        root["metadata"].erase("name");
        root["metadata"].erase("signature");
    }
    root["cells"] = std::move(cells);
    root["nbformat"] = 4;
    root["nbformat_minor"] = 5;
    notices.push_back("Upgraded from nbformat 3 to 4.5; saving writes the notebook as nbformat 4.5.");
}

} // namespace Notebench::Document::Detail
