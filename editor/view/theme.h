#pragma once

#include <QColor>
#include <QPalette>

namespace Notebench::Editor {

/// The notebook's colours, for cells, editors and outputs alike; light and dark follow
/// JupyterLab's themes. The window picks one (system, light or dark) and hands it to every view.
struct Theme {
    bool isDark = false;
    // Cells
    QColor background;           ///< the notebook page
    QColor text;
    QColor commandBar;           ///< selection bar in command mode
    QColor editBar;              ///< selection bar in edit mode
    QColor selectedBackground;   ///< cells in a multi-cell selection
    QColor inputBackground;
    QColor inputBorder;
    QColor editBorder;
    QColor prompt;
    QColor timing;
    QColor running;
    QColor previewRule;
    QColor stderrBackground;
    // Markdown
    QColor codeBackground;       ///< inline code and code blocks
    QColor quote;
    QColor tableBorder;
    QColor math;                 ///< TeX shown as text until it is typeset
    // Code
    QColor codeText;
    QColor keyword;
    QColor string;
    QColor comment;
    QColor number;
    QColor definition;           ///< names of functions and classes being defined
    QColor decorator;
    QColor operatorColor;
    QColor lineNumber;
    QColor selection;
    QColor caret;

    static Theme light();
    static Theme dark();
    /// Light or dark, whichever suits the palette's window colour (the system's choice).
    static Theme forPalette(const QPalette& palette);
    /// forPalette() of the application's palette: documents rendered off the view (outputs,
    /// markdown) take their colours from here, so they follow the theme the window set.
    static Theme current();
    /// An application palette in these colours, for widgets around the notebook.
    QPalette palette() const;
};

} // namespace Notebench::Editor
