#include "view/cellcontextmenu.h"

#include "model/commandcatalog.h"

#include <QMenu>

#include <array>

namespace Notebench::Editor {

void fillCellContextMenu(QMenu& menu, CellRunState state, const std::function<void(const QString&)>& run)
{
    static const CommandCatalog catalog;   // read-only after construction
    const auto add = [&](const QString& command) {
        menu.addAction(catalog.label(command), [run, command] { run(command); });
    };
    add(state == CellRunState::Queued    ? QStringLiteral("cancel-queued-cells")
        : state == CellRunState::Running ? QStringLiteral("interrupt-kernel")
                                         : QStringLiteral("run-cell"));
    // Groups between separators; "" marks a separator.
    static const std::array<const char*, 16> rest = {
        "", "cut-cells", "copy-cells", "paste-cells-below", "delete-cells",
        "", "insert-cell-above", "insert-cell-below", "merge-cells",
        "", "change-to-code", "change-to-markdown", "change-to-raw",
        "", "toggle-outputs", "toggle-line-numbers"};
    for (const char* command : rest) {
        if (*command == '\0')
            menu.addSeparator();
        else
            add(QString::fromLatin1(command));
    }
}

} // namespace Notebench::Editor
