#pragma once

#include "view/outputs/outputrenderer.h"

#include <nlohmann/json.hpp>

#include <QSizeF>

#include <string>

namespace Notebench::Editor {

/// A base64 PNG or JPEG output. Its height is known before it is decoded (from metadata or the
/// image header), so the notebook never jumps; the pixels come from the ImageCache's workers.
/// `metadata[mime].width/height` are its logical size, so a retina plot (twice the pixels) is
/// sharp at its intended size; an image wider than the cell is scaled down to fit.
class ImageOutput : public OutputRenderer {
public:
    /// `metadata` is the output's metadata (its `mime` entry or top-level width/height are read);
    /// `altText` is the bundle's text/plain, for copying.
    ImageOutput(std::string base64, const nlohmann::json& metadata, const std::string& mime, QString altText,
                const OutputContext& context);

    Kind kind() const override { return Kind::Image; }
    int height(int width) override;
    void paint(QPainter& painter, const QRect& rect) override;
    QString text() const override { return m_altText; }
    QImage image() const override;
    bool pending() const override;

    /// The width and height an output's metadata asks for (nbformat: `metadata[mime]`, older
    /// kernels: top-level), 0 where a side is not given or not a number.
    static QSizeF metadataSize(const nlohmann::json& metadata, const std::string& mime);
    /// The size the image is shown at in a block `width` wide (before decoding when the size is known).
    QSize shownSize(int width) const;
    /// The logical size: metadata first, the header's pixel size otherwise; invalid when unknown.
    QSizeF logicalSize() const;

private:
    std::string m_base64;
    quint64 m_key;
    QSizeF m_metadataSize;   // 0 where metadata gives no width / height
    QSize m_headerSize;
    QString m_altText;
    QFont m_font;
    Theme m_theme;
    ImageCache* m_cache;
};

} // namespace Notebench::Editor
