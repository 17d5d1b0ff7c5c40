#include "model/celltransforms.h"

#include <algorithm>
#include <cctype>
#include <unordered_set>

namespace Notebench::Editor::CellTransforms {

using Document::Cell;
using Document::CellType;

Cell withType(Cell cell, CellType type)
{
    // Unknown cells keep their payload in `extra`; rewriting them could lose data, so leave them be.
    if (cell.type == type || cell.type == CellType::Unknown || type == CellType::Unknown)
        return cell;
    if (cell.type == CellType::Code) {
        // nbformat: only code cells have outputs and execution_count; Jupyter drops them on conversion.
        cell.outputs = nlohmann::json::array();
        cell.executionCount.reset();
    }
    if (type == CellType::Code)
        cell.attachments = nullptr;   // nbformat: attachments belong to markdown and raw cells only
    cell.type = type;
    cell.cellTypeName = Document::cellTypeToString(cell);
    return cell;
}

Cell withHeading(Cell cell, int level)
{
    cell = withType(std::move(cell), CellType::Markdown);
    if (cell.type != CellType::Markdown)
        return cell;
    // JupyterLab setMarkdownHeader: strip /^(#+\s*)|^(\s*)/, then prefix '#'×level and a space.
    const std::string& source = cell.source;
    std::size_t start = 0;
    while (start < source.size() && source[start] == '#')
        ++start;
    while (start < source.size() && std::isspace(static_cast<unsigned char>(source[start])))
        ++start;
    cell.source = std::string(static_cast<std::size_t>(level), '#') + ' ' + source.substr(start);
    return cell;
}

Cell merged(const std::vector<Cell>& cells)
{
    if (cells.empty())
        return {};
    Cell result = cells.front();
    nlohmann::json attachments = result.attachments;
    for (std::size_t i = 1; i < cells.size(); ++i) {
        result.source += '\n' + cells[i].source;
        // Attachments referenced by merged markdown must survive; the first cell wins a name clash.
        if (cells[i].attachments.is_object()) {
            if (!attachments.is_object())
                attachments = nlohmann::json::object();
            for (const auto& [name, value] : cells[i].attachments.items())
                attachments.emplace(name, value);
        }
    }
    if (result.type != CellType::Code)
        result.attachments = attachments;
    // JupyterLab mergeCells: the merged code cell starts without outputs.
    result.outputs = nlohmann::json::array();
    result.executionCount.reset();
    return result;
}

std::pair<Cell, Cell> split(const Cell& cell, std::size_t byteOffset)
{
    byteOffset = std::min(byteOffset, cell.source.size());
    Cell top = cell;
    Cell bottom = cell;
    // JupyterLab splitCell trims the newlines at the cut so neither half starts or ends blank.
    std::string head = cell.source.substr(0, byteOffset);
    while (!head.empty() && head.back() == '\n')
        head.pop_back();
    std::string tail = cell.source.substr(byteOffset);
    tail.erase(0, std::min(tail.find_first_not_of('\n'), tail.size()));
    top.source = std::move(head);
    bottom.source = std::move(tail);
    // The outputs were produced by the cell's last lines, so they stay with the bottom half.
    top.outputs = nlohmann::json::array();
    top.executionCount.reset();
    bottom.id.clear();
    bottom.attachments = nullptr;
    return {std::move(top), std::move(bottom)};
}

bool outputsHidden(const Cell& cell)
{
    const nlohmann::json& meta = cell.metadata;
    if (!meta.is_object())
        return false;
    if (const auto it = meta.find("collapsed"); it != meta.end() && it->is_boolean() && it->get<bool>())
        return true;
    const auto jupyter = meta.find("jupyter");
    if (jupyter == meta.end() || !jupyter->is_object())
        return false;
    const auto hidden = jupyter->find("outputs_hidden");
    return hidden != jupyter->end() && hidden->is_boolean() && hidden->get<bool>();
}

Cell withOutputsHidden(Cell cell, bool hidden)
{
    if (!cell.metadata.is_object())
        cell.metadata = nlohmann::json::object();
    nlohmann::json& meta = cell.metadata;
    if (hidden) {
        // Both spellings: nbformat 4 documents `jupyter.outputs_hidden`, classic Notebook reads `collapsed`.
        meta["collapsed"] = true;
        if (!meta.contains("jupyter") || !meta["jupyter"].is_object())
            meta["jupyter"] = nlohmann::json::object();
        meta["jupyter"]["outputs_hidden"] = true;
        return cell;
    }
    meta.erase("collapsed");
    if (const auto jupyter = meta.find("jupyter"); jupyter != meta.end() && jupyter->is_object()) {
        jupyter->erase("outputs_hidden");
        if (jupyter->empty())
            meta.erase(jupyter);
    }
    return cell;
}

void assignIds(std::vector<Cell>& cells, const std::vector<Cell>& existing, bool keepWhenFree)
{
    std::unordered_set<std::string> taken;
    for (const Cell& other : existing)
        taken.insert(other.id);
    for (Cell& cell : cells) {
        if (!keepWhenFree || !Document::isValidCellId(cell.id) || taken.count(cell.id) != 0) {
            do {
                cell.id = Document::newCellId();
            } while (taken.count(cell.id) != 0);
        }
        taken.insert(cell.id);
    }
}

} // namespace Notebench::Editor::CellTransforms
