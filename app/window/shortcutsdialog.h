#pragma once

#include <QDialog>

class QLineEdit;
class QTreeWidget;

namespace Notebench::Editor {
class CommandCatalog;
class Keymap;
} // namespace Notebench::Editor

namespace Notebench::App {

/// Help → Keyboard Shortcuts (H in command mode): every binding of the keymap in use, under
/// "Command mode" and "Edit mode" and then by group, filtered as you type; with the path of the
/// user's keymap.json and what an entry in it looks like, so changing a shortcut is one edit away.
class ShortcutsDialog : public QDialog
{
    Q_OBJECT
public:
    /// `keymapError` is the sentence the user's file earned when it could not be used, or "".
    ShortcutsDialog(const Editor::Keymap &keymap, const Editor::CommandCatalog &catalog, const QString &userKeymapPath,
                    const QString &keymapError, QWidget *parent = nullptr);

    QLineEdit *filterField() const { return m_filter; }
    /// The rows shown now, as "Command mode | Cells | D, D | Delete Selected Cells | delete-cells".
    QStringList shownRows() const;

private:
    void fill(const Editor::Keymap &keymap, const Editor::CommandCatalog &catalog);
    void refilter();

    QLineEdit *m_filter;
    QTreeWidget *m_tree;
};

} // namespace Notebench::App
