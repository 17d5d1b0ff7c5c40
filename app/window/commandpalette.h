#pragma once

#include <QFrame>
#include <QList>
#include <QPointer>
#include <QString>

class QLineEdit;
class QTreeWidget;

namespace Notebench::Editor {
class CommandCatalog;
class Keymap;
} // namespace Notebench::Editor

namespace Notebench::App {

/// The command palette (Ctrl+Shift+P): a popup with a filter field over every command, each with
/// its label and current keys, narrowed as you type (fuzzy, as in VS Code). Enter or a click
/// chooses the selected command, Esc or a click outside closes. The window runs the choice
/// through the same path as the command's keys.
class CommandPalette : public QFrame
{
    Q_OBJECT
public:
    struct Entry {
        QString command;
        QString label;
        QString keys;
    };

    /// Every catalog command plus any the keymap adds, labelled, with their keys.
    static QList<Entry> entries(const Editor::CommandCatalog &catalog, const Editor::Keymap &keymap);

    explicit CommandPalette(QList<Entry> entries, QWidget *parent = nullptr);

    /// Shows the palette near the top of `window`, centred, with an empty filter focused.
    void popup(QWidget *window);
    QLineEdit *filterField() const { return m_filter; }
    /// The commands listed now, best match first; the first is selected.
    QStringList shownCommands() const;

signals:
    void commandChosen(const QString &command);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void refilter();
    void choose();
    void moveSelection(int rows);
    /// As tall as the rows listed, up to a screenful, as VS Code's palette shrinks while filtering.
    void fitToRows();

    QList<Entry> m_entries;
    QLineEdit *m_filter;
    QTreeWidget *m_list;
    QPointer<QWidget> m_returnFocus;   // who had the keyboard before the palette
};

} // namespace Notebench::App
