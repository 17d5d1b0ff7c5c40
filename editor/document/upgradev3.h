#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace Notebench::Document::Detail {

/// Rewrites a parsed nbformat 3 document in place into nbformat 4.5 JSON, following nbformat's
/// v4/convert.py upgrade(): worksheets flattened, input→source, prompt_number→execution_count, heading cells to
/// markdown, pyout/pyerr renamed, short mime keys expanded, stream→name, fresh cell ids.
/// Throws FormatError (cellreader.h) for shapes it cannot convert.
void upgradeFromV3(nlohmann::json& root, std::vector<std::string>& notices);

} // namespace Notebench::Document::Detail
