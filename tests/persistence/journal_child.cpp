// Helper for tst_recoveryjournal: a process with one dirty document in a recovery journal, waiting to be killed.
//   journal_child DIRECTORY KEY ORIGINAL_PATH SOURCE   journals a notebook whose only cell holds SOURCE
//   journal_child --exit                               exits at once (the test's "dead pid")
#include "persistence/recoveryjournal.h"

#include <QCoreApplication>

#include <chrono>
#include <cstdio>

using namespace Notebench;

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() == 2 && args[1] == QLatin1String("--exit"))
        return 0;
    if (args.size() != 5) {
        std::fputs("usage: journal_child DIRECTORY KEY ORIGINAL_PATH SOURCE | --exit\n", stderr);
        return 2;
    }
    Editor::RecoveryJournal journal(args[1], std::chrono::milliseconds(100));
    journal.track(args[2], args[3]);
    Document::Notebook notebook;
    notebook.insertCell(0, Document::CellType::Code, args[4].toStdString());
    journal.markDirty(args[2], std::move(notebook));
    return app.exec();
}
