// Helper for tst_mainwindow: the real window edits a notebook by keystrokes and waits to be
// killed once the recovery journal holds the edit.
//   window_child NOTEBOOK TEXT   opens NOTEBOOK, types TEXT into its first cell, prints "journaled"
#include "app/window/mainwindow.h"
#include "app/window/notebooktab.h"
#include "model/notebookmodel.h"
#include "persistence/recoveryjournal.h"
#include "view/celleditor.h"
#include "view/notebookview.h"

#include <QApplication>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>

#include <cstdio>

using namespace Notebench;

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    // The journal lives where tst_mainwindow looks for it after the kill.
    QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    QStandardPaths::setTestModeEnabled(true);
    const QStringList args = app.arguments();
    if (args.size() != 3) {
        std::fputs("usage: window_child NOTEBOOK TEXT\n", stderr);
        return 2;
    }
    App::MainWindow window;
    window.show();
    QObject::connect(window.journal(), &Editor::RecoveryJournal::snapshotWritten, &app, [] {
        std::puts("journaled");
        std::fflush(stdout);
    });
    window.openFile(args[1]);
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &app, [&] {
        auto *tab = window.currentTab();
        if (!tab)
            return;
        poll.stop();
        // As a user: Enter goes into the first cell, then the text is typed key by key.
        tab->model()->setCursor(0);
        tab->view()->setFocus();
        QTest::keyClick(tab->view(), Qt::Key_Return);
        Editor::CellEditor *editor = tab->view()->editorFor(0);
        if (!editor) {
            std::fputs("window_child: the first cell has no editor\n", stderr);
            QCoreApplication::exit(3);
            return;
        }
        QTest::keyClick(editor, Qt::Key_End, Qt::ControlModifier);
        QTest::keyClicks(editor, args[2]);
    });
    poll.start(50);
    return app.exec();
}
