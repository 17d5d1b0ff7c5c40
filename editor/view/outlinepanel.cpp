#include "view/outlinepanel.h"

#include "model/notebookmodel.h"
#include "view/notebookview.h"

#include <QHeaderView>

#include <algorithm>

namespace Notebench::Editor {

OutlinePanel::OutlinePanel(QWidget* parent)
    : QTreeWidget(parent)
{
    setHeaderHidden(true);
    setColumnCount(1);
    setUniformRowHeights(true);
    setExpandsOnDoubleClick(false);
    setTextElideMode(Qt::ElideRight);
    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(refreshDelayMs);
    connect(&m_refreshTimer, &QTimer::timeout, this, &OutlinePanel::refresh);
    connect(this, &QTreeWidget::itemClicked, this, &OutlinePanel::navigate);
    connect(this, &QTreeWidget::itemActivated, this, &OutlinePanel::navigate);
}

void OutlinePanel::setView(NotebookView* view)
{
    if (m_model)
        m_model->disconnect(this);
    m_view = view;
    m_model = view ? view->model() : nullptr;
    m_headings.clear();
    if (m_model) {
        connect(m_model, &NotebookModel::cellsInserted, this, [this](int first, int count) {
            m_headings.insert(m_headings.begin() + first, static_cast<std::size_t>(count), {});
            rescan(first, count);
        });
        connect(m_model, &NotebookModel::cellsRemoved, this, [this](int first, int count) {
            m_headings.erase(m_headings.begin() + first, m_headings.begin() + first + count);
            scheduleRefresh();
        });
        connect(m_model, &NotebookModel::cellsMoved, this, [this](int first, int count, int to) {
            // The same rotation NotebookModel::moveCells applies to its cells.
            const auto begin = m_headings.begin();
            if (to < first)
                std::rotate(begin + to, begin + first, begin + first + count);
            else
                std::rotate(begin + first, begin + first + count, begin + to + count);
            scheduleRefresh();
        });
        connect(m_model, &NotebookModel::cellsChanged, this, &OutlinePanel::rescan);
        connect(m_model, &NotebookModel::selectionChanged, this, &OutlinePanel::highlightCursor);
        m_headings.resize(static_cast<std::size_t>(m_model->cellCount()));
        rescan(0, m_model->cellCount());
    }
    refresh();   // a tab switch shows the new outline at once
}

NotebookView* OutlinePanel::view() const
{
    return m_view;
}

void OutlinePanel::rescan(int first, int count)
{
    for (int i = first; i < first + count; ++i) {
        const Document::Cell& cell = m_model->cell(i);
        m_headings[static_cast<std::size_t>(i)] = cell.type == Document::CellType::Markdown
                                                      ? MarkdownHeadings::scan(QString::fromStdString(cell.source))
                                                      : std::vector<MarkdownHeading>{};
    }
    scheduleRefresh();
}

void OutlinePanel::scheduleRefresh()
{
    m_refreshTimer.start();
}

void OutlinePanel::refresh()
{
    m_refreshTimer.stop();
    std::vector<Entry> entries;
    if (m_model) {
        for (std::size_t cell = 0; cell < m_headings.size(); ++cell)
            for (const MarkdownHeading& heading : m_headings[cell])
                if (!heading.text.isEmpty())
                    entries.push_back({static_cast<int>(cell), heading.level, heading.text});
    }
    const auto sameShape = [](const Entry& a, const Entry& b) { return a.level == b.level && a.text == b.text; };
    const bool reshaped = !std::equal(entries.begin(), entries.end(), m_entries.begin(), m_entries.end(), sameShape);
    m_entries = std::move(entries);
    if (reshaped) {
        rebuildTree();   // typing outside a heading changes nothing here, and keeps what the user folded
    } else {
        for (std::size_t i = 0; i < m_entries.size(); ++i)
            m_items[i]->setData(0, CellRole, m_entries[i].cell);   // cells inserted or removed above
    }
    highlightCursor();
}

void OutlinePanel::rebuildTree()
{
    clear();
    m_items.clear();
    // Each heading nests under the nearest heading above it with a smaller level.
    std::vector<std::pair<int, QTreeWidgetItem*>> open;
    for (const Entry& entry : m_entries) {
        while (!open.empty() && open.back().first >= entry.level)
            open.pop_back();
        auto* item = open.empty() ? new QTreeWidgetItem(this) : new QTreeWidgetItem(open.back().second);
        item->setText(0, entry.text);
        item->setToolTip(0, entry.text);
        item->setData(0, CellRole, entry.cell);
        open.emplace_back(entry.level, item);
        m_items.push_back(item);
    }
    expandAll();
}

void OutlinePanel::highlightCursor()
{
    if (!m_model || m_entries.empty()) {
        setCurrentItem(nullptr);
        return;
    }
    // The section holding the cursor: the last heading in or above the cursor cell.
    const int cursor = m_model->cursor();
    const auto after = std::upper_bound(m_entries.begin(), m_entries.end(), cursor,
                                        [](int cell, const Entry& entry) { return cell < entry.cell; });
    if (after == m_entries.begin()) {
        setCurrentItem(nullptr);
        return;
    }
    QTreeWidgetItem* item = m_items[static_cast<std::size_t>(after - m_entries.begin() - 1)];
    setCurrentItem(item);
    scrollToItem(item);
}

void OutlinePanel::navigate(QTreeWidgetItem* item)
{
    if (!item || !m_model || !m_view)
        return;
    const int cell = item->data(0, CellRole).toInt();
    if (cell < 0 || cell >= m_model->cellCount())
        return;
    m_model->setMode(Mode::Command);
    m_model->setCursor(cell);
    setCurrentItem(item);   // a cell with several headings: the one clicked, not the section's last
    m_view->scrollToCell(cell);
    m_view->setFocus(Qt::OtherFocusReason);
}

} // namespace Notebench::Editor
