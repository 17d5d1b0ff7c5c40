#pragma once

#include "model/keymap.h"
#include "model/mode.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace Notebench::Editor {

/// A command as people see it: the id the keymap uses, a label and the group it is listed under.
struct CommandInfo {
    QString command;
    QString label;
    QString group;
};

/// The human names of the commands, from one table compiled in (resources/keymaps/commands.json),
/// apart from the keymap because commands exist without keys (run-all) and a user's keymap.json
/// should only have to say which keys run what. The command palette, the shortcut help and the
/// menus read their labels here, in the table's order.
class CommandCatalog {
public:
    /// The table from the resource.
    CommandCatalog();

    static QString defaultResourcePath();
    /// Parses catalog JSON (an array of {"command", "label", "group"}); `source` names it in errors.
    static bool parse(const QByteArray& json, const QString& source, QList<CommandInfo>* commands, QString* error);

    const QList<CommandInfo>& commands() const { return m_commands; }
    bool contains(const QString& command) const;
    /// The label; a command the table lacks (one a user keymap invents) is spelled out from its id.
    QString label(const QString& command) const;
    /// The group, or "Other" for a command the table lacks.
    QString group(const QString& command) const;
    /// Every command in table order, then any the keymap binds that the table lacks.
    QList<CommandInfo> withKeymap(const Keymap& keymap) const;

    /// Keys as the platform writes them ("Ctrl+Shift+P", "D, D"), Return called Enter as Jupyter does.
    static QString keyText(const QKeySequence& keys);
    /// The keys bound to `command` in `mode`, each as keyText writes it.
    static QStringList keysFor(const Keymap& keymap, const QString& command, Mode mode);
    /// The keys in both modes, each once: what the palette shows beside a command.
    static QString keysText(const Keymap& keymap, const QString& command);

private:
    const CommandInfo* find(const QString& command) const;

    QList<CommandInfo> m_commands;
};

} // namespace Notebench::Editor
