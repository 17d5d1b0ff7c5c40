#include "app/window/commandpalette.h"

#include "model/commandcatalog.h"
#include "model/fuzzymatch.h"
#include "model/keymap.h"

#include <QApplication>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLineEdit>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <optional>

namespace Notebench::App {

namespace {
constexpr int paletteWidth = 600;   // about VS Code's
constexpr int visibleRows = 14;
constexpr int pageRows = 10;
} // namespace

QList<CommandPalette::Entry> CommandPalette::entries(const Editor::CommandCatalog &catalog, const Editor::Keymap &keymap)
{
    QList<Entry> result;
    for (const Editor::CommandInfo &info : catalog.withKeymap(keymap))
        result << Entry{info.command, info.label, Editor::CommandCatalog::keysText(keymap, info.command)};
    return result;
}

CommandPalette::CommandPalette(QList<Entry> entries, QWidget *parent)
    : QFrame(parent, Qt::Popup)
    , m_entries(std::move(entries))
    , m_filter(new QLineEdit(this))
    , m_list(new QTreeWidget(this))
{
    setFrameStyle(QFrame::StyledPanel | QFrame::Raised);
    m_filter->setPlaceholderText(tr("Type the name of a command"));
    m_list->setColumnCount(2);
    m_list->setHeaderHidden(true);
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    // The keyboard stays in the filter; Up and Down there move the selection.
    m_list->setFocusPolicy(Qt::NoFocus);
    m_list->header()->setStretchLastSection(false);
    m_list->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_list->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    layout->addWidget(m_filter);
    layout->addWidget(m_list);

    m_filter->installEventFilter(this);
    connect(m_filter, &QLineEdit::textChanged, this, &CommandPalette::refilter);
    connect(m_list, &QTreeWidget::itemClicked, this, &CommandPalette::choose);
    refilter();
}

void CommandPalette::popup(QWidget *window)
{
    const int width = std::min(paletteWidth, window->width() - 40);
    m_filter->clear();
    resize(width, height());
    fitToRows();
    move(window->mapToGlobal(QPoint((window->width() - width) / 2, 4)));
    m_returnFocus = QApplication::focusWidget();
    show();
    m_filter->setFocus(Qt::PopupFocusReason);
}

QStringList CommandPalette::shownCommands() const
{
    QStringList commands;
    for (int i = 0; i < m_list->topLevelItemCount(); ++i)
        commands << m_list->topLevelItem(i)->data(0, Qt::UserRole).toString();
    return commands;
}

void CommandPalette::refilter()
{
    const QString filter = m_filter->text().trimmed();
    struct Ranked {
        int score;
        qsizetype index;
    };
    QList<Ranked> ranked;
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        // The id counts too, for those who know it from keymap.json ("restart-kernel").
        std::optional<int> score = Editor::FuzzyMatch::score(filter, m_entries[i].label);
        if (!score)
            score = Editor::FuzzyMatch::score(filter, m_entries[i].command);
        if (score)
            ranked << Ranked{*score, i};
    }
    // Stable: equal scores keep the table's order, which groups related commands.
    std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked &a, const Ranked &b) { return a.score > b.score; });

    m_list->clear();
    const QColor keysColor = palette().color(QPalette::PlaceholderText);
    for (const Ranked &rank : ranked) {
        const Entry &entry = m_entries[rank.index];
        auto *item = new QTreeWidgetItem(m_list, {entry.label, entry.keys});
        item->setData(0, Qt::UserRole, entry.command);
        item->setToolTip(0, entry.command);
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        item->setForeground(1, keysColor);
    }
    if (m_list->topLevelItemCount() > 0)
        m_list->setCurrentItem(m_list->topLevelItem(0));
    fitToRows();
}

void CommandPalette::fitToRows()
{
    const int rows = std::clamp(m_list->topLevelItemCount(), 1, visibleRows);
    const int rowHeight = m_list->topLevelItemCount() > 0 ? m_list->sizeHintForRow(0) : fontMetrics().height();
    const QMargins margins = layout()->contentsMargins();
    resize(width(), margins.top() + m_filter->sizeHint().height() + layout()->spacing() + rows * rowHeight
                        + 2 * m_list->frameWidth() + margins.bottom() + 2 * frameWidth());
}

void CommandPalette::moveSelection(int rows)
{
    const int count = m_list->topLevelItemCount();
    if (count == 0)
        return;
    const int current = m_list->indexOfTopLevelItem(m_list->currentItem());
    const int target = std::clamp(current + rows, 0, count - 1);
    m_list->setCurrentItem(m_list->topLevelItem(target));
    m_list->scrollToItem(m_list->currentItem());
}

void CommandPalette::choose()
{
    const QTreeWidgetItem *item = m_list->currentItem();
    if (!item)
        return;
    const QString command = item->data(0, Qt::UserRole).toString();
    // Closed first, so the command finds the keyboard back where it was (the notebook).
    close();
    emit commandChosen(command);
}

void CommandPalette::hideEvent(QHideEvent *event)
{
    QFrame::hideEvent(event);
    // Qt does not always hand the keyboard back when a popup closes; the notebook must have it
    // before a chosen command runs (enter-edit-mode then moves it on to the cell editor).
    if (!m_returnFocus)
        return;
    m_returnFocus->activateWindow();
    m_returnFocus->setFocus(Qt::PopupFocusReason);
}

bool CommandPalette::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_filter || event->type() != QEvent::KeyPress)
        return QFrame::eventFilter(watched, event);
    switch (static_cast<QKeyEvent *>(event)->key()) {
    case Qt::Key_Up: moveSelection(-1); return true;
    case Qt::Key_Down: moveSelection(+1); return true;
    case Qt::Key_PageUp: moveSelection(-pageRows); return true;
    case Qt::Key_PageDown: moveSelection(+pageRows); return true;
    case Qt::Key_Return:
    case Qt::Key_Enter: choose(); return true;
    case Qt::Key_Escape: close(); return true;
    default: return false;
    }
}

} // namespace Notebench::App
