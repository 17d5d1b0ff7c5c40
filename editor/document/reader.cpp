#include "reader.h"

#include "cellreader.h"
#include "jsonparser.h"
#include "memory.h"
#include "upgradev3.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <unordered_set>

namespace Notebench::Document {

using Detail::FormatError;

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

std::string lineAndColumn(std::string_view text, std::size_t offset)
{
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++line;
            column = 1;
        } else if ((c & 0xC0) != 0x80) { // count characters, not UTF-8 continuation bytes
            ++column;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// nbformat always writes indent 1; Colab writes 2. Any other layout is normalised to nbformat's.
int detectIndent(std::string_view text)
{
    const std::size_t brace = text.find('{');
    if (brace == std::string_view::npos || brace + 1 >= text.size() || text[brace + 1] != '\n')
        return 1;
    std::size_t spaces = 0;
    while (brace + 2 + spaces < text.size() && text[brace + 2 + spaces] == ' ')
        ++spaces;
    return spaces == 2 ? 2 : 1;
}

int readVersionNumber(const nlohmann::json& root, const char* key)
{
    const auto it = root.find(key);
    if (it == root.end())
        throw FormatError{"", std::string("the required key \"") + key + "\" is missing; this is not a Jupyter notebook"};
    if (!it->is_number_integer() || it->get<long long>() < 0 || it->get<long long>() > 1000000)
        Detail::throwWrongType(key, "a small whole number", *it);
    return it->get<int>();
}

void checkMajorVersion(int major)
{
    if (major == 1 || major == 2)
        throw FormatError{"nbformat", "this is an nbformat " + std::to_string(major)
                                          + " notebook, which is too old to open; convert it with "
                                            "`jupyter nbconvert --to notebook` first"};
    if (major != 3 && major != 4)
        throw FormatError{"nbformat", "nbformat " + std::to_string(major)
                                          + " is not supported (Notebench reads nbformat 3 and 4)"};
}

// nbformat validator._normalize for 4.5+: every cell needs a valid, unique id.
void repairCellIds(std::vector<Cell>& cells, std::vector<std::string>& notices)
{
    std::unordered_set<std::string> seen;
    for (const Cell& cell : cells)
        seen.insert(cell.id);
    std::unordered_set<std::string> used;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        Cell& cell = cells[i];
        std::string problem;
        if (cell.id.empty())
            problem = "had no id";
        else if (!isValidCellId(cell.id))
            problem = "had the invalid id \"" + cell.id + "\"";
        else if (used.count(cell.id) != 0)
            problem = "repeated the id \"" + cell.id + "\"";
        if (!problem.empty()) {
            std::string fresh;
            do {
                fresh = newCellId();
            } while (seen.count(fresh) != 0);
            seen.insert(fresh);
            notices.push_back("cell " + std::to_string(i + 1) + " " + problem + "; it now has the id \"" + fresh
                              + "\".");
            cell.id = std::move(fresh);
        }
        used.insert(cell.id);
    }
}

Notebook buildNotebook(nlohmann::json& root, std::string_view text, std::vector<std::string>& notices)
{
    if (!root.is_object())
        Detail::throwWrongType("", "a JSON object (a notebook)", root);
    const int major = readVersionNumber(root, "nbformat");
    checkMajorVersion(major);
    if (major == 3)
        Detail::upgradeFromV3(root, notices);

    Notebook notebook;
    notebook.nbformat = 4;
    notebook.nbformatMinor = readVersionNumber(root, "nbformat_minor");
    if (notebook.nbformatMinor > 5)
        notices.push_back("Written by a newer nbformat (4." + std::to_string(notebook.nbformatMinor)
                          + "); it is read as 4.5 and saved with its own version.");
    notebook.indent = detectIndent(text);

    auto metadata = root.find("metadata");
    if (metadata == root.end())
        throw FormatError{"", "the required key \"metadata\" is missing"};
    if (!metadata->is_object())
        Detail::throwWrongType("metadata", "an object", *metadata);
    // nbformat strip_transient: never kept in memory nor written.
    for (const char* transient : {"orig_nbformat", "orig_nbformat_minor", "signature"})
        metadata->erase(transient);
    notebook.metadata = std::move(*metadata);

    auto cells = root.find("cells");
    if (cells == root.end())
        throw FormatError{"", "the required key \"cells\" is missing"};
    if (!cells->is_array())
        Detail::throwWrongType("cells", "a list of cells", *cells);
    const bool usesIds = notebook.usesCellIds();
    notebook.cells.reserve(cells->size());
    for (std::size_t i = 0; i < cells->size(); ++i)
        notebook.cells.push_back(Detail::readCell((*cells)[i], "cell " + std::to_string(i + 1), usesIds, notices));
    if (usesIds)
        repairCellIds(notebook.cells, notices);

    for (auto& [key, value] : root.get_ref<nlohmann::json::object_t&>()) {
        if (key != "nbformat" && key != "nbformat_minor" && key != "metadata" && key != "cells")
            notebook.extra[key] = std::move(value);
    }
    return notebook;
}

std::string pathText(const std::filesystem::path& path)
{
    const std::u8string text = path.u8string();
    return std::string(text.begin(), text.end());
}

} // namespace

std::string ReadError::toString() const
{
    std::string text = file;
    if (!where.empty())
        text += (text.empty() ? "" : ": ") + where;
    text += (text.empty() ? "" : ": ") + message;
    if (!text.empty() && text.back() != '.')
        text += '.';
    return text;
}

ReadResult readNotebook(std::string_view bytes, std::string_view fileName)
{
    ReadResult result;
    const auto failWith = [&](std::string where, std::string message) {
        result.notebook.reset();
        result.error = ReadError{std::string(fileName), std::move(where), std::move(message)};
    };
    try {
        std::string_view text = bytes;
        if (text.substr(0, kUtf8Bom.size()) == kUtf8Bom) {
            text.remove_prefix(kUtf8Bom.size());
            result.notices.push_back("The file starts with a UTF-8 byte order mark; it is dropped on save.");
        }
        if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
            failWith("", "the file is empty");
            return result;
        }
        nlohmann::json root;
        JsonParseError parseError;
        if (!parsePythonJson(text, root, parseError)) {
            failWith(lineAndColumn(text, parseError.offset), "not valid JSON: " + parseError.message);
            return result;
        }
        result.notebook = buildNotebook(root, text, result.notices);
    } catch (const FormatError& error) {
        failWith(error.where, error.message);
    } catch (const std::bad_alloc&) {
        failWith("", "not enough memory to read the notebook");
    } catch (const std::exception& error) {
        failWith("", std::string("unexpected problem while reading: ") + error.what());
    }
    return result;
}

ReadResult readNotebookFile(const std::filesystem::path& path)
{
    const std::string name = pathText(path);
    std::string bytes;
    try {
        std::ifstream file(path, std::ios::binary);
        if (!file) {
            ReadResult result;
            result.error = ReadError{name, "", std::string("cannot open the file (") + std::strerror(errno) + ")"};
            return result;
        }
        file.seekg(0, std::ios::end);
        const std::streamoff size = file.tellg();
        file.seekg(0, std::ios::beg);
        if (size > 0) {
            bytes.reserve(static_cast<std::size_t>(size));
            Detail::prefaultForWrite(bytes.data(), static_cast<std::size_t>(size));
            bytes.resize(static_cast<std::size_t>(size));
            file.read(bytes.data(), size);
        }
        if (size < 0 || file.gcount() != size) {
            ReadResult result;
            result.error = ReadError{name, "", "reading the file failed"};
            return result;
        }
    } catch (const std::exception& error) {
        ReadResult result;
        result.error = ReadError{name, "", std::string("cannot read the file: ") + error.what()};
        return result;
    }
    return readNotebook(bytes, name);
}

} // namespace Notebench::Document
