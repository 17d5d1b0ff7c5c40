#pragma once

#include "model/cellrunstate.h"

#include <QString>

#include <memory>
#include <optional>
#include <vector>

class QTextDocument;

namespace Notebench::Editor {

class OutputArea;

/// What the view keeps per cell besides the model's data: heights (estimated until measured),
/// run state, and rendered documents while the cell is near the viewport.
struct CellSlot {
    int inputHeight = 0;     ///< the editor's or rendered markdown's content height
    int previewHeight = 0;   ///< the live preview under a markdown cell's editor; 0 when none
    int outputHeight = 0;    ///< 0 when the cell shows no outputs
    int promptHeight = 0;    ///< an input() prompt below the outputs; 0 when none
    bool measured = false;   ///< false: heights are estimates from line counts
    CellRunState runState = CellRunState::Idle;
    QString timing;          ///< elapsed / duration text under the prompt
    std::shared_ptr<QTextDocument> markdown;   ///< rendered markdown (or the preview); null when not built
    bool markdownStale = false;   ///< the source changed since `markdown` was rendered
    std::shared_ptr<OutputArea> outputs;       ///< laid-out outputs; null when not built
    /// The outputs shown before the last change, painted while the new ones' images decode, so
    /// clear_output(wait=True) followed by a new plot never flashes an empty area.
    std::shared_ptr<OutputArea> previousOutputs;
    int outputContentHeight = 0;   ///< the outputs' full height; more than outputHeight when scrolled
    int outputScroll = 0;          ///< how far a scrolled output area is scrolled
    /// Shift+O's choice; unset: the cell's `scrolled` metadata decides, as in classic Notebook.
    std::optional<bool> outputScrolled;
};

/// Vertical layout of the whole notebook from cached heights: the top of every cell, and which
/// cell lies at a y. Tops are recomputed lazily (O(cells), only after a height changed), so an
/// edit costs nothing until the next paint and 5,000 cells take microseconds.
class CellLayout {
public:
    // Spacing of one cell: padding around it, around the input box, and above its preview or outputs.
    static constexpr int cellPadding = 4;
    static constexpr int inputPadding = 4;
    static constexpr int outputGap = 6;

    int count() const { return static_cast<int>(m_slots.size()); }
    CellSlot& slot(int index) { return m_slots[static_cast<std::size_t>(index)]; }
    const CellSlot& slot(int index) const { return m_slots[static_cast<std::size_t>(index)]; }

    /// The cell's total height from its slot.
    static int height(const CellSlot& slot);
    int top(int index) const;
    int totalHeight() const;
    /// The cell covering y (clamped to the first/last cell); -1 when there are no cells.
    int indexAt(int y) const;

    /// Sets the heights; returns true when the cell's height changed (the layout needs a repaint).
    bool setHeights(int index, int inputHeight, int previewHeight, int outputHeight, bool measured);
    /// Room for an input() prompt below the cell's outputs (0 removes it).
    void setPromptHeight(int index, int height);

    // Mirror the model's structural signals, so per-cell state follows its cell.
    void reset(int count);
    void insert(int first, int count);
    void remove(int first, int count);
    void move(int first, int count, int to);
    /// Where index `index` lands after the model's cellsMoved(first, count, to).
    static int movedIndex(int index, int first, int count, int to);

private:
    void update() const;

    std::vector<CellSlot> m_slots;
    mutable std::vector<int> m_tops;   // m_tops[i] = top of cell i; one extra entry holds the total
    mutable bool m_dirty = true;
};

} // namespace Notebench::Editor
