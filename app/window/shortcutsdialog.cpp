#include "app/window/shortcutsdialog.h"

#include "model/commandcatalog.h"
#include "model/keymap.h"

#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

namespace Notebench::App {

namespace {
enum Column { KeysColumn, LabelColumn, CommandColumn };
} // namespace

ShortcutsDialog::ShortcutsDialog(const Editor::Keymap &keymap, const Editor::CommandCatalog &catalog,
                                 const QString &userKeymapPath, const QString &keymapError, QWidget *parent)
    : QDialog(parent)
    , m_filter(new QLineEdit(this))
    , m_tree(new QTreeWidget(this))
{
    setWindowTitle(tr("Keyboard Shortcuts"));
    resize(760, 620);

    const bool exists = QFileInfo::exists(userKeymapPath);
    auto *where = new QLabel(this);
    where->setWordWrap(true);
    where->setTextInteractionFlags(Qt::TextSelectableByMouse);
    where->setText(tr("The Jupyter shortcuts, changed by your keymap file %1%2. Each entry of that JSON array "
                      "looks like <code>{\"keys\": \"Ctrl+Shift+D\", \"mode\": \"command\", \"command\": "
                      "\"delete-cells\"}</code>; an empty command removes a shortcut. Command names are in the "
                      "last column. Notebench reads the file when it starts and each time this list opens.")
                       .arg(QStringLiteral("<code>%1</code>").arg(userKeymapPath.toHtmlEscaped()),
                            exists ? QString() : tr(" (not created yet)")));
    auto *error = new QLabel(keymapError, this);
    error->setWordWrap(true);
    error->setStyleSheet(QStringLiteral("color: #c41a16;"));
    error->setVisible(!keymapError.isEmpty());

    m_filter->setPlaceholderText(tr("Filter by key, command or name"));
    m_filter->setClearButtonEnabled(true);
    m_tree->setColumnCount(3);
    m_tree->setHeaderLabels({tr("Keys"), tr("Command"), tr("Name in keymap.json")});
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setSectionResizeMode(KeysColumn, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(LabelColumn, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(CommandColumn, QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(false);
    fill(keymap, catalog);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *openFolder = buttons->addButton(tr("Open Keymap Folder"), QDialogButtonBox::ActionRole);
    connect(openFolder, &QPushButton::clicked, this, [userKeymapPath] {
        const QString folder = QFileInfo(userKeymapPath).absolutePath();
        QDir().mkpath(folder);
        QDesktopServices::openUrl(QUrl::fromLocalFile(folder));
    });
    // Enter in the filter must not open a file manager: no button is the default.
    for (QAbstractButton *button : buttons->buttons())
        if (auto *push = qobject_cast<QPushButton *>(button))
            push->setAutoDefault(false);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(where);
    layout->addWidget(error);
    layout->addWidget(m_filter);
    layout->addWidget(m_tree);
    layout->addWidget(buttons);
    connect(m_filter, &QLineEdit::textChanged, this, &ShortcutsDialog::refilter);
    m_filter->setFocus();
}

void ShortcutsDialog::fill(const Editor::Keymap &keymap, const Editor::CommandCatalog &catalog)
{
    // Rows follow the catalog's order (grouped), commands it lacks last, each binding in keymap order.
    const QList<Editor::CommandInfo> commands = catalog.withKeymap(keymap);
    const auto rank = [&](const QString &command) {
        return std::find_if(commands.begin(), commands.end(), [&](const auto &info) { return info.command == command; })
               - commands.begin();
    };
    const QFont code = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (const auto &[mode, title] : {std::pair{Editor::Mode::Command, tr("Command mode")}, std::pair{Editor::Mode::Edit, tr("Edit mode")}}) {
        QList<Editor::KeyBinding> bindings;
        for (const Editor::KeyBinding &binding : keymap.bindings())
            if (binding.mode == mode)
                bindings << binding;
        std::stable_sort(bindings.begin(), bindings.end(),
                         [&](const auto &a, const auto &b) { return rank(a.command) < rank(b.command); });
        auto *modeItem = new QTreeWidgetItem(m_tree, {title});
        modeItem->setFirstColumnSpanned(true);
        QFont bold = modeItem->font(0);
        bold.setBold(true);
        modeItem->setFont(0, bold);
        QTreeWidgetItem *groupItem = nullptr;
        for (const Editor::KeyBinding &binding : bindings) {
            const QString group = catalog.group(binding.command);
            if (!groupItem || groupItem->text(0) != group) {
                groupItem = new QTreeWidgetItem(modeItem, {group});
                groupItem->setFirstColumnSpanned(true);
            }
            auto *row = new QTreeWidgetItem(groupItem, {Editor::CommandCatalog::keyText(binding.keys),
                                                        catalog.label(binding.command), binding.command});
            row->setFont(CommandColumn, code);
        }
    }
    m_tree->expandAll();
}

void ShortcutsDialog::refilter()
{
    const QString filter = m_filter->text().trimmed();
    const auto matches = [&](const QTreeWidgetItem *row) {
        for (int column : {KeysColumn, LabelColumn, CommandColumn})
            if (row->text(column).contains(filter, Qt::CaseInsensitive))
                return true;
        return false;
    };
    for (int m = 0; m < m_tree->topLevelItemCount(); ++m) {
        QTreeWidgetItem *modeItem = m_tree->topLevelItem(m);
        bool modeShown = false;
        for (int g = 0; g < modeItem->childCount(); ++g) {
            QTreeWidgetItem *groupItem = modeItem->child(g);
            bool groupShown = false;
            for (int r = 0; r < groupItem->childCount(); ++r) {
                QTreeWidgetItem *row = groupItem->child(r);
                const bool shown = filter.isEmpty() || matches(row);
                row->setHidden(!shown);
                groupShown = groupShown || shown;
            }
            groupItem->setHidden(!groupShown);
            modeShown = modeShown || groupShown;
        }
        modeItem->setHidden(!modeShown);
    }
}

QStringList ShortcutsDialog::shownRows() const
{
    QStringList rows;
    for (int m = 0; m < m_tree->topLevelItemCount(); ++m) {
        const QTreeWidgetItem *modeItem = m_tree->topLevelItem(m);
        for (int g = 0; g < modeItem->childCount(); ++g) {
            const QTreeWidgetItem *groupItem = modeItem->child(g);
            for (int r = 0; r < groupItem->childCount(); ++r) {
                const QTreeWidgetItem *row = groupItem->child(r);
                if (row->isHidden() || groupItem->isHidden() || modeItem->isHidden())
                    continue;
                rows << QStringList{modeItem->text(0), groupItem->text(0), row->text(KeysColumn), row->text(LabelColumn),
                                    row->text(CommandColumn)}
                            .join(QStringLiteral(" | "));
            }
        }
    }
    return rows;
}

} // namespace Notebench::App
