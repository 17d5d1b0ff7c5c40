#include "math/mathsvg.h"

#include <QPainter>
#include <QRegularExpression>
#include <QSvgRenderer>

#include <cmath>

namespace Notebench::Math {

namespace {

constexpr double unitsPerEm = 1000.0;
// A formula larger than this (in pixels, either way) is drawn smaller rather than allocated.
constexpr double maxPixels = 16384.0;

} // namespace

std::optional<MathMetrics> MathSvg::metrics(const QByteArray& svg)
{
    // Only the root element's viewBox: nested <svg> elements (tags, labels) carry their own.
    const qsizetype root = svg.indexOf("<svg");
    const qsizetype rootEnd = root < 0 ? -1 : svg.indexOf('>', root);
    if (rootEnd < 0)
        return std::nullopt;
    static const QRegularExpression viewBox(QStringLiteral(R"re(viewBox\s*=\s*"([^"]*)")re"));
    const QRegularExpressionMatch match = viewBox.match(QString::fromUtf8(svg.mid(root, rootEnd - root)));
    if (!match.hasMatch())
        return std::nullopt;
    const QStringList numbers = match.captured(1).split(QRegularExpression(QStringLiteral("[\\s,]+")), Qt::SkipEmptyParts);
    if (numbers.size() != 4)
        return std::nullopt;
    double values[4];
    for (int i = 0; i < 4; ++i) {
        bool ok = false;
        values[i] = numbers[i].toDouble(&ok);
        if (!ok || !std::isfinite(values[i]))
            return std::nullopt;
    }
    if (values[2] <= 0 || values[3] <= 0)
        return std::nullopt;
    // viewBox = "minX minY width height"; minY is minus the height above the baseline.
    return MathMetrics{values[2] / unitsPerEm, -values[1] / unitsPerEm, (values[3] + values[1]) / unitsPerEm};
}

QImage MathSvg::render(const QByteArray& svg, const QColor& ink, double emPixels, qreal devicePixelRatio)
{
    const std::optional<MathMetrics> box = metrics(svg);
    if (!box || emPixels <= 0 || devicePixelRatio <= 0)
        return {};
    QByteArray coloured = svg;
    coloured.replace("currentColor", ink.name(QColor::HexRgb).toLatin1());
    QSvgRenderer renderer(coloured);
    if (!renderer.isValid())
        return {};
    double scale = emPixels * devicePixelRatio;
    scale = std::min(scale, maxPixels / std::max(box->width, box->height()));
    const QSize pixels(std::max(1, static_cast<int>(std::ceil(box->width * scale))),
                       std::max(1, static_cast<int>(std::ceil(box->height() * scale))));
    QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        renderer.render(&painter, QRectF(0, 0, box->width * scale, box->height() * scale));
    }
    image.setDevicePixelRatio(devicePixelRatio);
    return image;
}

} // namespace Notebench::Math
