#pragma once

#include "completion/completions.h"
#include "view/caretwindow.h"

#include <QHash>
#include <QIcon>

#include <optional>

class QListWidget;

namespace Notebench::Editor {

/// The completion list beside the caret: an icon per kind, the match, its signature in grey on
/// the right, and a footer naming who answered ("kernel" or "static"). A tool window that never
/// takes the focus: the editor keeps the keyboard and forwards the list keys (EditorAssist).
/// Our own widget rather than QScintilla's list: that list has no second column for signatures,
/// no footer, and cannot swap its items for the kernel's late answer while it stays open.
class CompletionPopup : public CaretWindow {
    Q_OBJECT
public:
    explicit CompletionPopup(QWidget* parent = nullptr);

    /// Shows the items (already narrowed by who answered) with their top-left at `globalPos`,
    /// below the caret line, or above it near the screen's bottom.
    void showCompletions(const Completion::Completions& completions, QPoint globalPos);
    /// Keeps the items that start with `typed` (case-insensitive); false when none is left.
    bool filter(const QString& typed);
    void moveSelection(int delta);
    std::optional<Completion::CompletionItem> currentItem() const;
    Completion::Source source() const { return m_source; }
    int count() const;
    /// The visible item texts, in order (tests and the accessibility tree read them).
    QStringList itemTexts() const;
    QString footerText() const;
    void setTheme(const Theme& theme);

private:
    void fill();
    QIcon iconFor(const QString& kind);

    QListWidget* m_list;
    QList<Completion::CompletionItem> m_items;
    QList<Completion::CompletionItem> m_shown;
    Completion::Source m_source = Completion::Source::Kernel;
    QHash<QString, QIcon> m_icons;
    Theme m_theme = Theme::light();
};

} // namespace Notebench::Editor
