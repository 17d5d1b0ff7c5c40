#pragma once

#include "completion/completions.h"
#include "view/caretwindow.h"

class QTextBrowser;

namespace Notebench::Editor {

/// Jupyter's Shift+Tab tooltip: the kernel's inspect text (signature and docstring, ANSI
/// coloured) in a small window at the caret; expanded() shows the detail_level 1 text in a
/// bigger one. Also the one-line signature help shown while typing a call's arguments.
/// A tool window that never takes the focus; Esc in the editor closes it.
class InspectTooltip : public CaretWindow {
    Q_OBJECT
public:
    enum class Size { Compact, Expanded, Signature };

    explicit InspectTooltip(QWidget* parent = nullptr);

    /// Shows `documentation` below the caret line whose bottom-left is `globalPos`.
    void showDocumentation(const Completion::Documentation& documentation, QPoint globalPos, Size size);
    Size size() const { return m_size; }
    /// The text shown, without ANSI escapes (tests read it).
    QString plainText() const;
    void setTheme(const Theme& theme);

    /// The signature lines of an inspect text ("Signature:", "Init signature:", "Call signature:"
    /// blocks, escapes removed); empty when it has none.
    static QString signatureOf(const QString& inspectText);

private:
    QTextBrowser* m_text;
    Size m_size = Size::Compact;
    Theme m_theme = Theme::light();
};

} // namespace Notebench::Editor
