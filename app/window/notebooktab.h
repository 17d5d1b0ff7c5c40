#pragma once

#include "document/notebook.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <memory>

namespace Notebench::Editor {
class NotebookModel;
class NotebookView;
class Keymap;
class RecoveryJournal;
class ExternalChangeWatcher;
} // namespace Notebench::Editor
namespace Notebench::Kernel {
class KernelSession;
}

namespace Notebench::App {

class ExecutionQueue;
class FindBar;

/// One open notebook: its model and view, its own kernel (started as the tab opens), the run
/// queue, the recovery journal entry and the watch on its file. The window holds one per tab.
class NotebookTab : public QWidget
{
    Q_OBJECT
public:
    NotebookTab(Document::Notebook notebook, const QString &path, const Editor::Keymap &keymap,
                Editor::RecoveryJournal &journal, Editor::ExternalChangeWatcher &watcher, QWidget *parent = nullptr);
    ~NotebookTab() override;

    QString path() const { return m_path; }
    /// File name with a "*" while there are unsaved changes.
    QString title() const;
    bool isModified() const;
    /// Saves atomically; an error is shown and the file on disk stays as it was. Asks for a name
    /// when the notebook has none.
    bool save();
    /// Saves under a new name; an empty path asks for one.
    bool saveAs(const QString &path = QString());
    /// Reads the file again (after a change by another program).
    void reload();
    /// Runs a named command: run-cell, run-all, run-above, run-below, interrupt-kernel,
    /// restart-kernel, restart-and-run-all, save, find, … Those it does not know go to the window
    /// through windowCommandRequested (command-palette, show-help, new-notebook, …).
    void runCommand(const QString &command);
    Editor::NotebookView *view() const { return m_view; }
    FindBar *findBar() const { return m_findBar; }
    Editor::NotebookModel *model() const { return m_model.get(); }
    Kernel::KernelSession *session() const { return m_session.get(); }
    /// "Python 3 (ipykernel) | idle" for the status bar.
    QString kernelStatus() const;

signals:
    void titleChanged();
    void kernelStatusChanged();
    /// A command for the window rather than this notebook (the palette, the shortcut help, …).
    void windowCommandRequested(const QString &command);

private:
    void startKernel();
    void runCells(QList<int> cells);
    bool confirmRestart();
    bool writeTo(const QString &path);

    QString m_path;
    QString m_documentKey;
    std::unique_ptr<Editor::NotebookModel> m_model;
    Editor::NotebookView *m_view;
    FindBar *m_findBar;
    std::unique_ptr<Kernel::KernelSession> m_session;
    ExecutionQueue *m_queue;
    Editor::RecoveryJournal &m_journal;
    Editor::ExternalChangeWatcher &m_watcher;
    QTimer m_journalTimer;
    QTimer m_elapsedTimer;
};

} // namespace Notebench::App
