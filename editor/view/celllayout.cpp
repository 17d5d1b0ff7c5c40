#include "view/celllayout.h"

#include <algorithm>

namespace Notebench::Editor {

int CellLayout::height(const CellSlot& slot)
{
    const int preview = slot.previewHeight > 0 ? outputGap + slot.previewHeight : 0;
    const int outputs = slot.outputHeight > 0 ? outputGap + slot.outputHeight : 0;
    const int prompt = slot.promptHeight > 0 ? outputGap + slot.promptHeight : 0;
    return 2 * cellPadding + 2 * inputPadding + slot.inputHeight + preview + outputs + prompt;
}

void CellLayout::update() const
{
    if (!m_dirty)
        return;
    m_tops.resize(m_slots.size() + 1);
    int y = 0;
    for (std::size_t i = 0; i < m_slots.size(); ++i) {
        m_tops[i] = y;
        y += height(m_slots[i]);
    }
    m_tops.back() = y;
    m_dirty = false;
}

int CellLayout::top(int index) const
{
    update();
    return m_tops[static_cast<std::size_t>(std::clamp(index, 0, count()))];
}

int CellLayout::totalHeight() const
{
    update();
    return m_tops.back();
}

int CellLayout::indexAt(int y) const
{
    if (m_slots.empty())
        return -1;
    update();
    // The last top not greater than y; the extra total entry is excluded so y past the end is the last cell.
    const auto end = m_tops.end() - 1;
    const auto it = std::upper_bound(m_tops.begin(), end, y);
    return std::max(0, static_cast<int>(it - m_tops.begin()) - 1);
}

bool CellLayout::setHeights(int index, int inputHeight, int previewHeight, int outputHeight, bool measured)
{
    CellSlot& s = slot(index);
    s.measured = measured;
    if (s.inputHeight == inputHeight && s.previewHeight == previewHeight && s.outputHeight == outputHeight)
        return false;
    s.inputHeight = inputHeight;
    s.previewHeight = previewHeight;
    s.outputHeight = outputHeight;
    m_dirty = true;
    return true;
}

void CellLayout::setPromptHeight(int index, int height)
{
    CellSlot& s = slot(index);
    if (s.promptHeight == height)
        return;
    s.promptHeight = height;
    m_dirty = true;
}

void CellLayout::reset(int count)
{
    m_slots.assign(static_cast<std::size_t>(count), CellSlot{});
    m_dirty = true;
}

void CellLayout::insert(int first, int count)
{
    m_slots.insert(m_slots.begin() + first, static_cast<std::size_t>(count), CellSlot{});
    m_dirty = true;
}

void CellLayout::remove(int first, int count)
{
    m_slots.erase(m_slots.begin() + first, m_slots.begin() + first + count);
    m_dirty = true;
}

void CellLayout::move(int first, int count, int to)
{
    const auto begin = m_slots.begin();
    // The same rotation NotebookModel::moveCells applies to its cells.
    if (to < first)
        std::rotate(begin + to, begin + first, begin + first + count);
    else
        std::rotate(begin + first, begin + first + count, begin + to + count);
    m_dirty = true;
}

int CellLayout::movedIndex(int index, int first, int count, int to)
{
    if (index >= first && index < first + count)
        return to + (index - first);
    if (to < first && index >= to && index < first)
        return index + count;
    if (to > first && index >= first + count && index < to + count)
        return index - count;
    return index;
}

} // namespace Notebench::Editor
