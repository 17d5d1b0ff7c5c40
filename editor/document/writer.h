#pragma once

#include "notebook.h"

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace Notebench::Document {

/// Exactly the bytes nbformat.write produces: sorted keys, the notebook's indent, split_lines, transient keys
/// stripped, Python's escapes and float spellings, one trailing "\n".
std::string writeNotebook(const Notebook& notebook);
/// The same bytes handed to sink in chunks of about 1 MiB, so that a large notebook is never held twice.
void writeNotebook(const Notebook& notebook, const std::function<void(std::string_view)>& sink);

/// Atomic: temp file in the same dir, flush + fsync, rename over target; on error the target is untouched and
/// the temp file removed. Returns "" on success or a sentence naming the file and the problem.
std::string saveNotebookFile(const std::filesystem::path& path, const Notebook& notebook);

} // namespace Notebench::Document
