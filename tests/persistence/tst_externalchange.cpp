// The external change watcher: another program's write, rename-replace (git checkout) or deletion is reported
// once per burst; our own saves and touches that leave the bytes alone are not reported at all.
#include "persistence/externalchangewatcher.h"

#include "document/atomicfile.h"

#include <QtTest>

#include <chrono>
#include <filesystem>

using namespace Notebench;
using namespace Notebench::Editor;
using namespace std::chrono_literals;

namespace {

constexpr int deadlineMs = 5000;
// Several debounce periods: enough for a wrong second signal to show up.
constexpr int settleMs = 4 * 200;

void writeInPlace(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(file.errorString()));
    QCOMPARE(file.write(bytes), bytes.size());
}

// What git checkout and atomic savers do: a new file in the same directory renamed over the old one.
void replaceByRename(const QString& path, const QByteArray& bytes)
{
    const QString temporary = path + QStringLiteral(".incoming");
    writeInPlace(temporary, bytes);
    std::error_code error;
    std::filesystem::rename(QFile::encodeName(temporary).toStdString(), QFile::encodeName(path).toStdString(), error);
    QVERIFY2(!error, error.message().c_str());
}

} // namespace

class TestExternalChange : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void externalOverwriteFiresOnceAfterBurst();
    void ownSaveIsNotReported_data();
    void ownSaveIsNotReported();
    void renameReplaceFires();
    void touchWithoutChangeDoesNotFire();
    void deletionFiresRemoved();
    void unwatchedFileIsSilent();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ExternalChangeWatcher> m_watcher;
    std::unique_ptr<QSignalSpy> m_changed;
    std::unique_ptr<QSignalSpy> m_removed;
    QString m_path;
};

void TestExternalChange::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("analysis.ipynb"));
    writeInPlace(m_path, "original\n");
    m_watcher = std::make_unique<ExternalChangeWatcher>(200ms);
    m_changed = std::make_unique<QSignalSpy>(m_watcher.get(), &ExternalChangeWatcher::changedOnDisk);
    m_removed = std::make_unique<QSignalSpy>(m_watcher.get(), &ExternalChangeWatcher::removedFromDisk);
    m_watcher->watch(m_path);
    QCOMPARE(m_watcher->watchedPaths(), QStringList{m_path});
    QTRY_VERIFY2_WITH_TIMEOUT(m_watcher->hasBaseline(m_path), "the file was not hashed within 5 s", deadlineMs);
}

void TestExternalChange::cleanup()
{
    m_changed.reset();
    m_removed.reset();
    m_watcher.reset();
    m_dir.reset();
}

void TestExternalChange::externalOverwriteFiresOnceAfterBurst()
{
    for (const char* bytes : {"one\n", "one two\n", "one two three\n"}) {
        writeInPlace(m_path, bytes);
        QTest::qWait(20);
    }
    QVERIFY2(m_changed->wait(deadlineMs), "no changedOnDisk within 5 s of an external write");
    QTest::qWait(settleMs);
    QCOMPARE(m_changed->count(), 1);
    QCOMPARE(m_changed->first().first().toString(), m_path);
    QCOMPARE(m_removed->count(), 0);
}

void TestExternalChange::ownSaveIsNotReported_data()
{
    QTest::addColumn<bool>("atomic");
    QTest::addColumn<bool>("announced");
    QTest::newRow("in place") << false << false;
    QTest::newRow("atomic rename") << true << false;
    // A save on a worker that takes longer than the debounce: announced with expectOwnSave().
    QTest::newRow("slow announced save") << true << true;
}

void TestExternalChange::ownSaveIsNotReported()
{
    QFETCH(bool, atomic);
    QFETCH(bool, announced);
    const QByteArray saved = "saved by us\n";
    if (announced)
        m_watcher->expectOwnSave(m_path);
    if (atomic) {
        Document::AtomicFile file(QFile::encodeName(m_path).toStdString());
        QVERIFY(file.open() && file.write(saved.toStdString()) && file.commit());
    } else {
        writeInPlace(m_path, saved);
    }
    if (announced)
        QTest::qWait(settleMs);
    m_watcher->noteOwnSave(m_path);
    QTest::qWait(settleMs);
    QCOMPARE(m_changed->count(), 0);
    QCOMPARE(m_removed->count(), 0);

    // The watch survives our own save: another program's write afterwards is still seen.
    writeInPlace(m_path, "changed by someone else\n");
    QVERIFY2(m_changed->wait(deadlineMs), "an external write after our own save went unnoticed for 5 s");
    QCOMPARE(m_changed->count(), 1);
}

void TestExternalChange::renameReplaceFires()
{
    replaceByRename(m_path, "checked out from another branch\n");
    QVERIFY2(m_changed->wait(deadlineMs), "no changedOnDisk within 5 s of a rename-replace");
    QTest::qWait(settleMs);
    QCOMPARE(m_changed->count(), 1);
    QCOMPARE(m_removed->count(), 0);

    // The replaced file is watched again.
    writeInPlace(m_path, "edited after checkout\n");
    QVERIFY2(m_changed->wait(deadlineMs), "a write to the replacing file went unnoticed for 5 s");
    QCOMPARE(m_changed->count(), 2);
}

void TestExternalChange::touchWithoutChangeDoesNotFire()
{
    writeInPlace(m_path, "original\n");
    QFile file(m_path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.setFileTime(QDateTime::currentDateTime().addSecs(60), QFileDevice::FileModificationTime));
    file.close();
    QTest::qWait(settleMs);
    QCOMPARE(m_changed->count(), 0);

    // The control: a real change after the touch is reported, so the silence above meant something.
    writeInPlace(m_path, "different\n");
    QVERIFY2(m_changed->wait(deadlineMs), "no changedOnDisk within 5 s of a real change after a touch");
    QCOMPARE(m_changed->count(), 1);
}

void TestExternalChange::deletionFiresRemoved()
{
    QVERIFY(QFile::remove(m_path));
    QVERIFY2(m_removed->wait(deadlineMs), "no removedFromDisk within 5 s of a deletion");
    QTest::qWait(settleMs);
    QCOMPARE(m_removed->count(), 1);
    QCOMPARE(m_removed->first().first().toString(), m_path);
    QCOMPARE(m_changed->count(), 0);

    // A file created again at the path is a change (git switching back to a branch that has it).
    writeInPlace(m_path, "restored\n");
    QVERIFY2(m_changed->wait(deadlineMs), "a re-created file went unnoticed for 5 s");
    QCOMPARE(m_changed->count(), 1);
}

void TestExternalChange::unwatchedFileIsSilent()
{
    m_watcher->unwatch(m_path);
    QCOMPARE(m_watcher->watchedPaths(), QStringList());
    writeInPlace(m_path, "changed while nobody watches\n");
    QVERIFY(QFile::remove(m_path));
    QTest::qWait(settleMs);
    QCOMPARE(m_changed->count(), 0);
    QCOMPARE(m_removed->count(), 0);
}

QTEST_GUILESS_MAIN(TestExternalChange)
#include "tst_externalchange.moc"
