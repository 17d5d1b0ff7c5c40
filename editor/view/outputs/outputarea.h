#pragma once

#include "view/outputs/outputrenderer.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <vector>

namespace Notebench::Editor {

/// A code cell's outputs as the view shows them: one block per output (consecutive streams
/// coalesced, as Jupyter shows them), each drawn by the renderer its MIME ranking picks, with a
/// small note above it naming what was not shown (JavaScript, PDF, widget views).
class OutputArea {
public:
    static constexpr int blockGap = 4;

    struct Block {
        std::unique_ptr<OutputRenderer> renderer;
        QString note;      ///< "" when nothing was skipped
        int top = 0;       ///< from the area's top, at the last measured width
        int height = 0;    ///< note and renderer together
    };

    /// The blocks for nbformat `outputs`; null when there is nothing to show.
    static std::shared_ptr<OutputArea> build(const nlohmann::json& outputs, const OutputContext& context);
    /// The renderer for one output, or null for outputs that show nothing (unknown types).
    static std::unique_ptr<OutputRenderer> rendererFor(const nlohmann::json& output, const OutputContext& context, QString* note);
    /// A height for outputs never built: line counts for text, metadata or the PNG header for
    /// images (scaled to `width` when it is known), nothing decoded or laid out.
    static int estimate(const nlohmann::json& outputs, int lineHeight, int width);

    /// Starts decoding the PNG / JPEG outputs among `outputs` (as ranked) before they are built,
    /// so cells about to scroll into view have their pixels ready.
    static void prefetchImages(const nlohmann::json& outputs, ImageCache& images);

    /// Lays out every block at `width` and returns the total height.
    int height(int width);
    /// Paints the blocks that meet the painter's clip into `rect` (the area at its last width).
    void paint(QPainter& painter, const QRect& rect) const;
    /// The block at `point` (area coordinates), -1 when none; `local` gets the point inside its renderer.
    int blockAt(QPoint point, QPoint* local = nullptr) const;
    int count() const { return static_cast<int>(m_blocks.size()); }
    const Block& block(int index) const { return m_blocks[static_cast<std::size_t>(index)]; }
    OutputRenderer* renderer(int index) const { return m_blocks[static_cast<std::size_t>(index)].renderer.get(); }
    /// True while an image is still decoding.
    bool pending() const;
    /// True when a block's math was still being typeset as it was laid out: build the area again
    /// after MathRenderer::formulaReady to show the pictures.
    bool waitsForMath() const;
    /// Every block's text, for copying the whole output.
    QString text() const;

private:
    int noteHeight() const;

    std::vector<Block> m_blocks;
    QFont m_noteFont;
    Theme m_theme;
};

} // namespace Notebench::Editor
