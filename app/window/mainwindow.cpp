#include "app/window/mainwindow.h"

#include "app/window/kernelstatusbar.h"
#include "app/window/commandpalette.h"
#include "app/window/notebooktab.h"
#include "app/window/remotefilespanel.h"
#include "app/window/settingsdialog.h"
#include "app/window/shortcutsdialog.h"
#include "document/reader.h"
#include "math/mathrenderer.h"
#include "model/notebookcommands.h"
#include "model/notebookmodel.h"
#include "persistence/externalchangewatcher.h"
#include "persistence/recoveryjournal.h"
#include "view/docspanel.h"
#include "view/outlinepanel.h"
#include "view/notebookview.h"

#include <QApplication>
#include <QCloseEvent>
#include <QScopedValueRollback>
#include <QStyle>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QtConcurrent/QtConcurrentRun>

namespace Notebench::App {

namespace {
constexpr int maxRecentFiles = 10;
// What runWindowCommand runs: all the palette can offer while no notebook is open.
const QStringList windowCommands = {QStringLiteral("command-palette"), QStringLiteral("show-help"),
                                    QStringLiteral("new-notebook"), QStringLiteral("open-notebook"),
                                    QStringLiteral("save-as"), QStringLiteral("close-tab")};

Document::Notebook emptyNotebook()
{
    Document::Notebook notebook;
    notebook.metadata["kernelspec"] = {{"name", "python3"}, {"display_name", "Python 3 (ipykernel)"}, {"language", "python"}};
    notebook.metadata["language_info"] = {{"name", "python"}};
    notebook.insertCell(0, Document::CellType::Code);
    return notebook;
}
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_tabs(new QTabWidget(this))
    , m_kernelStatus(new KernelStatusBar(this))
    , m_journal(std::make_unique<Editor::RecoveryJournal>())
    , m_watcher(std::make_unique<Editor::ExternalChangeWatcher>())
{
    setWindowTitle(QStringLiteral("Notebench"));
    resize(1100, 800);
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_tabs->setDocumentMode(true);
    setCentralWidget(m_tabs);
    statusBar()->addPermanentWidget(m_kernelStatus);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &MainWindow::closeTab);
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::updateStatus);
    connect(m_watcher.get(), &Editor::ExternalChangeWatcher::changedOnDisk, this, &MainWindow::onChangedOnDisk);

    loadKeymap();
    if (!m_keymapError.isEmpty())
        statusBar()->showMessage(m_keymapError, 15000);
    buildOutline();
    buildDocsPanel();
    buildMenus();
    m_systemPalette = QApplication::palette();
    m_systemStyle = QApplication::style()->name();
    applyTheme();
}

MainWindow::~MainWindow()
{
    // Tabs unregister from the journal and the watcher, so they go first.
    while (m_tabs->count() > 0)
        delete m_tabs->widget(0);
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&New Notebook"), QKeySequence::New, this, &MainWindow::newNotebook);
    file->addAction(tr("&Open…"), QKeySequence::Open, this, &MainWindow::openDialog);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    updateRecentMenu();
    file->addSeparator();
    // Ctrl+S also comes through the keymap while a notebook has focus; the menu covers the rest.
    file->addAction(tr("&Save"), this, [this] { runInCurrent(QStringLiteral("save")); });
    file->addAction(tr("Save &As…"), QKeySequence::SaveAs, this, &MainWindow::saveCurrentAs);
    file->addAction(tr("&Close Tab"), QKeySequence::Close, this, [this] { closeTab(m_tabs->currentIndex()); });
    file->addSeparator();
    file->addAction(tr("Se&ttings…"), QKeySequence::Preferences, this, &MainWindow::showSettings);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    buildEditMenu();

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_outlineDock->toggleViewAction());
    view->addAction(m_docsDock->toggleViewAction());
    view->addAction(tr("Remote &Files…"), this, [this] {
        if (QDockWidget *dock = askForRemoteFilesDock(this))
            addDockWidget(Qt::RightDockWidgetArea, dock);
    });

    QMenu *run = menuBar()->addMenu(tr("&Run"));
    run->addAction(tr("Run Selected Cells"), this, [this] { runInCurrent(QStringLiteral("run-cell")); });
    run->addAction(tr("Run All Cells"), this, [this] { runInCurrent(QStringLiteral("run-all")); });
    run->addAction(tr("Run All Above"), this, [this] { runInCurrent(QStringLiteral("run-above")); });
    run->addAction(tr("Run Selected and All Below"), this, [this] { runInCurrent(QStringLiteral("run-below")); });

    QMenu *kernel = menuBar()->addMenu(tr("&Kernel"));
    kernel->addAction(tr("&Interrupt"), this, [this] { runInCurrent(QStringLiteral("interrupt-kernel")); });
    kernel->addAction(tr("&Restart…"), this, [this] { runInCurrent(QStringLiteral("restart-kernel")); });
    kernel->addAction(tr("Restart and Run &All…"), this, [this] { runInCurrent(QStringLiteral("restart-and-run-all")); });
    kernel->addSeparator();
    kernel->addAction(tr("&Change Kernel…"), this, [this] {
        if (auto *tab = currentTab())
            tab->chooseKernel();
    });
    connect(addKeyedAction(kernel, tr("Change R&untime…"), QStringLiteral("change-runtime")), &QAction::triggered, this,
            [this] { runInCurrent(QStringLiteral("change-runtime")); });
    kernel->addAction(tr("&Sessions on Host…"), this, [this] { runInCurrent(QStringLiteral("remote-sessions")); });
    buildHelpMenu();
}

void MainWindow::buildOutline()
{
    // JupyterLab's table of contents: a left sidebar, closed until asked for, following the current tab.
    m_outline = new Editor::OutlinePanel(this);
    m_outlineDock = new QDockWidget(tr("Outline"), this);
    m_outlineDock->setObjectName(QStringLiteral("outline"));
    m_outlineDock->setWidget(m_outline);
    addDockWidget(Qt::LeftDockWidgetArea, m_outlineDock);
    m_outlineDock->hide();
    // Free in the Jupyter keymap, and VS Code's "Go to Symbol" key.
    m_outlineDock->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        m_outline->setView(currentTab() ? currentTab()->view() : nullptr);
    });
}

void MainWindow::buildDocsPanel()
{
    // JupyterLab's contextual help: a right sidebar that follows the caret, closed until asked for.
    m_docs = new Editor::DocsPanel(this);
    m_docsDock = new QDockWidget(tr("Documentation"), this);
    m_docsDock->setObjectName(QStringLiteral("documentation"));
    m_docsDock->setWidget(m_docs);
    addDockWidget(Qt::RightDockWidgetArea, m_docsDock);
    m_docsDock->hide();
    // JupyterLab's key for contextual help; free in the Jupyter keymap.
    m_docsDock->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
}

void MainWindow::buildEditMenu()
{
    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    connect(addKeyedAction(edit, tr("&Find…"), QStringLiteral("find")), &QAction::triggered, this,
            [this] { runInCurrent(QStringLiteral("find")); });
    connect(addKeyedAction(edit, tr("&Replace…"), QStringLiteral("find-replace")), &QAction::triggered, this,
            [this] { runInCurrent(QStringLiteral("find-replace")); });
    connect(addKeyedAction(edit, tr("Find &Next"), QStringLiteral("find-next")), &QAction::triggered, this,
            [this] { runInCurrent(QStringLiteral("find-next")); });
    connect(addKeyedAction(edit, tr("Find &Previous"), QStringLiteral("find-previous")), &QAction::triggered, this,
            [this] { runInCurrent(QStringLiteral("find-previous")); });
    edit->addSeparator();
    connect(addKeyedAction(edit, tr("Command &Palette…"), QStringLiteral("command-palette")), &QAction::triggered, this,
            &MainWindow::showCommandPalette);
}

void MainWindow::buildHelpMenu()
{
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    connect(addKeyedAction(help, tr("&Keyboard Shortcuts"), QStringLiteral("show-help")), &QAction::triggered, this,
            &MainWindow::showShortcuts);
}

QAction *MainWindow::addKeyedAction(QMenu *menu, const QString &text, const QString &command)
{
    QAction *action = menu->addAction(text);
    m_keyedActions << KeyedAction{action, text, command};
    updateMenuKeys();
    return action;
}

void MainWindow::updateMenuKeys()
{
    // Text after a tab is shown as the item's shortcut without Qt binding it.
    for (const KeyedAction &keyed : m_keyedActions) {
        const QStringList keys = Editor::CommandCatalog::keysFor(m_keymap, keyed.command, Editor::Mode::Command);
        keyed.action->setText(keys.isEmpty() ? keyed.text : keyed.text + u'\t' + keys.first());
    }
}

QString MainWindow::userKeymapPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + QStringLiteral("/keymap.json");
}

void MainWindow::loadKeymap()
{
    // Views hold a pointer to m_keymap, so it is refreshed in place and their keys follow at once.
    Editor::Keymap keymap;
    m_keymapError.clear();
    keymap.loadUserFile(userKeymapPath(), &m_keymapError);
    m_keymap = keymap;
    updateMenuKeys();
}

void MainWindow::runWindowCommand(const QString &command)
{
    if (command == QLatin1String("command-palette"))
        showCommandPalette();
    else if (command == QLatin1String("show-help"))
        showShortcuts();
    else if (command == QLatin1String("new-notebook"))
        newNotebook();
    else if (command == QLatin1String("open-notebook"))
        openDialog();
    else if (command == QLatin1String("save-as"))
        saveCurrentAs();
    else if (command == QLatin1String("close-tab"))
        closeTab(m_tabs->currentIndex());
}

void MainWindow::showCommandPalette()
{
    QList<CommandPalette::Entry> entries = CommandPalette::entries(m_catalog, m_keymap);
    if (!currentTab())
        entries.removeIf([](const CommandPalette::Entry &entry) { return !windowCommands.contains(entry.command); });
    auto *palette = new CommandPalette(std::move(entries), this);
    palette->setAttribute(Qt::WA_DeleteOnClose);
    connect(palette, &CommandPalette::commandChosen, this, [this](const QString &command) {
        // The path keys take: model commands run on the notebook, the rest come back up as requests.
        if (auto *tab = currentTab())
            tab->view()->commands()->execute(command);
        else
            runWindowCommand(command);
    });
    palette->popup(m_tabs);
}

void MainWindow::showShortcuts()
{
    loadKeymap();   // an edit to keymap.json shows up here, and works, without a restart
    if (m_shortcuts)
        m_shortcuts->close();
    m_shortcuts = new ShortcutsDialog(m_keymap, m_catalog, userKeymapPath(), m_keymapError, this);
    m_shortcuts->setAttribute(Qt::WA_DeleteOnClose);
    m_shortcuts->show();
}

void MainWindow::saveCurrentAs()
{
    if (auto *tab = currentTab(); tab && tab->saveAs())
        rememberRecent(tab->path());
}

void MainWindow::showSettings()
{
    SettingsDialog dialog(userKeymapPath(), this);
    connect(&dialog, &SettingsDialog::reloadKeymapRequested, this, [this] {
        loadKeymap();
        statusBar()->showMessage(m_keymapError.isEmpty() ? tr("Keymap reloaded.") : m_keymapError, 10000);
    });
    if (dialog.exec() == QDialog::Accepted)
        applyTheme();
}

void MainWindow::applyTheme()
{
    const QScopedValueRollback guard(m_applyingTheme, true);   // setPalette() comes back as a change event
    switch (SettingsDialog::themeChoice()) {
    case SettingsDialog::ThemeChoice::System:
        QApplication::setStyle(m_systemStyle);
        QApplication::setPalette(m_systemPalette);
        m_theme = Editor::Theme::forPalette(m_systemPalette);
        break;
    case SettingsDialog::ThemeChoice::Light:
    case SettingsDialog::ThemeChoice::Dark:
        // Fusion draws every widget from the palette, so menus and dialogs follow the notebook.
        m_theme = SettingsDialog::themeChoice() == SettingsDialog::ThemeChoice::Dark ? Editor::Theme::dark()
                                                                                     : Editor::Theme::light();
        QApplication::setStyle(QStringLiteral("Fusion"));
        QApplication::setPalette(m_theme.palette());
        break;
    }
    for (int i = 0; i < m_tabs->count(); ++i)
        static_cast<NotebookTab *>(m_tabs->widget(i))->view()->setTheme(m_theme);
}

void MainWindow::changeEvent(QEvent *event)
{
    // The desktop switched between light and dark while we follow it.
    if (event->type() == QEvent::ApplicationPaletteChange && !m_applyingTheme
        && SettingsDialog::themeChoice() == SettingsDialog::ThemeChoice::System) {
        m_systemPalette = QApplication::palette();
        applyTheme();
    }
    QMainWindow::changeEvent(event);
}

NotebookTab *MainWindow::currentTab() const
{
    return qobject_cast<NotebookTab *>(m_tabs->currentWidget());
}

int MainWindow::tabCount() const
{
    return m_tabs->count();
}

void MainWindow::runInCurrent(const QString &command)
{
    if (auto *tab = currentTab())
        tab->runCommand(command);
}

void MainWindow::newNotebook()
{
    addTab(new NotebookTab(emptyNotebook(), QString(), m_keymap, *m_journal, *m_watcher));
}

void MainWindow::openDialog()
{
    const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Open notebook"), QString(), tr("Notebooks (*.ipynb)"));
    for (const QString &path : paths)
        openFile(path);
}

void MainWindow::openFile(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (static_cast<NotebookTab *>(m_tabs->widget(i))->path() == absolute) {
            m_tabs->setCurrentIndex(i);
            return;
        }
    }
    // A 40 MB notebook parses on a worker; the window keeps painting meanwhile.
    auto *watcher = new QFutureWatcher<Document::ReadResult>(this);
    connect(watcher, &QFutureWatcher<Document::ReadResult>::finished, this, [this, watcher, absolute] {
        // takeResult(): result() would copy the whole notebook (175 ms for 40 MB) on the GUI thread.
        auto result = watcher->future().takeResult();
        watcher->deleteLater();
        if (!result.notebook) {
            const QString why = result.error ? QString::fromStdString(result.error->toString())
                                             : tr("%1 could not be read.").arg(absolute);
            QMessageBox::warning(this, tr("Could not open notebook"), why + tr("\n\nThe file was not changed."));
            return;
        }
        for (const auto &notice : result.notices)
            statusBar()->showMessage(QString::fromStdString(notice), 10000);
        addTab(new NotebookTab(std::move(*result.notebook), absolute, m_keymap, *m_journal, *m_watcher));
        rememberRecent(absolute);
    });
    watcher->setFuture(QtConcurrent::run([absolute] { return Document::readNotebookFile(absolute.toStdString()); }));
}

void MainWindow::addTab(NotebookTab *tab)
{
    // One MathJax engine for every tab; made after m_tabs, so the tabs' views go before it on exit.
    if (!m_math)
        m_math = new Math::MathRenderer(this);
    tab->view()->setMathRenderer(m_math);
    tab->view()->setTheme(m_theme);
    tab->setDocsPanel(m_docs);
    const int index = m_tabs->addTab(tab, tab->title());
    m_tabs->setCurrentIndex(index);
    m_tabs->setTabToolTip(index, tab->path());
    connect(tab, &NotebookTab::titleChanged, this, [this, tab] {
        if (const int at = m_tabs->indexOf(tab); at >= 0)
            m_tabs->setTabText(at, tab->title());
        updateStatus();
    });
    connect(tab, &NotebookTab::windowCommandRequested, this, &MainWindow::runWindowCommand);
    connect(tab, &NotebookTab::runtimeProblem, this, [this](const QString &reason) { statusBar()->showMessage(reason, 15000); });
    tab->setFocus();
    updateStatus();
}

bool MainWindow::closeTab(int index)
{
    auto *tab = qobject_cast<NotebookTab *>(m_tabs->widget(index));
    if (!tab)
        return true;
    if (tab->isModified()) {
        m_tabs->setCurrentIndex(index);
        const auto answer = QMessageBox::question(this, tr("Unsaved changes"),
                                                  tr("Save the changes to %1 before closing?").arg(tab->title()),
                                                  QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
        if (answer == QMessageBox::Cancel || (answer == QMessageBox::Save && !tab->save()))
            return false;
    }
    m_tabs->removeTab(index);
    delete tab;
    updateStatus();
    return true;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    while (m_tabs->count() > 0) {
        if (!closeTab(m_tabs->count() - 1)) {
            event->ignore();
            return;
        }
    }
    event->accept();
}

void MainWindow::rememberRecent(const QString &path)
{
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recentFiles")).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    settings.setValue(QStringLiteral("recentFiles"), recent.mid(0, maxRecentFiles));
    updateRecentMenu();
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(QStringLiteral("recentFiles")).toStringList();
    for (const QString &path : recent)
        m_recentMenu->addAction(path, this, [this, path] { openFile(path); });
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::updateStatus()
{
    auto *tab = currentTab();
    m_kernelStatus->setTab(tab);
    setWindowTitle(tab ? tab->title() + QStringLiteral(" — Notebench") : QStringLiteral("Notebench"));
}

void MainWindow::onChangedOnDisk(const QString &path)
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto *tab = static_cast<NotebookTab *>(m_tabs->widget(i));
        if (tab->path() != path)
            continue;
        const QString question = tab->isModified()
                                     ? tr("%1 was changed by another program. Reload it and lose your unsaved changes?")
                                     : tr("%1 was changed by another program. Reload it?");
        if (QMessageBox::question(this, tr("File changed on disk"), question.arg(path)) == QMessageBox::Yes)
            tab->reload();
    }
}

void MainWindow::offerRecovery()
{
    const auto scan = m_journal->pending();
    for (const auto &entry : scan.entries) {
        const QString name = entry.originalPath.isEmpty() ? tr("an untitled notebook") : entry.originalPath;
        const auto answer = QMessageBox::question(
            this, tr("Recover unsaved work"),
            tr("Notebench stopped before %1 was saved (%2). Restore the unsaved version?")
                .arg(name, entry.savedAt.toLocalTime().toString(Qt::TextDate)),
            QMessageBox::Yes | QMessageBox::No);
        if (answer != QMessageBox::Yes)
            continue;
        auto restored = Editor::RecoveryJournal::restore(entry);
        if (!restored.notebook) {
            QMessageBox::warning(this, tr("Could not recover"), restored.error);
            continue;
        }
        auto *tab = new NotebookTab(std::move(*restored.notebook), entry.originalPath, m_keymap, *m_journal, *m_watcher);
        tab->model()->markUnsaved(); // not what the file holds
        addTab(tab);
        Editor::RecoveryJournal::discard(entry);
    }
}

} // namespace Notebench::App
