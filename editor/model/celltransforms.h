#pragma once

#include "document/notebook.h"

#include <cstddef>
#include <utility>
#include <vector>

/// Pure cell rewrites behind the notebook operations, kept apart from undo and signals so each
/// Jupyter rule lives in one small function.
namespace Notebench::Editor::CellTransforms {

/// The cell as another type, following JupyterLab's changeCellType (outputs and attachments dropped where the type has none).
Document::Cell withType(Document::Cell cell, Document::CellType type);
/// The cell as markdown whose source starts with `level` '#'s and a space (JupyterLab setMarkdownHeader).
Document::Cell withHeading(Document::Cell cell, int level);
/// One cell from several (JupyterLab mergeCells): the first cell's type, id and metadata, sources joined with "\n".
Document::Cell merged(const std::vector<Document::Cell>& cells);
/// The cell cut in two at a UTF-8 byte offset; the top keeps the id, the bottom has none yet.
std::pair<Document::Cell, Document::Cell> split(const Document::Cell& cell, std::size_t byteOffset);
/// True when metadata.jupyter.outputs_hidden or the classic metadata.collapsed says so.
bool outputsHidden(const Document::Cell& cell);
/// The cell with both output-hiding flags set, or both removed.
Document::Cell withOutputsHidden(Document::Cell cell, bool hidden);
/// Gives `cells` ids unique among `existing` and each other (JEP 62); with keepWhenFree an id still free is kept.
void assignIds(std::vector<Document::Cell>& cells, const std::vector<Document::Cell>& existing, bool keepWhenFree);

} // namespace Notebench::Editor::CellTransforms
