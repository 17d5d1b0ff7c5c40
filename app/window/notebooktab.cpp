#include "app/window/notebooktab.h"

#include "app/executionqueue.h"
#include "app/window/findbar.h"
#include "document/reader.h"
#include "document/writer.h"
#include "kernel/kernelclient.h"
#include "kernel/kernelsession.h"
#include "local/localprovisioner.h"
#include "model/notebookmodel.h"
#include "persistence/externalchangewatcher.h"
#include "persistence/recoveryjournal.h"
#include "view/notebookview.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMessageBox>
#include <QUuid>
#include <QVBoxLayout>

namespace Notebench::App {

namespace {
QString duration(qint64 milliseconds)
{
    return milliseconds < 1000 ? QStringLiteral("%1 ms").arg(milliseconds)
                               : QStringLiteral("%1 s").arg(double(milliseconds) / 1000.0, 0, 'f', 1);
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
    , m_journal(journal)
    , m_watcher(watcher)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    layout->addWidget(m_findBar);
    setFocusProxy(m_view);

    connect(m_view, &Editor::NotebookView::commandRequested, this, &NotebookTab::runCommand);
    connect(m_model.get(), &Editor::NotebookModel::modifiedChanged, this, &NotebookTab::titleChanged);
    connect(m_session.get(), &Kernel::KernelSession::stateChanged, this, &NotebookTab::kernelStatusChanged);
    connect(m_queue, &ExecutionQueue::stateChanged, this, [this](int cell, Editor::CellRunState state) {
        m_view->setCellRunState(cell, state, state == Editor::CellRunState::Running ? QStringLiteral("running") : QString());
    });
    connect(m_queue, &ExecutionQueue::cellFinished, this,
            [this](int cell, bool, qint64 milliseconds) { m_view->setCellRunState(cell, Editor::CellRunState::Idle, duration(milliseconds)); });
    connect(m_queue, &ExecutionQueue::inputRequested, this,
            [this](int, const QString &prompt, bool password, const Protocol::Message &request) {
                bool ok = false;
                const QString value = QInputDialog::getText(this, tr("Input requested"), prompt,
                                                            password ? QLineEdit::Password : QLineEdit::Normal, QString(), &ok);
                m_session->client()->sendInputReply(request, ok ? value : QString());
            });
    // The running cell's prompt shows how long it has run.
    m_elapsedTimer.setInterval(1000);
    connect(&m_elapsedTimer, &QTimer::timeout, this, [this] {
        if (m_queue->runningCell() >= 0)
            m_view->setCellRunState(m_queue->runningCell(), Editor::CellRunState::Running,
                                    QStringLiteral("running %1").arg(duration(m_queue->runningFor())));
    });
    m_elapsedTimer.start();

    // Unsaved edits go to the recovery journal every few seconds; one copy per interval at most.
    m_journal.track(m_documentKey, m_path);
    m_journalTimer.setInterval(2000);
    connect(&m_journalTimer, &QTimer::timeout, this, [this] {
        if (m_model->isModified())
            m_journal.markDirty(m_documentKey, m_model->notebook());
    });
    m_journalTimer.start();
    if (!m_path.isEmpty())
        m_watcher.watch(m_path);

    startKernel();
}

NotebookTab::~NotebookTab()
{
    m_journal.untrack(m_documentKey);
    if (!m_path.isEmpty())
        m_watcher.unwatch(m_path);
    delete m_findBar; // its search observes the model and the view
    delete m_view; // before the model it observes
    m_view = nullptr;
}

void NotebookTab::startKernel()
{
    QString kernelName = QString::fromStdString(m_model->notebook().kernelName());
    if (kernelName.isEmpty())
        kernelName = QStringLiteral("python3");
    const QString cwd = m_path.isEmpty() ? QDir::homePath() : QFileInfo(m_path).absolutePath();
    m_session->start({kernelName, cwd, {}, {}});
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

QString NotebookTab::kernelStatus() const
{
    const QString name = QString::fromStdString(m_model->notebook().kernelName());
    QString status = (name.isEmpty() ? QStringLiteral("python3") : name) + QStringLiteral(" | ")
                     + Kernel::kernelStateName(m_session->state());
    if (m_session->state() == Kernel::KernelState::Dead)
        status += QStringLiteral(" — ") + m_session->deathReason().text();
    return status;
}

bool NotebookTab::writeTo(const QString &path)
{
    m_watcher.expectOwnSave(path);
    const auto error = Document::saveNotebookFile(path.toStdString(), m_model->notebook());
    if (!error.empty()) {
        QMessageBox::warning(this, tr("Could not save"),
                             tr("%1\n\nThe file on disk was not changed.").arg(QString::fromStdString(error)));
        return false;
    }
    m_watcher.noteOwnSave(path);
    m_model->markSaved();
    m_journal.markSaved(m_documentKey);
    emit titleChanged();
    return true;
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
    m_watcher.watch(m_path);
    m_journal.track(m_documentKey, m_path);
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
    } else if (command == QLatin1String("save")) {
        save();
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
