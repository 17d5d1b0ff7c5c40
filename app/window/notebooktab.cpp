#include "app/window/notebooktab.h"

#include "app/executionqueue.h"
#include "app/kernelusage.h"
#include "app/runtimesettings.h"
#include "app/window/kernelpicker.h"
#include "app/window/settingsdialog.h"
#include "app/window/findbar.h"
#include "completion/completionbroker.h"
#include "completion/staticanalyser.h"
#include "app/window/fulloutputviewer.h"
#include "document/reader.h"
#include "document/streamtext.h"
#include "document/writer.h"
#include "kernel/kernelclient.h"
#include "kernel/jsonfields.h"
#include "kernel/kernelsession.h"
#include "kernel/pendingrequest.h"
#include "local/localprovisioner.h"
#include "model/notebookmodel.h"
#include "protocol/kernelspecfinder.h"
#include "persistence/externalchangewatcher.h"
#include "persistence/recoveryjournal.h"
#include "view/editorassist.h"
#include "view/notebookview.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>
#include <QMessageBox>
#include <QUuid>
#include <QVBoxLayout>

namespace Notebench::App {

namespace {
// Short enough for the prompt gutter: "850 ms", "12.3 s", "4 min 05 s", "2 h 03 min".
QString duration(qint64 milliseconds)
{
    if (milliseconds < 1000)
        return QStringLiteral("%1 ms").arg(milliseconds);
    if (milliseconds < 60'000)
        return QStringLiteral("%1 s").arg(double(milliseconds) / 1000.0, 0, 'f', 1);
    const qint64 seconds = milliseconds / 1000;
    if (seconds < 3600)
        return QStringLiteral("%1 min %2 s").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1 h %2 min").arg(seconds / 3600).arg((seconds / 60) % 60, 2, 10, QLatin1Char('0'));
}
} // namespace

NotebookTab::NotebookTab(Document::Notebook notebook, const QString &path, const Editor::Keymap &keymap,
                         Editor::RecoveryJournal &journal, Editor::ExternalChangeWatcher &watcher, QWidget *parent)
    : QWidget(parent)
    , m_path(path)
    , m_documentKey(QUuid::createUuid().toString(QUuid::WithoutBraces))
    , m_model(std::make_unique<Editor::NotebookModel>(std::move(notebook)))
    , m_view(new Editor::NotebookView(m_model.get(), &keymap, this))
    , m_findBar(new FindBar(m_view, keymap, this))
    , m_session(std::make_unique<Kernel::KernelSession>(std::make_unique<Local::LocalProvisioner>()))
    , m_queue(new ExecutionQueue(*m_model, *m_session, this))
    , m_usage(new KernelUsage(*m_session, 5000, this))
    , m_broker(new Completion::CompletionBroker(this))
    , m_assist(new Editor::EditorAssist(m_view, m_broker, this))
    , m_saveWatcher(new QFutureWatcher<std::string>(this))
    , m_journal(journal)
    , m_watcher(watcher)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    layout->addWidget(m_findBar);
    setFocusProxy(m_view);
    if (!m_path.isEmpty())
        m_view->setBaseDirectory(QFileInfo(m_path).absolutePath());

    connect(m_view, &Editor::NotebookView::commandRequested, this, &NotebookTab::runCommand);
    connect(m_model.get(), &Editor::NotebookModel::modifiedChanged, this, &NotebookTab::titleChanged);
    connect(m_session.get(), &Kernel::KernelSession::stateChanged, this, &NotebookTab::kernelStatusChanged);
    connect(m_queue, &ExecutionQueue::stateChanged, this, [this](int cell, Editor::CellRunState state) {
        const QString timing = state == Editor::CellRunState::Running  ? QStringLiteral("0 s")
                               : state == Editor::CellRunState::Queued ? tr("queued")
                                                                       : QString();
        m_view->setCellRunState(cell, state, timing);
    });
    connect(m_queue, &ExecutionQueue::cellFinished, this,
            [this](int cell, bool, qint64 milliseconds) { m_view->setCellRunState(cell, Editor::CellRunState::Idle, duration(milliseconds)); });
    // input() / getpass(): answered inline below the cell's output, as in Jupyter.
    connect(m_queue, &ExecutionQueue::inputRequested, this,
            [this](int cell, const QString &prompt, bool password, const Protocol::Message &request) {
                m_inputRequest = request;
                m_view->showInputPrompt(cell, prompt, password);
            });
    connect(m_view, &Editor::NotebookView::inputSubmitted, this, [this](int, const QString &value) {
        if (m_inputRequest) {
            m_session->client()->sendInputReply(*m_inputRequest, value);
            m_inputRequest.reset();
        }
    });
    // A long stream's "Open full output": its whole text, from head, spill file and tail.
    connect(m_view, &Editor::NotebookView::fullOutputRequested, this, [this](int cell, const QString &file) {
        m_queue->flushOutputs();
        for (const auto &output : m_model->cell(cell).outputs) {
            if (Document::isElidedStream(output)
                && QString::fromStdString(output[Document::kElidedKey].value("file", std::string())) == file) {
                (new FullOutputViewer(output, tr("Output of cell %1").arg(cell + 1), this))->show();
                return;
            }
        }
    });
    // jupyter_console's auto-indent: the kernel says how deep a continuation line goes.
    connect(m_view, &Editor::NotebookView::indentWanted, this, [this](int cell, int line, const QString &code) {
        auto *client = m_session->client();
        const auto state = m_session->state();
        if (!client || (state != Kernel::KernelState::Idle && state != Kernel::KernelState::Busy))
            return;
        auto *request = client->isComplete(code);
        connect(request, &Kernel::PendingRequest::replied, this, [this, cell, line](const Protocol::Message &reply) {
            if (Kernel::stringField(reply.content, "status") == "incomplete")
                m_view->applyIndent(cell, line, QString::fromStdString(Kernel::stringField(reply.content, "indent")));
        });
    });
    // Completion asks the kernel and, beside it, jedi: a running cell must not hold the popup up.
    m_broker->setKernel(m_session->client());
    m_broker->setKernelExecutingProbe([this] { return m_queue->runningCell() >= 0; });
    // A cell that ends (interrupted, restarted, died) no longer waits for its answer.
    connect(m_queue, &ExecutionQueue::cellFinished, this, [this] {
        m_inputRequest.reset();
        m_view->closeInputPrompt();
    });
    // The running cell's prompt shows how long it has run.
    m_elapsedTimer.setInterval(1000);
    connect(&m_elapsedTimer, &QTimer::timeout, this, [this] {
        if (m_queue->runningCell() >= 0)
            m_view->setCellRunState(m_queue->runningCell(), Editor::CellRunState::Running,
                                    duration(m_queue->runningFor() / 1000 * 1000));
    });
    m_elapsedTimer.start();

    // Unsaved edits go to the recovery journal every few seconds; one copy per interval at most.
    m_journal.track(m_documentKey, m_path);
    m_journalTimer.setInterval(2000);
    connect(&m_journalTimer, &QTimer::timeout, this, [this] {
        if (m_model->isModified()) {
            m_queue->flushOutputs();
            m_journal.markDirty(m_documentKey, m_model->notebook());
        }
    });
    m_journalTimer.start();
    if (!m_path.isEmpty())
        m_watcher.watch(m_path);

    startKernel();
}

NotebookTab::~NotebookTab()
{
    // A save under way finishes first: closing must never leave a half-replaced file behind
    // (the write is atomic, but its result must still reach the journal).
    m_saveWatcher->waitForFinished();
    // The kernel session ends after this body: a cell it was running finishes then, and neither
    // the run queue nor the session may reach the view or the bars that are gone by that time.
    disconnect(m_queue, nullptr, this, nullptr);
    disconnect(m_session.get(), nullptr, this, nullptr);
    m_journal.untrack(m_documentKey);
    if (!m_path.isEmpty())
        m_watcher.unwatch(m_path);
    delete m_findBar; // its search observes the model and the view
    delete m_assist;  // it hooks the view's editors
    delete m_view; // before the model it observes
    m_view = nullptr;
}

void NotebookTab::startKernel()
{
    const QString kernelName = QString::fromStdString(m_model->notebook().kernelName());
    if (kernelName.isEmpty() || !Protocol::KernelSpecFinder().find(kernelName.toStdString()).spec) {
        // Asked once the window is up, so opening a notebook never waits on a dialog.
        const QString why = kernelName.isEmpty()
                                ? tr("This notebook does not say which kernel runs it. Choose one:")
                                : tr("This notebook asks for the kernel \"%1\", which is not installed here. Choose "
                                     "another:").arg(kernelName);
        QTimer::singleShot(0, this, [this, why] { chooseKernel(why); });
        return;
    }
    useStaticAnalyserFor(kernelName);
    // The runtime this notebook ran on last time; asked for after the constructor so that the
    // window hears of a runtime that cannot be used.
    if (const auto remembered = RuntimeSettings::runtimeFor(m_path); remembered && remembered->kind != RuntimeSpec::Kind::Local) {
        QTimer::singleShot(0, this, [this, spec = *remembered] { switchRuntime(spec); });
        return;
    }
    m_session->start(launchOptions(kernelName));
}

void NotebookTab::useStaticAnalyserFor(const QString &kernelName)
{
    delete m_static;   // ends its helper process
    m_static = nullptr;
    const auto found = Protocol::KernelSpecFinder().find(kernelName.toStdString());
    if (found.spec && found.spec->language == "python" && !found.spec->argv.empty()) {
        // Started on the first completion, not now: opening a notebook costs nothing.
        m_static = new Completion::StaticAnalyser({QString::fromStdString(found.spec->argv.front())}, this);
    }
    m_broker->setStaticAnalyser(m_static);
}

void NotebookTab::setDocsPanel(Editor::DocsPanel *panel)
{
    m_assist->setDocsPanel(panel);
}

void NotebookTab::chooseKernel(const QString &why)
{
    const QString current = QString::fromStdString(m_model->notebook().kernelName());
    auto *picker = new KernelPicker(Protocol::KernelSpecFinder().findAll(),
                                    why.isEmpty() ? tr("Choose the kernel for this notebook:") : why, current, this);
    picker->setAttribute(Qt::WA_DeleteOnClose);
    connect(picker, &QDialog::accepted, this, [this, picker] {
        const auto *spec = picker->chosen();
        if (!spec)
            return;
        m_model->setNotebookMetadata("kernelspec", KernelPicker::kernelspecMetadata(*spec));
        m_queue->clear();
        useStaticAnalyserFor(QString::fromStdString(spec->name));
        m_session->restartWith(launchOptions(QString::fromStdString(spec->name)));
        emit kernelStatusChanged();
    });
    picker->open();
}

QString NotebookTab::title() const
{
    const QString name = m_path.isEmpty() ? tr("Untitled.ipynb") : QFileInfo(m_path).fileName();
    return isModified() ? name + QLatin1Char('*') : name;
}

bool NotebookTab::isModified() const
{
    return m_model->isModified();
}

QString NotebookTab::runtimeName() const
{
    return m_session->provisioner()->displayName();
}

QString NotebookTab::kernelDisplayName() const
{
    const auto &spec = m_model->notebook().metadata.value("kernelspec", nlohmann::json::object());
    if (const auto name = spec.find("display_name"); name != spec.end() && name->is_string())
        return QString::fromStdString(name->get<std::string>());
    const QString name = QString::fromStdString(m_model->notebook().kernelName());
    return name.isEmpty() ? tr("No kernel") : name;
}

bool NotebookTab::writeTo(const QString &path)
{
    if (m_saving)
        m_saveWatcher->waitForFinished(); // one writer per file at a time
    m_watcher.expectOwnSave(path);
    m_queue->flushOutputs(); // output of the last few milliseconds is saved too
    return finishSave(path, m_model->revision(), Document::saveNotebookFile(path.toStdString(), m_model->notebook()));
}

bool NotebookTab::finishSave(const QString &path, quint64 revision, const std::string &error)
{
    if (!error.empty()) {
        QMessageBox::warning(this, tr("Could not save"),
                             tr("%1\n\nThe file on disk was not changed.").arg(QString::fromStdString(error)));
        return false;
    }
    m_watcher.noteOwnSave(path);
    // Edits made while a snapshot was written are not in the file: the tab stays modified then.
    if (m_model->revision() == revision) {
        m_model->markSaved(revision);
        m_journal.markSaved(m_documentKey);
    }
    emit titleChanged();
    return true;
}

void NotebookTab::saveInBackground()
{
    if (m_path.isEmpty()) {
        saveAs();
        return;
    }
    if (m_saving) {
        m_saveAgain = true; // Ctrl+S pressed during a save: write the newer state after it
        return;
    }
    // Serialising and writing a 40 MB notebook takes longer than a frame: a snapshot is written on
    // a worker while editing goes on.
    m_saving = true;
    const QString path = m_path;
    m_queue->flushOutputs();
    const quint64 revision = m_model->revision();
    auto snapshot = std::make_shared<const Document::Notebook>(m_model->notebook());
    m_watcher.expectOwnSave(path);
    m_saveWatcher->setFuture(QtConcurrent::run([path, snapshot] {
        return Document::saveNotebookFile(path.toStdString(), *snapshot);
    }));
    disconnect(m_saveWatcher, nullptr, this, nullptr);
    connect(m_saveWatcher, &QFutureWatcher<std::string>::finished, this, [this, path, revision] {
        m_saving = false;
        finishSave(path, revision, m_saveWatcher->result());
        if (std::exchange(m_saveAgain, false))
            saveInBackground();
    });
}

bool NotebookTab::save()
{
    return m_path.isEmpty() ? saveAs() : writeTo(m_path);
}

bool NotebookTab::saveAs(const QString &path)
{
    const QString chosen = !path.isEmpty() ? path
                                           : QFileDialog::getSaveFileName(this, tr("Save notebook"), m_path, tr("Notebooks (*.ipynb)"));
    if (chosen.isEmpty())
        return false;
    const QString old = m_path;
    if (!writeTo(chosen))
        return false;
    if (!old.isEmpty())
        m_watcher.unwatch(old);
    m_path = chosen;
    m_view->setBaseDirectory(QFileInfo(m_path).absolutePath());
    m_watcher.watch(m_path);
    m_journal.track(m_documentKey, m_path);
    RuntimeSettings::remember(m_path, m_runtime);
    emit titleChanged();
    return true;
}

void NotebookTab::reload()
{
    auto result = Document::readNotebookFile(m_path.toStdString());
    if (!result.notebook) {
        QMessageBox::warning(this, tr("Could not reload"), QString::fromStdString(result.error->toString()));
        return;
    }
    m_queue->clear();
    m_model->resetNotebook(std::move(*result.notebook));
    m_watcher.noteOwnSave(m_path); // what is on disk now is what we show
    emit titleChanged();
}

void NotebookTab::runCells(QList<int> cells)
{
    m_queue->enqueue(cells);
}

bool NotebookTab::confirmRestart()
{
    if (!SettingsDialog::confirmRestart())
        return true;
    return QMessageBox::question(this, tr("Restart kernel"),
                                 tr("Restart the kernel? All variables will be lost.")) == QMessageBox::Yes;
}

void NotebookTab::runCommand(const QString &command)
{
    const int cursor = m_model->cursor();
    QList<int> selected;
    for (int i = m_model->selectionFirst(); i <= m_model->selectionLast(); ++i)
        selected << i;
    if (command == QLatin1String("run-cell")) {
        runCells(selected);
    } else if (command == QLatin1String("run-cell-and-select-next")) {
        runCells(selected);
        // Jupyter: running the last cell adds a new one below.
        if (m_model->selectionLast() == m_model->cellCount() - 1) {
            m_model->setCursor(m_model->cellCount() - 1);
            m_model->insertCellBelow();
        } else {
            m_model->setCursor(m_model->selectionLast());
            m_model->moveCursorDown();
        }
        m_model->setMode(Editor::Mode::Command);
    } else if (command == QLatin1String("run-cell-and-insert-below")) {
        runCells(selected);
        m_model->setCursor(m_model->selectionLast());
        m_model->insertCellBelow();
    } else if (command == QLatin1String("run-all")) {
        QList<int> all;
        for (int i = 0; i < m_model->cellCount(); ++i)
            all << i;
        runCells(all);
    } else if (command == QLatin1String("run-above")) {
        QList<int> above;
        for (int i = 0; i < cursor; ++i)
            above << i;
        runCells(above);
    } else if (command == QLatin1String("run-below")) {
        QList<int> below;
        for (int i = cursor; i < m_model->cellCount(); ++i)
            below << i;
        runCells(below);
    } else if (command == QLatin1String("cancel-queued-cells")) {
        for (const int cell : std::as_const(selected)) {
            if (m_queue->state(cell) == Editor::CellRunState::Queued)
                m_queue->cancel(cell);
        }
    } else if (command == QLatin1String("interrupt-kernel")) {
        m_queue->clear();
        m_session->interrupt();
    } else if (command == QLatin1String("restart-kernel")) {
        if (confirmRestart()) {
            m_queue->clear();
            m_session->restart();
        }
    } else if (command == QLatin1String("restart-and-run-all")) {
        if (confirmRestart()) {
            m_queue->clear();
            m_session->restart();
            runCommand(QStringLiteral("run-all")); // queued until the new kernel is ready
        }
    } else if (command == QLatin1String("change-runtime")) {
        chooseRuntime();
    } else if (command == QLatin1String("remote-sessions")) {
        showRemoteSessions();
    } else if (command == QLatin1String("save")) {
        saveInBackground();
    } else if (command == QLatin1String("find") || command == QLatin1String("find-replace")) {
        m_findBar->open(command == QLatin1String("find-replace"));
        return;
    } else if (command == QLatin1String("find-next") || command == QLatin1String("find-previous")) {
        // VS Code's F3 with the bar closed opens it on the last query.
        if (m_findBar->isHidden())
            m_findBar->open(false);
        else if (command == QLatin1String("find-next"))
            m_findBar->findNext();
        else
            m_findBar->findPrevious();
        return;
    } else {
        emit windowCommandRequested(command);
    }
    m_view->ensureCursorVisible();
}

} // namespace Notebench::App
