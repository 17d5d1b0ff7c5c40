#include "view/completionpopup.h"

#include "view/completionicons.h"

#include <QFontDatabase>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QStyledItemDelegate>

namespace Notebench::Editor {

namespace {
constexpr int signatureRole = Qt::UserRole + 1;
constexpr int maxVisibleRows = 12;
constexpr int maxItems = 400;   // a huge list helps nobody and slows the popup

// Match on the left, signature elided in a quieter colour on the right.
class ItemDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    QColor signatureColour;

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QStyleOptionViewItem base = option;
        initStyleOption(&base, index);
        const QString signature = index.data(signatureRole).toString();
        base.text.clear();
        QStyledItemDelegate::paint(painter, base, QModelIndex());   // background, selection
        const QRect area = option.rect.adjusted(4, 0, -6, 0);
        const int iconSize = option.decorationSize.height();
        index.data(Qt::DecorationRole).value<QIcon>().paint(painter, QRect(area.left(), area.top() + (area.height() - iconSize) / 2, iconSize, iconSize));
        const QRect textArea = area.adjusted(iconSize + 6, 0, 0, 0);
        const bool selected = option.state & QStyle::State_Selected;
        painter->setFont(option.font);
        painter->setPen(selected ? option.palette.highlightedText().color() : option.palette.text().color());
        const QString text = index.data(Qt::DisplayRole).toString();
        const int textWidth = std::min(option.fontMetrics.horizontalAdvance(text), textArea.width());
        painter->drawText(textArea, Qt::AlignVCenter | Qt::AlignLeft, option.fontMetrics.elidedText(text, Qt::ElideRight, textArea.width()));
        const QRect signatureArea = textArea.adjusted(textWidth + 16, 0, 0, 0);
        if (!signature.isEmpty() && signatureArea.width() > 24) {
            painter->setPen(selected ? option.palette.highlightedText().color() : signatureColour);
            painter->drawText(signatureArea, Qt::AlignVCenter | Qt::AlignRight,
                              option.fontMetrics.elidedText(signature, Qt::ElideRight, signatureArea.width()));
        }
    }
};
} // namespace

CompletionPopup::CompletionPopup(QWidget* parent)
    : CaretWindow(new QListWidget, parent)
    , m_list(findChild<QListWidget*>())
{
    m_list->setUniformItemSizes(true);
    m_list->setMinimumSize(1, 1);   // the window is sized to its rows, not to a scroll area's minimum
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_list->setIconSize(QSize(16, 16));
    m_list->setItemDelegate(new ItemDelegate(m_list));
    setTheme(m_theme);
}

void CompletionPopup::setTheme(const Theme& theme)
{
    m_theme = theme;
    m_icons.clear();
    m_list->setPalette(applyTheme(theme));
    static_cast<ItemDelegate*>(m_list->itemDelegate())->signatureColour = theme.comment;
    if (isVisible())
        fill();
}

QIcon CompletionPopup::iconFor(const QString& kind)
{
    auto it = m_icons.find(kind);
    if (it == m_icons.end())
        it = m_icons.insert(kind, CompletionIcons::icon(kind, m_theme.isDark));
    return *it;
}

void CompletionPopup::showCompletions(const Completion::Completions& completions, QPoint globalPos)
{
    // The kernel's late answer replaces the static one in place: keep the row the user is on.
    const QString current = isVisible() && currentItem() ? currentItem()->text : QString();
    m_items = completions.items.mid(0, maxItems);
    m_source = completions.source;
    m_shown = m_items;
    fill();
    if (!current.isEmpty()) {
        const auto found = std::find_if(m_shown.cbegin(), m_shown.cend(), [&](const auto& item) { return item.text == current; });
        if (found != m_shown.cend())
            m_list->setCurrentRow(static_cast<int>(found - m_shown.cbegin()));
    }
    // Fit the rows, and stay on the screen: above the caret line when there is no room below.
    const int rows = std::min<int>(maxVisibleRows, std::max<int>(1, static_cast<int>(m_shown.size())));
    const int rowHeight = std::max(m_list->sizeHintForRow(0), 18);
    const int width = std::clamp(m_list->sizeHintForColumn(0) + 220, 320, 640);
    resize(width, rows * rowHeight + footer()->sizeHint().height() + 4);
    showNear(globalPos, m_list->fontMetrics().height());
}

void CompletionPopup::fill()
{
    m_list->clear();
    for (const auto& item : std::as_const(m_shown)) {
        auto* row = new QListWidgetItem(iconFor(item.type), item.text, m_list);
        row->setData(signatureRole, item.signature);
        row->setToolTip(item.type.isEmpty() ? item.text : item.type + QLatin1Char(' ') + item.text + item.signature);
    }
    if (m_list->count() > 0)
        m_list->setCurrentRow(0);
    footer()->setText(tr("%1 · %n match(es)", nullptr, static_cast<int>(m_shown.size())).arg(Completion::sourceName(m_source)));
}

bool CompletionPopup::filter(const QString& typed)
{
    QList<Completion::CompletionItem> kept;
    for (const auto& item : std::as_const(m_items)) {
        if (item.text.startsWith(typed, Qt::CaseInsensitive))
            kept.append(item);
    }
    if (kept.isEmpty())
        return false;
    if (kept != m_shown) {
        m_shown = kept;
        fill();
    }
    return true;
}

void CompletionPopup::moveSelection(int delta)
{
    const int count = m_list->count();
    if (count == 0)
        return;
    int row = m_list->currentRow() + delta;
    // Single steps wrap around, as in JupyterLab; page steps stop at the ends.
    if (std::abs(delta) == 1)
        row = (row + count) % count;
    m_list->setCurrentRow(std::clamp(row, 0, count - 1));
}

std::optional<Completion::CompletionItem> CompletionPopup::currentItem() const
{
    const int row = m_list->currentRow();
    if (row < 0 || row >= m_shown.size())
        return std::nullopt;
    return m_shown.at(row);
}

int CompletionPopup::count() const
{
    return m_list->count();
}

QStringList CompletionPopup::itemTexts() const
{
    QStringList texts;
    for (const auto& item : m_shown)
        texts << item.text;
    return texts;
}

QString CompletionPopup::footerText() const
{
    return footer()->text();
}

} // namespace Notebench::Editor
