#include "notebook.h"

#include <algorithm>
#include <random>
#include <unordered_set>

namespace Notebench::Document {

bool Notebook::usesCellIds() const
{
    return nbformat == 4 && nbformatMinor >= 5;
}

Cell& Notebook::insertCell(std::size_t index, CellType type, std::string source)
{
    Cell cell;
    cell.type = type;
    cell.source = std::move(source);
    cell.cellTypeName = cellTypeToString(cell);
    if (usesCellIds()) {
        std::unordered_set<std::string> taken;
        for (const Cell& other : cells)
            taken.insert(other.id);
        do {
            cell.id = newCellId();
        } while (taken.count(cell.id) != 0);
    }
    index = std::min(index, cells.size());
    return *cells.insert(cells.begin() + static_cast<std::ptrdiff_t>(index), std::move(cell));
}

static std::string stringAt(const nlohmann::json& object, const char* key, const char* subKey)
{
    if (!object.is_object())
        return {};
    const auto outer = object.find(key);
    if (outer == object.end() || !outer->is_object())
        return {};
    const auto inner = outer->find(subKey);
    if (inner == outer->end() || !inner->is_string())
        return {};
    return inner->get<std::string>();
}

std::string Notebook::languageName() const
{
    if (std::string name = stringAt(metadata, "kernelspec", "language"); !name.empty())
        return name;
    if (std::string name = stringAt(metadata, "language_info", "name"); !name.empty())
        return name;
    return "python";
}

std::string Notebook::kernelName() const
{
    return stringAt(metadata, "kernelspec", "name");
}

std::string newCellId()
{
    // nbformat/corpus/words.py: uuid.uuid4().hex[:8], i.e. eight random lower-case hex digits.
    thread_local std::mt19937_64 engine{std::random_device{}()};
    static constexpr char hex[] = "0123456789abcdef";
    std::uint64_t bits = engine();
    std::string id(8, '0');
    for (char& c : id) {
        c = hex[bits & 0xF];
        bits >>= 4;
    }
    return id;
}

bool isValidCellId(std::string_view id)
{
    if (id.empty() || id.size() > 64)
        return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

std::string cellTypeToString(const Cell& cell)
{
    switch (cell.type) {
    case CellType::Code: return "code";
    case CellType::Markdown: return "markdown";
    case CellType::Raw: return "raw";
    case CellType::Unknown: break;
    }
    return cell.cellTypeName;
}

CellType cellTypeFromString(std::string_view name)
{
    if (name == "code")
        return CellType::Code;
    if (name == "markdown")
        return CellType::Markdown;
    if (name == "raw")
        return CellType::Raw;
    return CellType::Unknown;
}

} // namespace Notebench::Document
