// The window end to end, offscreen: open a notebook off the GUI thread, run it on the real
// python3 kernel through the keyboard and menus' command path, save atomically, bad files.
#include "celltext.h"
#include "app/window/kernelpicker.h"
#include "app/window/kernelstatusbar.h"
#include "app/window/mainwindow.h"
#include "app/window/notebooktab.h"
#include "app/window/settingsdialog.h"
#include "document/reader.h"
#include "document/writer.h"
#include "kernel/kernelsession.h"
#include "model/notebookmodel.h"
#include "persistence/recoveryjournal.h"
#include "view/celleditor.h"
#include "view/inputprompt.h"
#include "view/notebookview.h"

#include <Qsci/qscilexerpython.h>

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QProcess>
#include <QScrollBar>
#include <QToolButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/types.h>
#endif

using namespace Notebench;
using Testing::streamText;

namespace {
/// Answers the next modal message box, remembering its text (a test cannot click).
class MessageCatcher : public QObject
{
public:
    explicit MessageCatcher(QMessageBox::StandardButton answer) : m_answer(answer)
    {
        m_timer.setInterval(20);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
                text = box->text();
                // A click, so that QMessageBox::question() sees which button answered.
                if (auto *button = box->button(m_answer))
                    button->click();
                else
                    box->done(m_answer);
            }
        });
        m_timer.start();
    }
    QString text;

private:
    QMessageBox::StandardButton m_answer;
    QTimer m_timer;
};

QString writeNotebook(const QString &path, const std::vector<std::string> &sources, const std::string &kernel = "python3")
{
    Document::Notebook notebook;
    notebook.metadata["kernelspec"] = {{"name", kernel}, {"display_name", "Python 3 (ipykernel)"}, {"language", "python"}};
    for (const auto &source : sources)
        notebook.insertCell(notebook.cells.size(), Document::CellType::Code, source);
    const auto error = Document::saveNotebookFile(path.toStdString(), notebook);
    return QString::fromStdString(error);
}

App::NotebookTab *openAndWaitIdle(App::MainWindow &window, const QString &path)
{
    window.openFile(path);
    if (!QTest::qWaitFor([&] { return window.tabCount() == 1; }, 10000))
        return nullptr;
    auto *tab = window.currentTab();
    if (!QTest::qWaitFor([&] { return tab->session()->state() == Kernel::KernelState::Idle; }, 60000))
        return nullptr;
    return tab;
}
} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void openRunAndSave();
    void badFileShowsWhereAndKeepsRunning();
    void saveFailureKeepsOriginal();
    void inputPromptsInline();
    void statusBarShowsKernelStateAndMemory();
    void missingKernelOffersPicker();
    void queuedCellCancelled();
    void killedWindowOffersRecovery();
    void backgroundSaveKeepsLaterEditsUnsaved();
    void darkThemeReachesCellsEditorsAndOutputs();
    void enterIndentsAsTheKernelSays();

private:
    QTemporaryDir m_dir;
};

void TestMainWindow::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true); // recovery journal and settings in a test location
    // Entries an earlier, interrupted run left would be offered too.
    QDir(Editor::RecoveryJournal::defaultDirectory()).removeRecursively();
    App::SettingsDialog::setThemeChoice(App::SettingsDialog::ThemeChoice::System); // settings outlive runs
}

void TestMainWindow::openRunAndSave()
{
    const QString path = m_dir.filePath(QStringLiteral("welcome.ipynb"));
    QVERIFY(QFile::copy(QStringLiteral(NOTEBENCH_SOURCE_DIR "/resources/examples/welcome.ipynb"), path));
    App::MainWindow window;
    window.show();
    window.openFile(path);
    QTRY_COMPARE_WITH_TIMEOUT(window.tabCount(), 1, 10000);
    auto *tab = window.currentTab();
    QTRY_VERIFY_WITH_TIMEOUT(tab->session()->state() == Kernel::KernelState::Idle, 60000);
    QCOMPARE(tab->model()->cellCount(), 6);

    tab->runCommand(QStringLiteral("run-all"));
    QTRY_VERIFY_WITH_TIMEOUT(tab->model()->cell(5).executionCount.has_value(), 30000);
    QTRY_VERIFY_WITH_TIMEOUT(tab->session()->state() == Kernel::KernelState::Idle, 10000);
    QVERIFY(tab->isModified());
    QVERIFY(tab->title().endsWith(QLatin1Char('*')));
    const auto &result = tab->model()->cell(4).outputs;
    QCOMPARE(result.size(), std::size_t(1));
    QVERIFY(result[0]["data"]["text/plain"].get<std::string>().find("5: 25") != std::string::npos);

    // Keys reach the model through the view: B inserts a cell below the cursor.
    tab->model()->setCursor(0);
    tab->view()->setFocus();
    QTest::keyClick(tab->view(), Qt::Key_B);
    QCOMPARE(tab->model()->cellCount(), 7);

    QVERIFY(tab->save());
    QVERIFY(!tab->isModified());
    const auto saved = Document::readNotebookFile(path.toStdString());
    QVERIFY(saved.notebook);
    QCOMPARE(saved.notebook->cells.size(), std::size_t(7));
    QCOMPARE(saved.notebook->cells[5].executionCount.value_or(-1), 3);
    QVERIFY(saved.notebook->cells[5].outputs.dump().find("5: 25") != std::string::npos);
}

void TestMainWindow::badFileShowsWhereAndKeepsRunning()
{
    const QString path = m_dir.filePath(QStringLiteral("broken.ipynb"));
    const QByteArray garbage(R"({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": 7}]})");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(garbage);
    file.close();
    App::MainWindow window;
    window.show();
    MessageCatcher catcher(QMessageBox::Ok);
    window.openFile(path);
    QTRY_VERIFY_WITH_TIMEOUT(!catcher.text.isEmpty(), 10000);
    QVERIFY2(catcher.text.contains(QStringLiteral("broken.ipynb")) && catcher.text.contains(QStringLiteral("cell 1")),
             qPrintable(catcher.text));
    QCOMPARE(window.tabCount(), 0);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), garbage);
}

void TestMainWindow::saveFailureKeepsOriginal()
{
    const QString path = m_dir.filePath(QStringLiteral("keep.ipynb"));
    QVERIFY(QFile::copy(QStringLiteral(NOTEBENCH_SOURCE_DIR "/resources/examples/welcome.ipynb"), path));
    QFile original(path);
    QVERIFY(original.open(QIODevice::ReadOnly));
    const QByteArray before = original.readAll();
    original.close();
    App::MainWindow window;
    window.openFile(path);
    QTRY_COMPARE_WITH_TIMEOUT(window.tabCount(), 1, 10000);
    auto *tab = window.currentTab();
    tab->model()->setCursor(0);
    tab->model()->insertCellBelow();
    // A target whose folder is a file: no temp file can be made beside it, even for root (a
    // read-only folder would not stop root, who runs CI here).
    const QString blockerPath = m_dir.filePath(QStringLiteral("not-a-folder"));
    QFile blocker(blockerPath);
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    MessageCatcher catcher(QMessageBox::Ok);
    QVERIFY(!tab->saveAs(blockerPath + QStringLiteral("/keep.ipynb")));
    QVERIFY2(catcher.text.contains(QStringLiteral("not-a-folder")), qPrintable(catcher.text));
    QVERIFY(tab->isModified());
    QCOMPARE(tab->path(), path); // still the original file
    QVERIFY(original.open(QIODevice::ReadOnly));
    QCOMPARE(original.readAll(), before);
    original.close();
    tab->model()->undo(); // back to the saved state, so closing does not ask
    QVERIFY(!tab->isModified());
}

void TestMainWindow::inputPromptsInline()
{
    const QString path = m_dir.filePath(QStringLiteral("input.ipynb"));
    QCOMPARE(writeNotebook(path, {"name = input('Name? ')\nprint('hi', name)",
                                  "import getpass\nsecret = getpass.getpass('Token: ')\nprint(len(secret))"}),
             QString());
    App::MainWindow window;
    window.show();
    auto *tab = openAndWaitIdle(window, path);
    QVERIFY2(tab, "the notebook did not open with an idle kernel");
    auto *view = tab->view();
    tab->model()->setCursor(0);
    tab->runCommand(QStringLiteral("run-cell"));
    QTRY_VERIFY_WITH_TIMEOUT(view->inputPrompt() != nullptr, 20000);
    QCOMPARE(view->inputPromptCell(), 0);
    QVERIFY(!view->inputPrompt()->isPassword());
    // The prompt sits below the cell's input, inside its rectangle, and has the focus.
    const QRect cell = view->cellRect(0).translated(0, -view->verticalScrollBar()->value());
    QVERIFY(cell.contains(view->inputPrompt()->geometry()));
    QTRY_VERIFY(view->inputPrompt()->field()->hasFocus());
    // Command-mode letters typed into the field are text, not notebook commands.
    QTest::keyClicks(view->inputPrompt()->field(), QStringLiteral("abdd"));
    QCOMPARE(tab->model()->cellCount(), 2);
    view->inputPrompt()->field()->clear();
    QTest::keyClicks(view->inputPrompt()->field(), QStringLiteral("Grace"));
    QTest::keyClick(view->inputPrompt()->field(), Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(streamText(*tab->model(), 0).contains(QStringLiteral("hi Grace")), 20000);
    QCOMPARE(view->inputPrompt(), nullptr);

    tab->model()->setCursor(1);
    tab->runCommand(QStringLiteral("run-cell"));
    QTRY_VERIFY_WITH_TIMEOUT(view->inputPrompt() != nullptr, 20000);
    QVERIFY(view->inputPrompt()->isPassword());
    QCOMPARE(view->inputPrompt()->field()->echoMode(), QLineEdit::Password);
    QTest::keyClicks(view->inputPrompt()->field(), QStringLiteral("s3cret"));
    QTest::keyClick(view->inputPrompt()->field(), Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(streamText(*tab->model(), 1).contains(QStringLiteral("6")), 20000);
    QVERIFY(tab->model()->cell(1).outputs.dump().find("s3cret") == std::string::npos);
    QTRY_VERIFY_WITH_TIMEOUT(tab->session()->state() == Kernel::KernelState::Idle, 10000);
    tab->model()->markSaved();
}

void TestMainWindow::statusBarShowsKernelStateAndMemory()
{
    const QString path = m_dir.filePath(QStringLiteral("status.ipynb"));
    QCOMPARE(writeNotebook(path, {"import os\nos._exit(3)"}), QString());
    App::MainWindow window;
    window.show();
    auto *tab = openAndWaitIdle(window, path);
    QVERIFY2(tab, "the notebook did not open with an idle kernel");
    auto *status = window.kernelStatus();
    QVERIFY2(status->text().startsWith(QStringLiteral("Local CPU | Python 3 (ipykernel) | idle")), qPrintable(status->text()));
    // ipykernel answers usage_request with the kernel's memory (tens of MB for a bare kernel).
    QTRY_VERIFY_WITH_TIMEOUT(status->text().endsWith(QStringLiteral(" MB")), 15000);
    auto *restart = status->findChild<QToolButton *>();
    QVERIFY(restart && restart->isHidden());

    tab->runCommand(QStringLiteral("run-cell")); // the kernel process exits with status 3
    QTRY_VERIFY_WITH_TIMEOUT(tab->session()->state() == Kernel::KernelState::Dead, 20000);
    QVERIFY2(status->text().contains(QStringLiteral("dead")) && status->text().contains(QStringLiteral("3")),
             qPrintable(status->text()));
    QVERIFY(!restart->isHidden());
    restart->click();
    QTRY_VERIFY_WITH_TIMEOUT(tab->session()->state() == Kernel::KernelState::Idle, 60000);
    QVERIFY(restart->isHidden());
    tab->model()->markSaved();
}

void TestMainWindow::missingKernelOffersPicker()
{
    const QString path = m_dir.filePath(QStringLiteral("missing-kernel.ipynb"));
    QCOMPARE(writeNotebook(path, {"print(6 * 7)"}, "no-such-kernel"), QString());
    App::MainWindow window;
    window.show();
    window.openFile(path);
    QTRY_COMPARE_WITH_TIMEOUT(window.tabCount(), 1, 10000);
    auto *tab = window.currentTab();
    App::KernelPicker *picker = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((picker = tab->findChild<App::KernelPicker *>()) != nullptr, 10000);
    QCOMPARE(tab->session()->state(), Kernel::KernelState::NotStarted); // nothing started behind the user's back
    auto *list = picker->findChild<QListWidget *>();
    QVERIFY(list && list->count() >= 1);
    const auto found = list->findItems(QStringLiteral("(python3)"), Qt::MatchEndsWith);
    QCOMPARE(found.size(), 1);
    list->setCurrentItem(found.first());
    picker->accept();
    QTRY_VERIFY_WITH_TIMEOUT(tab->session()->state() == Kernel::KernelState::Idle, 60000);
    QCOMPARE(tab->model()->notebook().kernelName(), std::string("python3"));
    QVERIFY(tab->isModified()); // the new kernelspec is part of the document
    tab->runCommand(QStringLiteral("run-cell"));
    QTRY_COMPARE_WITH_TIMEOUT(streamText(*tab->model(), 0), QStringLiteral("42\n"), 20000);
    tab->model()->markSaved();
}

void TestMainWindow::queuedCellCancelled()
{
    const QString path = m_dir.filePath(QStringLiteral("queue.ipynb"));
    QCOMPARE(writeNotebook(path, {"import time\ntime.sleep(1)", "print('cancelled')", "print('ran')"}), QString());
    App::MainWindow window;
    window.show();
    auto *tab = openAndWaitIdle(window, path);
    QVERIFY2(tab, "the notebook did not open with an idle kernel");
    tab->runCommand(QStringLiteral("run-all"));
    QCOMPARE(tab->view()->cellRunState(1), Editor::CellRunState::Queued);
    QCOMPARE(tab->view()->cellTiming(1), QStringLiteral("queued"));
    tab->model()->setCursor(1);
    tab->runCommand(QStringLiteral("cancel-queued-cells"));
    QCOMPARE(tab->view()->cellRunState(1), Editor::CellRunState::Idle);
    QTRY_COMPARE_WITH_TIMEOUT(streamText(*tab->model(), 2), QStringLiteral("ran\n"), 20000);
    QVERIFY(tab->model()->cell(1).outputs.empty());
    QVERIFY(!tab->model()->cell(1).executionCount);
    QVERIFY2(tab->view()->cellTiming(0).endsWith(QStringLiteral(" s")), qPrintable(tab->view()->cellTiming(0)));
    tab->model()->markSaved();
}

void TestMainWindow::killedWindowOffersRecovery()
{
#ifndef Q_OS_UNIX
    QSKIP("kill -9 is POSIX; Windows has no equivalent this test can send");
#else
    const QString path = m_dir.filePath(QStringLiteral("crash.ipynb"));
    QCOMPARE(writeNotebook(path, {"x = 1"}), QString());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray before = file.readAll();
    file.close();

    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    auto environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    child.setProcessEnvironment(environment);
    child.start(QStringLiteral(NOTEBENCH_WINDOW_CHILD), {path, QStringLiteral(" + 41  # typed before the crash")});
    QVERIFY2(child.waitForStarted(10000), qPrintable(child.errorString()));
    QVERIFY2(QTest::qWaitFor([&] { return child.readAllStandardOutput().contains("journaled"); }, 30000),
             "the window never journaled the typed edit");
    QCOMPARE(::kill(pid_t(child.processId()), SIGKILL), 0);
    QVERIFY(child.waitForFinished(10000));
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);

    App::MainWindow window;
    window.show();
    MessageCatcher catcher(QMessageBox::Yes);
    window.offerRecovery();
    QVERIFY2(catcher.text.contains(QStringLiteral("crash.ipynb")), qPrintable(catcher.text));
    QCOMPARE(window.tabCount(), 1);
    auto *tab = window.currentTab();
    QCOMPARE(tab->path(), path);
    QCOMPARE(tab->model()->source(0), QStringLiteral("x = 1 + 41  # typed before the crash"));
    QVERIFY(tab->isModified());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), before); // recovery never wrote over the user's file
    file.close();
    QVERIFY(window.journal()->pending().entries.empty());
    tab->model()->markSaved();
#endif
}

void TestMainWindow::backgroundSaveKeepsLaterEditsUnsaved()
{
    const QString path = m_dir.filePath(QStringLiteral("background.ipynb"));
    QCOMPARE(writeNotebook(path, {"a = 1"}), QString());
    App::MainWindow window;
    window.openFile(path);
    QTRY_COMPARE_WITH_TIMEOUT(window.tabCount(), 1, 10000);
    auto *tab = window.currentTab();
    tab->model()->setCursor(0);
    tab->model()->insertCellBelow();
    tab->runCommand(QStringLiteral("save")); // Ctrl+S: written on a worker
    QVERIFY(tab->isSaving());
    tab->model()->insertCellBelow(); // typed while the snapshot is being written
    QTRY_VERIFY_WITH_TIMEOUT(!tab->isSaving(), 10000);
    QVERIFY(tab->isModified());
    QVERIFY(tab->title().endsWith(QLatin1Char('*')));
    auto saved = Document::readNotebookFile(path.toStdString());
    QVERIFY(saved.notebook);
    QCOMPARE(saved.notebook->cells.size(), std::size_t(2)); // the snapshot, not the later edit

    tab->runCommand(QStringLiteral("save"));
    QTRY_VERIFY_WITH_TIMEOUT(!tab->isSaving() && !tab->isModified(), 10000);
    saved = Document::readNotebookFile(path.toStdString());
    QVERIFY(saved.notebook);
    QCOMPARE(saved.notebook->cells.size(), std::size_t(3));
}

void TestMainWindow::darkThemeReachesCellsEditorsAndOutputs()
{
    const QString path = m_dir.filePath(QStringLiteral("theme.ipynb"));
    QCOMPARE(writeNotebook(path, {"print(1)"}), QString());
    const QPalette systemPalette = QApplication::palette();
    App::MainWindow window;
    window.show();
    window.openFile(path);
    QTRY_COMPARE_WITH_TIMEOUT(window.tabCount(), 1, 10000);
    auto *view = window.currentTab()->view();

    App::SettingsDialog::setThemeChoice(App::SettingsDialog::ThemeChoice::Dark);
    window.applyTheme();
    QVERIFY(view->theme().isDark);
    QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 128);
    QVERIFY(Editor::Theme::current().isDark); // outputs and markdown render from the app palette
    auto *editor = view->editorFor(0);
    QVERIFY(editor);
    QVERIFY(editor->lexer()); // python: the lexer's styles carry the colours
    QCOMPARE(editor->lexer()->paper(0), Editor::Theme::dark().inputBackground);
    QCOMPARE(editor->lexer()->color(QsciLexerPython::Keyword), Editor::Theme::dark().keyword);
    QCOMPARE(view->viewport()->palette().color(QPalette::Base), Editor::Theme::dark().background);
    // A tab opened later starts dark too.
    window.newNotebook();
    QVERIFY(window.currentTab()->view()->theme().isDark);

    App::SettingsDialog::setThemeChoice(App::SettingsDialog::ThemeChoice::System);
    window.applyTheme();
    QCOMPARE(QApplication::palette().color(QPalette::Window), systemPalette.color(QPalette::Window));
    QCOMPARE(view->theme().isDark, Editor::Theme::forPalette(systemPalette).isDark);
    QCOMPARE(editor->lexer()->paper(0), view->theme().inputBackground);
}

void TestMainWindow::enterIndentsAsTheKernelSays()
{
    const QString path = m_dir.filePath(QStringLiteral("indent.ipynb"));
    QCOMPARE(writeNotebook(path, {""}), QString());
    App::MainWindow window;
    window.show();
    auto *tab = openAndWaitIdle(window, path);
    QVERIFY2(tab, "the notebook did not open with an idle kernel");
    tab->model()->setCursor(0);
    tab->model()->setMode(Editor::Mode::Edit);
    auto *editor = tab->view()->editorFor(0);
    QVERIFY(editor);
    QTest::keyClicks(editor, QStringLiteral("for i in range(3):"));
    QTest::keyClick(editor, Qt::Key_Return);
    QCOMPARE(editor->lines(), 2); // the newline is there at once; the kernel's indent follows
    QTRY_COMPARE_WITH_TIMEOUT(tab->model()->source(0), QStringLiteral("for i in range(3):\n    "), 10000);
    QTest::keyClicks(editor, QStringLiteral("print(i)"));
    QCOMPARE(tab->model()->source(0), QStringLiteral("for i in range(3):\n    print(i)"));
    tab->model()->markSaved();
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
