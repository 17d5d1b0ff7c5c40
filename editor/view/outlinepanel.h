#pragma once

#include "view/markdownheadings.h"

#include <QPointer>
#include <QTimer>
#include <QTreeWidget>

#include <vector>

namespace Notebench::Editor {

class NotebookModel;
class NotebookView;

/// The notebook's table of contents, as JupyterLab's sidebar shows it: the headings of every
/// markdown cell as a tree by level. Headings are kept per cell and rescanned only for cells the
/// model reports changed; the tree is rebuilt after a short pause, and only when what it shows
/// changed. Clicking a heading selects its cell and scrolls it to the top; the heading whose
/// section holds the cursor cell is highlighted.
class OutlinePanel : public QTreeWidget {
    Q_OBJECT
public:
    /// The pause after a change before the tree is rebuilt.
    static constexpr int refreshDelayMs = 150;
    /// Item data role holding the heading's cell index.
    static constexpr int CellRole = Qt::UserRole + 1;

    explicit OutlinePanel(QWidget* parent = nullptr);

    /// Follows `view` and its model; null shows an empty outline. The view may be deleted first.
    void setView(NotebookView* view);
    NotebookView* view() const;

private:
    struct Entry {
        int cell;
        int level;
        QString text;
        bool operator==(const Entry&) const = default;
    };

    void rescan(int first, int count);
    void scheduleRefresh();
    void refresh();
    void rebuildTree();
    void highlightCursor();
    void navigate(QTreeWidgetItem* item);

    QPointer<NotebookView> m_view;
    QPointer<NotebookModel> m_model;
    std::vector<std::vector<MarkdownHeading>> m_headings;   // parallel to the model's cells
    std::vector<Entry> m_entries;                           // what the tree shows, in order
    std::vector<QTreeWidgetItem*> m_items;                  // parallel to m_entries
    QTimer m_refreshTimer;
};

} // namespace Notebench::Editor
