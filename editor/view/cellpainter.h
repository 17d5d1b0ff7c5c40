#pragma once

#include "document/notebook.h"
#include "model/mode.h"
#include "view/celllayout.h"
#include "view/theme.h"

#include <QColor>
#include <QFont>
#include <QRect>

class QPainter;

namespace Notebench::Editor {

/// How one cell is shown right now.
struct CellPaintState {
    bool selected = false;
    bool cursor = false;
    Mode mode = Mode::Command;
    bool hasEditor = false;   ///< a live CellEditor covers the input area
};

/// Paints a cell the JupyterLab way from the model and the cell's slot: prompt column, the
/// selection bar, the input box (or rendered markdown), and the outputs below. It also owns the
/// geometry, so the view places editors exactly where the painter leaves room for them.
class CellPainter {
public:
    static constexpr int promptWidth = 80;
    static constexpr int barWidth = 4;
    static constexpr int rightMargin = 12;

    explicit CellPainter(const QFont& textFont, const QFont& codeFont);

    /// Where the editor or rendered markdown goes inside a cell occupying `cell`.
    static QRect inputRect(const QRect& cell, const CellSlot& slot);
    /// Where a markdown cell's live preview goes, under its editor (zero height when none).
    static QRect previewRect(const QRect& cell, const CellSlot& slot);
    static QRect outputRect(const QRect& cell, const CellSlot& slot);
    /// Width available to editors, markdown and outputs in a viewport `viewportWidth` wide.
    static int contentWidth(int viewportWidth);
    /// "[3]:", "[ ]:", or "[*]:" while queued or running; empty for cells without a prompt.
    static QString prompt(const Document::Cell& cell, CellRunState state);
    /// Colours of everything painted; editors take the input box's fill as their paper.
    void setTheme(const Theme& theme);
    const Theme& theme() const { return m_theme; }

    void paint(QPainter& painter, const QRect& cell, const Document::Cell& data, const CellSlot& slot,
               const CellPaintState& state) const;

private:
    void paintOutputs(QPainter& painter, const QRect& output, const CellSlot& slot) const;

    QFont m_textFont;
    QFont m_codeFont;
    QFont m_smallFont;
    Theme m_theme = Theme::light();
};

} // namespace Notebench::Editor
