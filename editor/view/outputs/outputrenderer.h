#pragma once

#include "view/theme.h"

#include <QByteArray>
#include <QFont>
#include <QImage>
#include <QPoint>
#include <QRect>
#include <QString>

class QPainter;

namespace Notebench::Editor {

class ImageCache;
class MarkdownRenderer;

/// What every renderer is built with: fonts, colours, and the shared services behind images
/// and markdown. Pointers are borrowed from the view and outlive the renderers.
struct OutputContext {
    QFont textFont;
    QFont codeFont;
    Theme theme = Theme::light();
    const MarkdownRenderer* markdown = nullptr;
    ImageCache* images = nullptr;
};

/// One output block as the view paints it: sized for a width, painted into a rectangle, and
/// able to give its content back as text (copy, open in a viewer) and, for images, as pixels.
class OutputRenderer {
public:
    enum class Kind { Text, Image, Svg, Html, Markdown, Latex, Json };

    virtual ~OutputRenderer() = default;
    virtual Kind kind() const = 0;
    /// The height in pixels at `width`; lays out what it must (cached per width).
    virtual int height(int width) = 0;
    /// Paints into `rect` (its size is the last width and height); the painter clips.
    virtual void paint(QPainter& painter, const QRect& rect) = 0;
    /// The content as text, for the clipboard and the read-only viewer.
    virtual QString text() const = 0;
    /// The pixels of an image output at its full resolution; null for everything else.
    virtual QImage image() const { return {}; }
    /// The SVG source of an SVG output; empty for everything else.
    virtual QByteArray svg() const { return {}; }
    /// True while the content is still being prepared off the GUI thread (an image decoding).
    virtual bool pending() const { return false; }
    /// The link under `point` (block coordinates), "" when none.
    virtual QString anchorAt(QPoint point) const
    {
        Q_UNUSED(point);
        return {};
    }
    /// A click at `point`; true when it changed the block (a tree node opened), so its height may differ.
    virtual bool click(QPoint point)
    {
        Q_UNUSED(point);
        return false;
    }
};

} // namespace Notebench::Editor
