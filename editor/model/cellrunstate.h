#pragma once

#include <QMetaType>

namespace Notebench::Editor {

/// Where a code cell is in the kernel's queue; the prompt shows "[*]:" while it is not Idle.
enum class CellRunState { Idle, Queued, Running };

} // namespace Notebench::Editor

Q_DECLARE_METATYPE(Notebench::Editor::CellRunState)
