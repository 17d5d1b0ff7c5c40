#pragma once

#include "view/ansitext.h"

#include <QColor>
#include <QTextCharFormat>

class QTextCursor;

namespace Notebench::Editor {

/// The thin Qt side of AnsiText: colours and character formats for parsed runs.
class AnsiFormat {
public:
    /// The colour for an indexed or RGB AnsiColor (JupyterLab's palette for 0–15, the xterm
    /// cube and grey ramp for 16–255); invalid for the default colour.
    static QColor color(const AnsiColor& color);
    /// A format carrying the style over `base`; inverse swaps the colours, using `base`'s own
    /// colours where the style has none.
    static QTextCharFormat format(const AnsiStyle& style, const QTextCharFormat& base);
    /// Inserts ANSI-coloured text at the cursor.
    static void insert(QTextCursor& cursor, QStringView text, const QTextCharFormat& base);
};

} // namespace Notebench::Editor
