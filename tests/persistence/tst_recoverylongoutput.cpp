// The recovery journal and a long stream output whose middle lives in a spill file: the snapshot
// on disk holds every line (read back from the spill as it is written), so a crash that takes the
// spill file with it (or a cache cleaner) still loses nothing.
#include "document/reader.h"
#include "document/streamtext.h"
#include "persistence/recoveryjournal.h"

#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace Notebench;

class TestRecoveryLongOutput : public QObject {
    Q_OBJECT
private slots:
    void snapshotHoldsTheWholeStream();
};

void TestRecoveryLongOutput::snapshotHoldsTheWholeStream()
{
    QTemporaryDir journalDir;
    QTemporaryDir spillDir;
    QVERIFY(journalDir.isValid() && spillDir.isValid());
    std::string all;
    Document::Notebook notebook;
    QString spillFile;
    {
        Document::StreamText stream("stdout", spillDir.path().toStdString(), Document::StreamLimits{20, 4096, 20, 4096});
        for (int i = 0; i < 10'000; ++i) {
            const std::string number = std::to_string(i);
            std::string line = number;
            if (i % 10 == 0) // a progress bar overwriting its line on the way
                line.append("%\r").append(number).append("%");
            line.append("\n");
            stream.append(line);
            all.append(number).append(i % 10 == 0 ? "%\n" : "\n");
        }
        QVERIFY(stream.isElided());
        Document::Cell& cell = notebook.insertCell(0, Document::CellType::Code, "for i in range(10_000): print(i)");
        cell.outputs.push_back(stream.output());
        spillFile = QString::fromStdString(stream.output()[Document::kElidedKey]["file"].get<std::string>());

        Editor::RecoveryJournal journal(journalDir.path(), std::chrono::milliseconds(50));
        QSignalSpy written(&journal, &Editor::RecoveryJournal::snapshotWritten);
        journal.track(QStringLiteral("doc"), QStringLiteral("/work/long.ipynb"));
        journal.markDirty(QStringLiteral("doc"), notebook);
        journal.flush();
        QVERIFY2(written.wait(10'000), "no snapshot within 10 s");
        const QStringList snapshots = QDir(journalDir.path()).entryList({QStringLiteral("*.ipynb")}, QDir::Files);
        QCOMPARE(snapshots.size(), 1);
        // The journal's entry stays (the document is dirty); read it once the stream and its spill are gone.
        notebook.cells.clear();
        QVERIFY(QFile::exists(spillFile));
        const QString snapshot = QDir(journalDir.path()).filePath(snapshots.first());
        QFile copy(snapshot);
        QVERIFY(copy.copy(spillDir.filePath(QStringLiteral("snapshot.ipynb"))));
    }
    QVERIFY2(!QFile::exists(spillFile), "the spill file went with its stream");
    const auto read = Document::readNotebookFile(spillDir.filePath(QStringLiteral("snapshot.ipynb")).toStdString());
    QVERIFY(read.notebook);
    QCOMPARE(read.notebook->cells.at(0).outputs.at(0)["text"].get<std::string>(), all);
}

QTEST_GUILESS_MAIN(TestRecoveryLongOutput)
#include "tst_recoverylongoutput.moc"
