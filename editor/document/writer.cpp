#include "writer.h"

#include "atomicfile.h"
#include "jsonwriter.h"
#include "memory.h"
#include "streamtext.h"

#include <algorithm>
#include <functional>
#include <stdexcept>

namespace Notebench::Document {

namespace {

// One key of an object written field by field; kept sorted as json.dumps(sort_keys=True) does.
struct Field {
    std::string_view key;
    std::function<void(int level)> write;
};

class NotebookWriter {
public:
    NotebookWriter(std::string& out, int indent, JsonWriter::Sink sink = {}) : m_json(out, indent, std::move(sink)) {}

    void notebook(const Notebook& notebook)
    {
        std::vector<Field> fields;
        fields.push_back({"cells", [&](int level) { cells(notebook, level); }});
        fields.push_back({"metadata", [&](int level) {
                              // nbformat strip_transient
                              m_json.object(notebook.metadata, level, [](const std::string& key) {
                                  return key == "orig_nbformat" || key == "orig_nbformat_minor" || key == "signature";
                              });
                          }});
        fields.push_back({"nbformat", [&](int level) { m_json.value(notebook.nbformat, level); }});
        fields.push_back({"nbformat_minor", [&](int level) { m_json.value(notebook.nbformatMinor, level); }});
        addExtra(fields, notebook.extra, nullptr);
        writeFields(fields, 0);
        m_json.flush();
    }

private:
    void writeFields(std::vector<Field>& fields, int level)
    {
        std::sort(fields.begin(), fields.end(), [](const Field& a, const Field& b) { return a.key < b.key; });
        m_json.open('{');
        bool first = true;
        for (const Field& field : fields) {
            m_json.separator(first, level + 1);
            first = false;
            m_json.key(field.key);
            field.write(level + 1);
        }
        m_json.close('}', first, level);
    }

    // Unknown keys, unless a typed field already wrote that key. nbformat split_lines splits any cell's
    // string source, so an unknown cell's source (kept in extra) is split too.
    void addExtra(std::vector<Field>& fields, const nlohmann::json& extra, const Cell* unknownCell)
    {
        if (!extra.is_object())
            return;
        for (const auto& member : extra.get_ref<const nlohmann::json::object_t&>()) {
            const std::string& key = member.first; // named references, not bindings: lambdas capture them
            const nlohmann::json& value = member.second;
            const bool taken = std::any_of(fields.begin(), fields.end(), [&](const Field& f) { return f.key == key; });
            if (taken)
                continue;
            if (unknownCell != nullptr && key == "source" && value.is_string())
                fields.push_back({key, [&](int level) { m_json.lines(value.get_ref<const std::string&>(), level); }});
            else
                fields.push_back({key, [&](int level) { m_json.value(value, level); }});
        }
    }

    void cells(const Notebook& notebook, int level)
    {
        m_json.open('[');
        bool first = true;
        for (const Cell& cell : notebook.cells) {
            m_json.separator(first, level + 1);
            first = false;
            this->cell(cell, notebook.usesCellIds(), level + 1);
        }
        m_json.close(']', first, level);
    }

    void cell(const Cell& cell, bool usesCellIds, int level)
    {
        const std::string typeName = cellTypeToString(cell);
        // nbformat.writes validates, and validation gives a 4.5 cell without an id a fresh one.
        const std::string id = (cell.id.empty() && usesCellIds) ? newCellId() : cell.id;
        std::vector<Field> fields;
        fields.push_back({"cell_type", [&](int) { m_json.string(typeName); }});
        fields.push_back({"metadata", [&](int l) {
                              m_json.object(cell.metadata, l, [](const std::string& key) { return key == "trusted"; });
                          }});
        if (!id.empty())
            fields.push_back({"id", [&](int) { m_json.string(id); }});
        if (!cell.attachments.is_null())
            fields.push_back({"attachments", [&](int l) { attachments(cell.attachments, l); }});
        if (cell.type != CellType::Unknown)
            fields.push_back({"source", [&](int l) { m_json.lines(cell.source, l); }});
        if (cell.type == CellType::Code) {
            fields.push_back({"outputs", [&](int l) { outputs(cell.outputs, l); }});
            fields.push_back({"execution_count", [&](int l) {
                                  m_json.value(cell.executionCount ? nlohmann::json(*cell.executionCount)
                                                                   : nlohmann::json(nullptr), l);
                              }});
        }
        addExtra(fields, cell.extra, cell.type == CellType::Unknown ? &cell : nullptr);
        writeFields(fields, level);
    }

    static bool keepAll(const std::string&) { return false; }

    // nbformat _split_mimebundle: text/*, image/svg+xml and application/javascript strings become lines.
    void mimeBundle(const nlohmann::json& bundle, int level)
    {
        if (!bundle.is_object()) {
            m_json.value(bundle, level);
            return;
        }
        m_json.members(bundle, level, keepAll, [this](const std::string& mime, const nlohmann::json& value, int l) {
            const bool split = mime.rfind("text/", 0) == 0 || mime == "image/svg+xml" || mime == "application/javascript";
            if (split && value.is_string())
                m_json.lines(value.get_ref<const std::string&>(), l);
            else
                m_json.value(value, l);
        });
    }

    void attachments(const nlohmann::json& attachments, int level)
    {
        if (!attachments.is_object()) {
            m_json.value(attachments, level);
            return;
        }
        m_json.members(attachments, level, keepAll,
                       [this](const std::string&, const nlohmann::json& bundle, int l) { mimeBundle(bundle, l); });
    }

    void outputs(const nlohmann::json& outputs, int level)
    {
        if (!outputs.is_array()) {
            m_json.value(outputs, level);
            return;
        }
        m_json.items(outputs, level, [this](const nlohmann::json& item, int l) { output(item, l); });
    }

    // nbformat split_lines: display_data/execute_result data bundles and stream text are split.
    void output(const nlohmann::json& output, int level)
    {
        const auto type = output.is_object() ? output.find("output_type") : output.end();
        if (type == output.end() || !type->is_string()) {
            m_json.value(output, level);
            return;
        }
        const std::string& typeName = type->get_ref<const std::string&>();
        const bool isBundle = typeName == "execute_result" || typeName == "display_data";
        const bool isStream = typeName == "stream";
        if (isStream && isElidedStream(output)) {
            elidedStream(output, level);
            return;
        }
        m_json.members(output, level, keepAll, [&](const std::string& key, const nlohmann::json& value, int l) {
            if (isBundle && key == "data")
                mimeBundle(value, l);
            else if (isStream && key == "text" && value.is_string())
                m_json.lines(value.get_ref<const std::string&>(), l);
            else
                m_json.value(value, l);
        });
    }

    // A long stream whose middle was spilled to disk: its whole text, read back piece by piece, so
    // the file holds everything that arrived and memory holds about one piece at a time.
    void elidedStream(const nlohmann::json& output, int level)
    {
        const auto skip = [](const std::string& key) { return key == kElidedKey; };
        m_json.members(output, level, skip, [&](const std::string& key, const nlohmann::json& value, int l) {
            if (key != "text") {
                m_json.value(value, l);
                return;
            }
            m_json.linesInPieces([&](const auto& piece) {
                if (!forEachStreamPiece(output, piece))
                    throw std::runtime_error("the long output kept in " + output[kElidedKey].value("file", std::string())
                                             + " could not be read back");
            }, l);
        });
    }

    JsonWriter m_json;
};

std::size_t estimateSize(const Notebook& notebook)
{
    std::size_t size = 4096;
    for (const Cell& cell : notebook.cells) {
        size += cell.source.size() + 256;
        for (const nlohmann::json& output : cell.outputs) {
            const auto data = output.is_object() ? output.find("data") : output.end();
            if (data != output.end() && data->is_object()) {
                for (const auto& [mime, value] : data->get_ref<const nlohmann::json::object_t&>())
                    size += (value.is_string() ? value.get_ref<const std::string&>().size() : 0) + 64;
            }
            size += 256;
        }
    }
    return size;
}

int effectiveIndent(const Notebook& notebook)
{
    return notebook.indent >= 1 ? notebook.indent : 1;
}

} // namespace

std::string writeNotebook(const Notebook& notebook)
{
    std::string out;
    const std::size_t expected = estimateSize(notebook);
    out.reserve(expected);
    Detail::prefaultForWrite(out.data(), expected);
    NotebookWriter(out, effectiveIndent(notebook)).notebook(notebook);
    out += '\n'; // nbformat.write appends the final newline json.dumps leaves out
    return out;
}

void writeNotebook(const Notebook& notebook, const std::function<void(std::string_view)>& sink)
{
    std::string buffer;
    buffer.reserve(JsonWriter::kChunkSize + JsonWriter::kChunkSize / 4);
    NotebookWriter(buffer, effectiveIndent(notebook), sink).notebook(notebook);
    sink("\n");
}

std::string saveNotebookFile(const std::filesystem::path& path, const Notebook& notebook)
{
    AtomicFile file(path);
    if (!file.open())
        return file.error();
    try {
        bool ok = true;
        writeNotebook(notebook, [&](std::string_view chunk) { ok = ok && file.write(chunk); });
        if (!ok || !file.commit())
            return file.error();
    } catch (const std::exception& error) {
        return "Could not save " + path.string() + ": " + error.what() + ".";
    }
    return {};
}

} // namespace Notebench::Document
