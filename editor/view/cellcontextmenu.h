#pragma once

#include "model/cellrunstate.h"

#include <QString>

#include <functional>

class QMenu;

namespace Notebench::Editor {

/// Fills a cell's right-click menu as JupyterLab's: run (or cancel the queued run, or interrupt
/// the running one), clipboard, insert, merge, type and toggles, labelled from the command
/// catalog so the menu, the palette and the shortcut list name commands alike. `run` gets the
/// chosen command's id.
void fillCellContextMenu(QMenu& menu, CellRunState state, const std::function<void(const QString&)>& run);

} // namespace Notebench::Editor
