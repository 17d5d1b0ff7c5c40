#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace Notebench::Document {

/// The nbformat cell kinds; Unknown keeps the file's own cell_type text in Cell::cellTypeName.
enum class CellType { Code, Markdown, Raw, Unknown };

/// One notebook cell as nbformat holds it in memory: multi-line strings joined, unknown keys kept in extra.
/// Unknown cells keep everything except cell_type, id and metadata in extra, exactly as read.
struct Cell {
    CellType type = CellType::Code;
    std::string cellTypeName;          ///< original "cell_type" text (needed for Unknown)
    std::string id;                    ///< "" when the file has none (nbformat < 4.5)
    std::string source;                ///< joined (lists of lines are concatenated on read)
    nlohmann::json metadata = nlohmann::json::object();
    nlohmann::json outputs = nlohmann::json::array();   ///< nbformat output dicts, multi-line strings joined
    std::optional<long long> executionCount;            ///< code cells; nullopt = null
    nlohmann::json attachments;        ///< null when absent; multi-line strings joined
    nlohmann::json extra = nlohmann::json::object();    ///< other keys of the cell, round-tripped untouched
};

/// A whole .ipynb document. The minor version is never changed by reading or writing.
struct Notebook {
    int nbformat = 4;
    int nbformatMinor = 5;
    nlohmann::json metadata = nlohmann::json::object();
    std::vector<Cell> cells;
    int indent = 1;                    ///< detected on read (1 Jupyter, 2 Colab); used by the writer
    nlohmann::json extra = nlohmann::json::object();   ///< unknown top-level keys, round-tripped

    /// nbformat 4.5 introduced mandatory cell ids.
    bool usesCellIds() const;
    /// Inserts an empty cell (index clamped to the end); it gets a fresh unique id when usesCellIds().
    Cell& insertCell(std::size_t index, CellType type, std::string source = {});
    /// metadata.kernelspec.language, else metadata.language_info.name, else "python".
    std::string languageName() const;
    /// metadata.kernelspec.name or "".
    std::string kernelName() const;
};

/// A new cell id the way nbformat makes one: uuid4().hex[:8].
std::string newCellId();
/// nbformat 4.5 schema: ^[a-zA-Z0-9-_]+$, 1 to 64 characters.
bool isValidCellId(std::string_view id);

/// "code", "markdown", "raw"; the cell's own name for Unknown.
std::string cellTypeToString(const Cell& cell);
/// Code/Markdown/Raw for the known names, Unknown otherwise.
CellType cellTypeFromString(std::string_view name);

} // namespace Notebench::Document
