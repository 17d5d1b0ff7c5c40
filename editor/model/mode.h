#pragma once

namespace Notebench::Editor {

/// Jupyter's two notebook modes: Command acts on whole cells, Edit types into one cell's editor.
enum class Mode { Command, Edit };

} // namespace Notebench::Editor
