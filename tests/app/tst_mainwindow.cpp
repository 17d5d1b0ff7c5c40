// The window end to end, offscreen: open a notebook off the GUI thread, run it on the real
// python3 kernel through the keyboard and menus' command path, save atomically, bad files.
#include "app/window/mainwindow.h"
#include "app/window/notebooktab.h"
#include "document/reader.h"
#include "kernel/kernelsession.h"
#include "model/notebookmodel.h"
#include "view/notebookview.h"

#include <QApplication>
#include <QFile>
#include <QMessageBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Notebench;

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
} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void openRunAndSave();
    void badFileShowsWhereAndKeepsRunning();
    void saveFailureKeepsOriginal();

private:
    QTemporaryDir m_dir;
};

void TestMainWindow::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true); // recovery journal and settings in a test location
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

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
