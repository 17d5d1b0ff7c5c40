#pragma once

#include <QByteArray>
#include <QColor>
#include <QImage>

#include <optional>

namespace Notebench::Math {

/// A typeset formula's box in ems of the surrounding font: MathJax draws 1 em as 1000 viewBox
/// units, with the baseline at y = 0.
struct MathMetrics {
    double width = 0;
    double ascent = 0;   ///< above the baseline
    double depth = 0;    ///< below the baseline
    double height() const { return ascent + depth; }
};

/// Reads and draws MathJax's SVG. QtSvg ignores the `ex` units of the root's width and height,
/// so the size comes from the viewBox; the ink is MathJax's currentColor, replaced by a colour.
class MathSvg {
public:
    /// The formula's box from the root element's viewBox; nullopt when there is none.
    static std::optional<MathMetrics> metrics(const QByteArray& svg);
    /// The formula drawn in `ink` with 1 em = `emPixels` logical pixels, at `devicePixelRatio`
    /// (the image carries it); a null image when the SVG does not parse.
    static QImage render(const QByteArray& svg, const QColor& ink, double emPixels, qreal devicePixelRatio);
};

} // namespace Notebench::Math
