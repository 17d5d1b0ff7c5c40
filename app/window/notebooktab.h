#pragma once

#include "app/provisionerfactory.h"
#include "app/runtimespec.h"
#include "document/notebook.h"
#include "kernel/provisioner.h"
#include "protocol/message.h"
#include "ssh/remotesessions.h"

#include <QFutureWatcher>
#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <memory>
#include <optional>
#include <string>

namespace Notebench::Editor {
class DocsPanel;
class EditorAssist;
class NotebookModel;
class NotebookView;
class Keymap;
class RecoveryJournal;
class ExternalChangeWatcher;
} // namespace Notebench::Editor
namespace Notebench::Kernel {
class KernelSession;
}
namespace Notebench::Completion {
class CompletionBroker;
class StaticAnalyser;
} // namespace Notebench::Completion
namespace Notebench::Gpu {
class GpuMonitor;
}

namespace Notebench::App {

class ExecutionQueue;
class KernelUsage;
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
    /// Ctrl+S: writes a snapshot on a worker thread, so a huge notebook never stalls typing; the
    /// title loses its "*" once the file holds what is on screen. Errors are shown as for save().
    void saveInBackground();
    bool isSaving() const { return m_saving; }
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
    /// Where the kernel runs ("Local"), from the provisioner.
    QString runtimeName() const;
    /// The kernel's display name ("Python 3 (ipykernel)") from the notebook's kernelspec.
    QString kernelDisplayName() const;
    KernelUsage *usage() const { return m_usage; }
    /// Completion, Shift+Tab and signature help in this notebook's code cells.
    Editor::EditorAssist *assist() const { return m_assist; }
    Completion::CompletionBroker *completionBroker() const { return m_broker; }
    /// The window's docs panel, which follows the caret of this tab's editors (null: none).
    void setDocsPanel(Editor::DocsPanel *panel);
    /// Offers the installed kernels; the chosen one is written into the notebook's metadata and
    /// started in place of the current one. `why` heads the dialog.
    void chooseKernel(const QString &why = QString());

    /// Where the kernel runs now (Local CPU until another runtime has started).
    RuntimeSpec runtime() const { return m_runtime; }
    /// Opens the runtime chooser; a new choice is confirmed, then the kernel restarts there.
    void chooseRuntime();
    /// Moves the kernel to `spec`: GPUs are probed off the GUI thread, then provisionRuntime()
    /// decides; when it refuses, runtimeProblem() says why and the current kernel keeps running.
    /// On an SSH host, the notebook's own session there (remembered from its last run) is
    /// re-attached while it still runs; `offerRunningSessions` (a choice made in the chooser)
    /// first lists the other kernels running there, to attach to one or start a new one.
    void switchRuntime(const RuntimeSpec &spec, bool offerRunningSessions = false);
    /// Kernel → Sessions on Host: the kernels the SSH runtime's host keeps, to attach or stop.
    void showRemoteSessions();
    /// Moves this notebook onto a running session of its SSH runtime's host (or of `spec`'s).
    void attachRemoteSession(const RuntimeSpec &spec, const QString &sessionId);
    /// The step after the checks: restarts the kernel on `provision` (its environment joins every
    /// launch from now on), remembers `spec` for this notebook and follows its GPUs.
    void restartOn(const RuntimeSpec &spec, RuntimeProvision provision);
    /// "GPU0 37% 12.1/80 GB" for a GPU runtime or an SSH host with GPUs, empty otherwise (a host
    /// without any is not worth a word there); details name each device, or why there are none.
    QString gpuText() const;
    QString gpuDetails() const;

signals:
    void titleChanged();
    void kernelStatusChanged();
    /// A command for the window rather than this notebook (the palette, the shortcut help, …).
    void windowCommandRequested(const QString &command);
    /// A runtime could not be used; one sentence for the status bar.
    void runtimeProblem(const QString &reason);

private:
    void startKernel();
    /// The static completion helper runs with the kernel's own interpreter (argv[0]), for
    /// Python kernels; another language has none yet.
    void useStaticAnalyserFor(const QString &kernelName);
    Kernel::LaunchOptions launchOptions(const QString &kernelName) const;
    void provisionAndRestart(const RuntimeSpec &spec, const RuntimeContext &context);
    /// Connects to an SSH runtime's host once before the kernel moves there: the host key and any
    /// secret are asked for here, and a host that cannot be reached leaves the kernel as it is.
    void probeSshRuntime(const RuntimeSpec &spec, const SshOptions &options, bool offerRunningSessions);
    /// The host answered: attach to the remembered or chosen session, or start a kernel there.
    void useSshRuntime(const RuntimeSpec &spec, SshOptions options, const QList<Ssh::RemoteSession> &sessions,
                       bool offerRunningSessions);
    void refuseRuntime(const RuntimeSpec &spec, const QString &reason);
    void runCells(QList<int> cells);
    bool confirmRestart();
    bool writeTo(const QString &path);
    bool finishSave(const QString &path, quint64 revision, const std::string &error);

    QString m_path;
    QString m_documentKey;
    std::unique_ptr<Editor::NotebookModel> m_model;
    Editor::NotebookView *m_view;
    FindBar *m_findBar;
    std::unique_ptr<Kernel::KernelSession> m_session;
    ExecutionQueue *m_queue;
    KernelUsage *m_usage;
    Completion::CompletionBroker *m_broker;
    Completion::StaticAnalyser *m_static = nullptr;
    Editor::EditorAssist *m_assist;
    RuntimeSpec m_runtime;
    SshOptions m_sshOptions; // how the SSH runtime logged in last (secrets in memory only)
    QMap<QString, QString> m_runtimeEnvironment = deviceEnvironment({}); // the runtime's part of every launch
    Gpu::GpuMonitor *m_gpuPoller = nullptr;            // while the runtime is a local GPU or an SSH host
    std::optional<Protocol::Message> m_inputRequest;   // the kernel's open input_request
    QFutureWatcher<std::string> *m_saveWatcher;
    bool m_saving = false;
    bool m_saveAgain = false;
    Editor::RecoveryJournal &m_journal;
    Editor::ExternalChangeWatcher &m_watcher;
    QTimer m_journalTimer;
    QTimer m_elapsedTimer;
};

} // namespace Notebench::App
