#pragma once

#include "model/commandcatalog.h"
#include "model/keymap.h"
#include "view/theme.h"

#include <QList>
#include <QMainWindow>
#include <QPalette>
#include <QPointer>

#include <memory>

class QDockWidget;
class QMenu;
class QTabWidget;

namespace Notebench::Editor {
class RecoveryJournal;
class ExternalChangeWatcher;
class OutlinePanel;
class DocsPanel;
} // namespace Notebench::Editor

namespace Notebench::Math {
class MathRenderer;
}

namespace Notebench::App {

class KernelStatusBar;
class NotebookTab;
class ShortcutsDialog;

/// The application window: a tab per notebook, the File, Run and Kernel menus, the status bar,
/// and what happens across tabs (recent files, recovery after a crash, changes on disk).
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Reads the file off the GUI thread and opens it in a new tab; a bad file gets a message.
    void openFile(const QString &path);
    void newNotebook();
    /// Offers notebooks left unsaved by an earlier run that ended without saving.
    void offerRecovery();
    NotebookTab *currentTab() const;
    int tabCount() const;
    KernelStatusBar *kernelStatus() const { return m_kernelStatus; }
    /// The dock that shows the documentation of the name at the caret (View menu).
    QDockWidget *docsDock() const { return m_docsDock; }
    Editor::RecoveryJournal *journal() const { return m_journal.get(); }
    /// Where the user's shortcuts live: AppConfigLocation/keymap.json.
    static QString userKeymapPath();
    /// Commands for the window rather than one notebook: command-palette, show-help,
    /// new-notebook, open-notebook, save-as, close-tab; others are ignored.
    void runWindowCommand(const QString &command);

    /// Applies the theme the settings ask for (the system's, light or dark) to the whole app and
    /// every notebook.
    void applyTheme();
    const Editor::Theme &theme() const { return m_theme; }

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void buildMenus();
    void buildOutline();
    void buildDocsPanel();
    void buildEditMenu();
    void buildHelpMenu();
    /// A menu item that shows the keymap's key for `command` beside its text (no Qt shortcut of its
    /// own: with a notebook focused the keymap runs it, so a user's keymap.json stays in charge).
    QAction *addKeyedAction(QMenu *menu, const QString &text, const QString &command);
    void updateMenuKeys();
    /// The default shortcuts with the user's keymap.json over them; a bad file leaves the defaults.
    void loadKeymap();
    void showCommandPalette();
    void showShortcuts();
    void saveCurrentAs();
    void showSettings();
    void addTab(NotebookTab *tab);
    bool closeTab(int index);
    void openDialog();
    void rememberRecent(const QString &path);
    void updateRecentMenu();
    void updateStatus();
    void runInCurrent(const QString &command);
    void onChangedOnDisk(const QString &path);

    QTabWidget *m_tabs;
    KernelStatusBar *m_kernelStatus;
    QMenu *m_recentMenu = nullptr;
    Editor::OutlinePanel *m_outline = nullptr;
    QDockWidget *m_outlineDock = nullptr;
    Editor::DocsPanel *m_docs = nullptr;
    QDockWidget *m_docsDock = nullptr;
    Editor::Keymap m_keymap;
    QString m_keymapError;
    Editor::CommandCatalog m_catalog;
    struct KeyedAction {
        QAction *action;
        QString text;
        QString command;
    };
    QList<KeyedAction> m_keyedActions;
    QPointer<ShortcutsDialog> m_shortcuts;
    Editor::Theme m_theme;
    QPalette m_systemPalette;
    QString m_systemStyle;
    bool m_applyingTheme = false;
    std::unique_ptr<Editor::RecoveryJournal> m_journal;
    std::unique_ptr<Editor::ExternalChangeWatcher> m_watcher;
    Math::MathRenderer *m_math = nullptr;   // typesets markdown math for every tab
};

} // namespace Notebench::App
