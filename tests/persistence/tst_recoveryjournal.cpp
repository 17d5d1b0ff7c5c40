// The recovery journal: snapshots reach disk within the interval, on a writer thread, latest only; saved
// documents leave nothing behind; a later process finds what a killed one left and restores its edits;
// bad journal files are skipped with a reason, never a crash.
#include "persistence/recoveryjournal.h"

#include "document/reader.h"

#include <QtTest>

#include <atomic>
#include <chrono>

#ifdef Q_OS_UNIX
#include <csignal>
#endif

using namespace Notebench;
using namespace Notebench::Editor;
using namespace std::chrono_literals;

namespace {

constexpr int deadlineMs = 5000;

Document::Notebook notebookWith(const std::string& source)
{
    Document::Notebook notebook;
    notebook.insertCell(0, Document::CellType::Code, source);
    return notebook;
}

QStringList filesIn(const QString& directory, const QString& pattern)
{
    return QDir(directory).entryList({pattern}, QDir::Files, QDir::Name);
}

// The one snapshot in directory, read back through the document reader.
std::string snapshotSource(const QString& directory)
{
    const QStringList snapshots = filesIn(directory, QStringLiteral("*.ipynb"));
    if (snapshots.size() != 1)
        return "<" + std::to_string(snapshots.size()) + " snapshots>";
    const auto read = Document::readNotebookFile(
        RecoveryFiles::toFileSystemPath(QDir(directory).filePath(snapshots.first())));
    return read.notebook && !read.notebook->cells.empty() ? read.notebook->cells.front().source : "<unreadable>";
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(file.errorString()));
    QCOMPARE(file.write(bytes), bytes.size());
}

// A journal in a fresh temporary directory, tracking "doc", counting the writes it reports (delivered queued).
struct JournalFixture {
    explicit JournalFixture(std::chrono::milliseconds interval)
        : journal(dir.path(), interval)
    {
        QObject::connect(&journal, &RecoveryJournal::snapshotWritten, &receiver, [this] { ++written; });
        journal.track(QStringLiteral("doc"), QStringLiteral("/work/a.ipynb"));
    }
    void markDirty(const std::string& source) { journal.markDirty(QStringLiteral("doc"), notebookWith(source)); }
    QStringList files(const QString& pattern = QStringLiteral("*")) const { return filesIn(dir.path(), pattern); }

    QTemporaryDir dir;   // outlives the journal, whose destructor may still write
    QObject receiver;
    RecoveryJournal journal;
    int written = 0;
};

} // namespace

class TestRecoveryJournal : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void writesWithinIntervalOffCallersThread();
    void writesOnlyLatestSnapshot();
    void markSavedRemovesEntry();
    void saveDuringWriteLeavesNothing();
    void untrackBeforeIntervalWritesNothing();
    void destructorWritesWhatIsDirty();
    void pendingListsOnlyDeadWriters();
    void killedProcessLeavesRecoverableEntry();
    void badFilesAreSkippedWithReason_data();
    void badFilesAreSkippedWithReason();
    void corruptSnapshotRestoresAsError();

private:
    qint64 m_deadPid = 0;
};

void TestRecoveryJournal::initTestCase()
{
    // A pid that certainly belonged to a process which has ended: a child we started and reaped.
    QProcess child;
    child.start(QStringLiteral(NOTEBENCH_JOURNAL_CHILD), {QStringLiteral("--exit")});
    QVERIFY2(child.waitForStarted(deadlineMs), qPrintable(child.errorString()));
    m_deadPid = child.processId();
    QVERIFY2(child.waitForFinished(deadlineMs), "journal_child --exit did not exit within 5 s");
    QVERIFY(m_deadPid > 0);
}

void TestRecoveryJournal::writesWithinIntervalOffCallersThread()
{
    JournalFixture fixture(200ms);
    std::atomic<QThread*> writer{nullptr};
    connect(&fixture.journal, &RecoveryJournal::snapshotWritten, &fixture.journal,
            [&writer] { writer = QThread::currentThread(); }, Qt::DirectConnection);

    QElapsedTimer clock;
    clock.start();
    fixture.markDirty("x = 1");
    QVERIFY2(fixture.files().isEmpty(), "markDirty wrote on the caller's thread");

    QTRY_VERIFY2_WITH_TIMEOUT(writer.load() != nullptr, "no snapshot written within 5 s", deadlineMs);
    QVERIFY2(writer.load() != QThread::currentThread(), "the snapshot was written on the caller's thread");
    // Not before the interval (that is what coalesces keystrokes), and not long after it (timers allow 5% early).
    const qint64 elapsed = clock.elapsed();
    QVERIFY2(elapsed >= 150 && elapsed < 200 + 3000, qPrintable(QStringLiteral("written after %1 ms").arg(elapsed)));
    QCOMPARE(snapshotSource(fixture.dir.path()), std::string("x = 1"));
    QCOMPARE(fixture.files(QStringLiteral("*.json")).size(), 1);
}

void TestRecoveryJournal::writesOnlyLatestSnapshot()
{
    JournalFixture fixture(300ms);
    for (const char* source : {"a", "ab", "abc"})
        fixture.markDirty(source);

    QTRY_COMPARE_WITH_TIMEOUT(fixture.written, 1, deadlineMs);
    QTest::qWait(3 * 300); // long enough for any further (wrong) write
    QCOMPARE(fixture.written, 1);
    QCOMPARE(snapshotSource(fixture.dir.path()), std::string("abc"));

    // Typing after the write is journaled again, replacing the same entry.
    fixture.markDirty("abcd");
    QTRY_COMPARE_WITH_TIMEOUT(fixture.written, 2, deadlineMs);
    QCOMPARE(snapshotSource(fixture.dir.path()), std::string("abcd"));
}

void TestRecoveryJournal::markSavedRemovesEntry()
{
    JournalFixture fixture(100ms);
    fixture.markDirty("unsaved");
    QTRY_COMPARE_WITH_TIMEOUT(fixture.written, 1, deadlineMs);
    QCOMPARE(fixture.files().size(), 2);

    fixture.journal.markSaved(QStringLiteral("doc"));
    QTRY_VERIFY2_WITH_TIMEOUT(fixture.files().isEmpty(), "markSaved left journal files behind after 5 s", deadlineMs);
}

void TestRecoveryJournal::saveDuringWriteLeavesNothing()
{
    // FIFO on the writer: a removal queued behind a write runs after it, so the write cannot bring the entry back.
    JournalFixture fixture(1h);
    fixture.markDirty(std::string(4 << 20, 'x'));
    fixture.journal.flush();
    fixture.journal.markSaved(QStringLiteral("doc"));
    QTRY_COMPARE_WITH_TIMEOUT(fixture.written, 1, deadlineMs);
    QTRY_VERIFY2_WITH_TIMEOUT(fixture.files().isEmpty(), "a write finished after the removal queued behind it",
                              deadlineMs);
}

void TestRecoveryJournal::untrackBeforeIntervalWritesNothing()
{
    JournalFixture fixture(200ms);
    fixture.markDirty("discarded");
    fixture.journal.untrack(QStringLiteral("doc"));
    QTest::qWait(3 * 200);
    QCOMPARE(fixture.written, 0);
    QCOMPARE(fixture.files(), QStringList());
}

void TestRecoveryJournal::destructorWritesWhatIsDirty()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    {
        RecoveryJournal journal(dir.path(), 1h);
        journal.track(QStringLiteral("doc"), QStringLiteral("/work/a.ipynb"));
        journal.markDirty(QStringLiteral("doc"), notebookWith("last edit before quitting"));
    } // an orderly exit: nothing was saved, so the last edit must be in the journal
    QCOMPARE(snapshotSource(dir.path()), std::string("last edit before quitting"));
    QCOMPARE(filesIn(dir.path(), QStringLiteral("*.json")).size(), 1);
}

void TestRecoveryJournal::pendingListsOnlyDeadWriters()
{
    JournalFixture fixture(100ms);
    fixture.markDirty("y = 2");
    QTRY_COMPARE_WITH_TIMEOUT(fixture.written, 1, deadlineMs);

    // Our own process is alive: its entry is not offered, and is not "bad" either.
    RecoveryScan scan = fixture.journal.pending();
    QCOMPARE(scan.entries.size(), 0);
    QCOMPARE(scan.skipped, QStringList());

    // The same entry written by a process that has ended is offered.
    const QString metadataPath = fixture.dir.filePath(fixture.files(QStringLiteral("*.json")).first());
    QFile metadata(metadataPath);
    QVERIFY(metadata.open(QIODevice::ReadOnly));
    QJsonObject object = QJsonDocument::fromJson(metadata.readAll()).object();
    metadata.close();
    QCOMPARE(object.value(QStringLiteral("pid")).toInteger(), QCoreApplication::applicationPid());
    object[QStringLiteral("pid")] = m_deadPid;
    writeFile(metadataPath, QJsonDocument(object).toJson());

    scan = RecoveryJournal::pending(fixture.dir.path());
    QCOMPARE(scan.skipped, QStringList());
    QCOMPARE(scan.entries.size(), 1);
    const RecoveryEntry entry = scan.entries.first();
    QCOMPARE(entry.documentKey, QStringLiteral("doc"));
    QCOMPARE(entry.originalPath, QStringLiteral("/work/a.ipynb"));
    QCOMPARE(entry.pid, m_deadPid);
    QVERIFY(qAbs(entry.savedAt.secsTo(QDateTime::currentDateTimeUtc())) < 60);

    const RestoreResult restored = RecoveryJournal::restore(entry);
    QVERIFY2(restored.notebook, qPrintable(restored.error));
    QCOMPARE(restored.notebook->cells.front().source, std::string("y = 2"));

    QCOMPARE(RecoveryJournal::discard(entry), QString());
    QCOMPARE(fixture.files(), QStringList());
    QCOMPARE(fixture.journal.pending().entries.size(), 0);
}

void TestRecoveryJournal::killedProcessLeavesRecoverableEntry()
{
#ifndef Q_OS_UNIX
    QSKIP("kill -9 is POSIX; Windows has no equivalent this test can send");
#else
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string edit = "loss = train(model)  # typed just before the crash";
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start(QStringLiteral(NOTEBENCH_JOURNAL_CHILD),
                {dir.path(), QStringLiteral("doc-1"), QStringLiteral("/work/train.ipynb"), QString::fromStdString(edit)});
    QVERIFY2(child.waitForStarted(deadlineMs), qPrintable(child.errorString()));
    const qint64 pid = child.processId();

    QTRY_COMPARE_WITH_TIMEOUT(filesIn(dir.path(), QStringLiteral("*.json")).size(), 1, 10000);
    QCOMPARE(::kill(pid_t(pid), SIGKILL), 0);
    QVERIFY2(child.waitForFinished(deadlineMs), "the child outlived SIGKILL for 5 s");
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);

    RecoveryJournal next(dir.path());
    const RecoveryScan scan = next.pending();
    QCOMPARE(scan.skipped, QStringList());
    QCOMPARE(scan.entries.size(), 1);
    QCOMPARE(scan.entries.first().pid, pid);
    QCOMPARE(scan.entries.first().originalPath, QStringLiteral("/work/train.ipynb"));
    const RestoreResult restored = RecoveryJournal::restore(scan.entries.first());
    QVERIFY2(restored.notebook, qPrintable(restored.error));
    QCOMPARE(restored.notebook->cells.size(), std::size_t(1));
    QCOMPARE(restored.notebook->cells.front().source, edit);
#endif
}

void TestRecoveryJournal::badFilesAreSkippedWithReason_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("reason");

    const QString stem = QString::number(m_deadPid) + QStringLiteral("-0123456789abcdef");
    RecoveryEntry valid{QStringLiteral("doc"), QStringLiteral("/work/a.ipynb"), QDateTime::currentDateTimeUtc(),
                        m_deadPid, {}, {}};
    const QByteArray good = RecoveryFiles::encodeMetadata(valid);

    QTest::newRow("garbage") << stem + ".json" << QByteArray("\x00\xff not json", 12) << "not valid JSON";
    QTest::newRow("truncated") << stem + ".json" << good.left(good.size() / 2) << "not valid JSON";
    QTest::newRow("empty") << stem + ".json" << QByteArray() << "not valid JSON";
    QTest::newRow("other json") << stem + ".json" << QByteArray(R"({"format": "something-else"})")
                                << "not a version 1 Notebench journal entry";
    QTest::newRow("array") << stem + ".json" << QByteArray("[1, 2]") << "not a version 1 Notebench journal entry";
    QByteArray noPid = good;
    noPid.replace("\"pid\"", "\"pod\"");
    QTest::newRow("no pid") << stem + ".json" << noPid << "missing documentKey, savedAt or pid";
    QTest::newRow("oversized") << stem + ".json" << QByteArray(2 << 20, ' ') << "too large";
    QTest::newRow("snapshot missing") << stem + ".json" << good << "snapshot " + stem + ".ipynb is missing";
    QTest::newRow("orphan snapshot") << stem + ".ipynb" << QByteArray("{}") << "snapshot without metadata";
}

void TestRecoveryJournal::badFilesAreSkippedWithReason()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, reason);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writeFile(dir.filePath(fileName), bytes);

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("recovery journal: skipped .*")
                                                          + QRegularExpression::escape(reason)));
    const RecoveryScan scan = RecoveryJournal::pending(dir.path());
    QCOMPARE(scan.entries.size(), 0);
    QCOMPARE(scan.skipped.size(), 1);
    QVERIFY2(scan.skipped.first().startsWith(fileName + ": ") && scan.skipped.first().contains(reason),
             qPrintable(scan.skipped.first()));
}

void TestRecoveryJournal::corruptSnapshotRestoresAsError()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString stem = QString::number(m_deadPid) + QStringLiteral("-0123456789abcdef");
    RecoveryEntry written{QStringLiteral("doc"), QStringLiteral("/work/a.ipynb"), QDateTime::currentDateTimeUtc(),
                          m_deadPid, {}, {}};
    writeFile(dir.filePath(stem + ".json"), RecoveryFiles::encodeMetadata(written));
    writeFile(dir.filePath(stem + ".ipynb"), R"({"cells": [{"cell_type": "code", "sour)");

    const RecoveryScan scan = RecoveryJournal::pending(dir.path());
    QCOMPARE(scan.entries.size(), 1);
    const RestoreResult restored = RecoveryJournal::restore(scan.entries.first());
    QVERIFY(!restored.notebook);
    QVERIFY2(restored.error.startsWith(QStringLiteral("The unsaved copy of /work/a.ipynb cannot be recovered: ")),
             qPrintable(restored.error));
}

QTEST_GUILESS_MAIN(TestRecoveryJournal)
#include "tst_recoveryjournal.moc"
