#pragma once

#include "notebook.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace Notebench::Document {

/// Why a file could not be read, and where: "cell 3 › outputs[0] › text", or "line 4, column 7" for JSON syntax.
/// Cells count from 1 as the user sees them; indices in brackets count from 0 as in the JSON.
struct ReadError {
    std::string file;
    std::string where;
    std::string message;
    /// "FILE: WHERE: MESSAGE" — one clear sentence.
    std::string toString() const;
};

/// Either a notebook (with notices about repairs and upgrades) or an error; never both.
struct ReadResult {
    std::optional<Notebook> notebook;
    std::vector<std::string> notices;
    std::optional<ReadError> error;
};

/// Reads nbformat 4.x (and upgrades 3) from the file's bytes. Never throws.
ReadResult readNotebook(std::string_view bytes, std::string_view fileName);
/// Reads a file from disk; fileName in messages is the path as given. Never throws.
ReadResult readNotebookFile(const std::filesystem::path& path);

} // namespace Notebench::Document
