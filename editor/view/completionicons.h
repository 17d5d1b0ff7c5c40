#pragma once

#include <QIcon>
#include <QString>

namespace Notebench::Editor {

/// Small icons for completion kinds, drawn with QPainter (no image files): a rounded square in
/// the kind's colour with a letter — f function, C class, M module, K keyword, o instance,
/// v statement, p param, P property, / path, " dict key, % magic, · unknown.
class CompletionIcons {
public:
    /// A new icon each call: callers keep the ones they use (QPixmaps must not outlive the app).
    static QIcon icon(const QString& kind, bool dark);
    /// The letter drawn for a kind (IPython's and jedi's names; unknown kinds get "·").
    static QString letter(const QString& kind);
};

} // namespace Notebench::Editor
