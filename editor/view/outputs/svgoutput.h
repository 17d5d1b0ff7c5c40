#pragma once

#include "view/outputs/outputrenderer.h"

#include <QImage>
#include <QSizeF>

#include <nlohmann/json.hpp>

#include <memory>

class QSvgRenderer;

namespace Notebench::Editor {

/// An image/svg+xml output drawn by QtSvg (no scripts, no external loads), at the size its
/// width/height or viewBox gives (metadata wins), scaled down to the cell's width.
class SvgOutput : public OutputRenderer {
public:
    SvgOutput(QByteArray source, const nlohmann::json& metadata, QString altText, const OutputContext& context);
    ~SvgOutput() override;

    Kind kind() const override { return Kind::Svg; }
    int height(int width) override;
    void paint(QPainter& painter, const QRect& rect) override;
    QString text() const override { return m_altText; }
    QImage image() const override;
    QByteArray svg() const override { return m_source; }

    bool isValid() const;
    QSize shownSize(int width) const;

private:
    QByteArray m_source;
    QString m_altText;
    QFont m_font;
    Theme m_theme;
    std::unique_ptr<QSvgRenderer> m_renderer;
    QSizeF m_size;
    QImage m_cached;   // drawn once per size; a frame only blits it
};

} // namespace Notebench::Editor
