#pragma once

#include "model/keymap.h"

#include <QMainWindow>

#include <memory>

class QDockWidget;
class QMenu;
class QTabWidget;

namespace Notebench::Editor {
class RecoveryJournal;
class ExternalChangeWatcher;
class OutlinePanel;
} // namespace Notebench::Editor

namespace Notebench::App {

class KernelStatusBar;
class NotebookTab;

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
    Editor::RecoveryJournal *journal() const { return m_journal.get(); }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();
    void buildOutline();
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
    Editor::Keymap m_keymap;
    std::unique_ptr<Editor::RecoveryJournal> m_journal;
    std::unique_ptr<Editor::ExternalChangeWatcher> m_watcher;
};

} // namespace Notebench::App
