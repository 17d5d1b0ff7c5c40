#pragma once

#include <QtGlobal>

namespace Notebench::Editor {

/// True while a process with this id exists (also when it belongs to another user). Ids <= 0 are never
/// running: kill(0, …) would address our own process group. A reused id reads as running, which only
/// hides a journal entry until that process ends — it never offers another process's live edits.
bool isProcessRunning(qint64 pid);

} // namespace Notebench::Editor
