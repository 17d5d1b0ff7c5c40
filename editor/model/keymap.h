#pragma once

#include "model/mode.h"

#include <QKeySequence>
#include <QList>
#include <QString>

namespace Notebench::Editor {

/// One shortcut: a single key or a two-key chord ("D,D") that runs a named command in one mode.
struct KeyBinding {
    QKeySequence keys;
    Mode mode = Mode::Command;
    QString command;
};

/// Jupyter's default notebook shortcuts (compiled in from resources/keymaps/jupyter.json),
/// optionally overridden or extended by the user's keymap.json. "Ctrl" is QKeySequence's
/// portable Ctrl, so it means Cmd on macOS.
class Keymap {
public:
    /// The defaults from the resource.
    Keymap();

    static QString defaultResourcePath();
    /// Applies a user file over the bindings: an entry replaces the one with the same keys and mode,
    /// or is added; an empty command removes it. A missing file is fine. On a bad file nothing changes
    /// and `error` gets a sentence for the user.
    bool loadUserFile(const QString& path, QString* error = nullptr);
    /// Parses keymap JSON (an array of {"keys", "mode", "command"}); `source` names it in errors.
    static bool parse(const QByteArray& json, const QString& source, QList<KeyBinding>* bindings, QString* error);
    /// "D,D" → a two-key sequence; empty when the text is not one or two keys.
    static QKeySequence parseKeys(const QString& text);
    /// Folds keys that Jupyter treats as one (keypad Enter is Return; the keypad flag is dropped).
    static QKeyCombination normalized(QKeyCombination key);

    /// The command bound to these keys in this mode, or "".
    QString command(const QKeySequence& keys, Mode mode) const;
    /// True when some chord in this mode starts with `key`.
    bool isChordPrefix(QKeyCombination key, Mode mode) const;
    const QList<KeyBinding>& bindings() const { return m_bindings; }

private:
    QList<KeyBinding> m_bindings;
};

} // namespace Notebench::Editor
