#pragma once

#include "view/theme.h"

#include <QFrame>

class QLabel;

namespace Notebench::Editor {

/// A small window beside the caret (the completion list, the Shift+Tab tooltip): a tool window
/// that never takes the focus, so typing stays in the editor, with a content widget over a
/// quiet footer line, placed below the caret line or above it, and kept on the screen.
class CaretWindow : public QFrame {
    Q_OBJECT
public:
    /// Takes `content` (re-parented here) as the window's main widget.
    CaretWindow(QWidget* content, QWidget* parent);

protected:
    QLabel* footer() const { return m_footer; }
    /// Shows the window at `belowCaret` (the caret line's bottom-left, global), or above the line
    /// (`lineHeight` tall) when `above` is asked or the screen has no room below.
    void showNear(QPoint belowCaret, int lineHeight, bool above = false);
    /// The theme's input colours as this window's palette (returned for the content to share).
    QPalette applyTheme(const Theme& theme);

private:
    QLabel* m_footer;
};

} // namespace Notebench::Editor
