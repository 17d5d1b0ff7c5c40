#pragma once

#include "document/notebook.h"
#include "view/celllayout.h"
#include "view/markdownrenderer.h"
#include "view/outputs/outputrenderer.h"

#include <QFont>

namespace Notebench::Editor {

class CellEditor;

/// The heights of a cell's input and outputs: estimated from line counts for cells never shown
/// (no parsing, no layout, so opening 5,000 cells costs almost nothing), or measured from the
/// live editor and the rendered documents, which it builds into the slot on first need.
class CellSizer {
public:
    struct Heights {
        int input = 0;
        int preview = 0;   ///< a markdown cell's live preview while it is edited
        int output = 0;
    };

    CellSizer(const QFont& textFont, const QFont& codeFont);

    Heights estimate(const Document::Cell& cell) const;
    /// `editor` is the cell's live editor or null; `width` the content width in pixels. A markdown
    /// cell with an editor keeps a stale preview as it is (the view re-renders it after a pause in
    /// typing); rendered without one, it is always brought up to date.
    Heights measure(const Document::Cell& cell, CellSlot& slot, const CellEditor* editor, int width);
    /// True when the cell shows outputs at all (code, not hidden, not empty).
    static bool showsOutputs(const Document::Cell& cell);
    /// True when the cell's outputs get a fixed height with their own scrolling (Shift+O, or the
    /// cell's `scrolled` metadata until Shift+O is pressed).
    static bool scrollsOutputs(const Document::Cell& cell, const CellSlot& slot);
    /// The height of a scrolled output area.
    int scrolledOutputHeight() const { return 24 * lineHeight(); }
    /// Where decoded images come from; null decodes nothing (images stay placeholders).
    void setImageCache(ImageCache* images) { m_images = images; }
    /// The notebook's folder, where markdown finds relative images; documents built after this use it.
    void setBaseDirectory(const QString& directory) { m_markdown.setBaseDirectory(directory); }
    /// Markdown math typeset by `math` (null: shown as TeX) for screens of `devicePixelRatio`;
    /// documents built after this use it. Returns true when something changed.
    bool setMath(Math::MathRenderer* math, qreal devicePixelRatio);

private:
    int lineHeight() const;
    OutputContext outputContext() const;

    QFont m_textFont;
    QFont m_codeFont;
    MarkdownRenderer m_markdown;
    ImageCache* m_images = nullptr;
    int m_width = 0;   // the last measured width, so estimates scale images as measuring will
    int m_measuredLineHeight = 0;   // from a real editor once one exists; font metrics until then
};

} // namespace Notebench::Editor
