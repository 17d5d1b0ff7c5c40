// The files side of the SSH backend against a real sshd on 127.0.0.1 (SshdFixture): browsing,
// folder operations, byte-identical transfers, and transfers cut by the CuttingProxy and resumed.
// sshd runs on this machine, so a remote path is also a local one and the file system is the oracle.
#include "cuttingproxy.h"
#include "sshdfixture.h"

#include "ssh/sftpsession.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Notebench;

namespace {
QByteArray writeRandomFile(const QString &path, qint64 size)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QByteArray block(1 << 16, Qt::Uninitialized);
    for (qint64 left = size; left > 0; left -= block.size()) {
        QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(block.data()), block.size() / 4);
        const QByteArray part = block.left(qsizetype(std::min<qint64>(left, block.size())));
        file.write(part);
        hash.addData(part);
    }
    return hash.result();
}

QByteArray sha256Of(const QString &path)
{
    QFile file(path);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!file.open(QIODevice::ReadOnly) || !hash.addData(&file))
        return {};
    return hash.result();
}

/// What the signals of one transfer said, in the order they came.
struct TransferLog
{
    QList<qint64> startedFrom;
    QList<qint64> progress;
    bool finished = false;
    QString error;
    qint64 moved = 0;
};

void record(Ssh::SftpSession &session, int id, TransferLog &log)
{
    QObject::connect(&session, &Ssh::SftpSession::transferStarted, &session, [&log, id](int which, qint64 from, qint64) {
        if (which == id)
            log.startedFrom << from;
    });
    QObject::connect(&session, &Ssh::SftpSession::transferProgress, &session, [&log, id](int which, qint64 done, qint64) {
        if (which == id)
            log.progress << done;
    });
    QObject::connect(&session, &Ssh::SftpSession::transferFinished, &session, [&log, id](int which, const QString &error, qint64 moved) {
        if (which == id) {
            log.finished = true;
            log.error = error;
            log.moved = moved;
        }
    });
}
} // namespace

class TestSftp : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void listsAndChangesAFolder();
    void transfersAreByteIdentical();
    void cutDownloadResumesWhereItStopped();
    void cutUploadResumesWhereItStopped();
    void cancelledDownloadResumes();
    void badInputIsReportedNotCrashed();

private:
    void cutAndResume(bool upload);

    Testing::SshdFixture m_sshd;
};

void TestSftp::initTestCase()
{
    const QString error = m_sshd.start();
    if (!error.isEmpty())
        QSKIP(qPrintable(error));
}

void TestSftp::listsAndChangesAFolder()
{
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("zeta")));
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("Alpha")));
    writeRandomFile(dir.filePath(QStringLiteral("b.bin")), 1000);
    QVERIFY(QFile::setPermissions(dir.filePath(QStringLiteral("b.bin")), QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser));
    writeRandomFile(dir.filePath(QStringLiteral("a.txt")), 10);

    Ssh::SftpSession session(m_sshd.target());
    QSignalSpy connected(&session, &Ssh::SftpSession::connected);
    QSignalSpy listed(&session, &Ssh::SftpSession::listed);
    QSignalSpy finished(&session, &Ssh::SftpSession::operationFinished);
    session.open();
    QTRY_VERIFY2_WITH_TIMEOUT(!connected.isEmpty(), "no connection to sshd within 10 s", 10000);
    // sftp-server starts in the login folder, as the kernel does.
    QCOMPARE(connected.first().first().toString(), QDir::homePath());

    session.list(dir.path());
    QTRY_VERIFY2_WITH_TIMEOUT(!listed.isEmpty(), "no listing within 5 s", 5000);
    const auto entries = listed.first().at(1).value<QList<Ssh::RemoteEntry>>();
    QStringList names;
    for (const auto &entry : entries)
        names << entry.name;
    QCOMPARE(names, (QStringList{QStringLiteral("Alpha"), QStringLiteral("zeta"), QStringLiteral("a.txt"), QStringLiteral("b.bin")}));
    QVERIFY(entries[0].isDir && !entries[3].isDir);
    QCOMPARE(entries[3].size, 1000);
    QCOMPARE(entries[3].permissions, quint32(0600));
    QVERIFY(entries[3].modified.isValid());

    finished.clear();
    const QString made = Ssh::SftpSession::join(dir.path(), QStringLiteral("made"));
    const QString renamed = Ssh::SftpSession::join(dir.path(), QStringLiteral("renamed"));
    session.makeFolder(made);
    session.rename(made, renamed);
    session.remove(renamed);
    session.remove(dir.filePath(QStringLiteral("zeta")));
    session.remove(dir.filePath(QStringLiteral("a.txt")));
    QTRY_VERIFY2_WITH_TIMEOUT(finished.size() == 5, "the five operations did not all finish within 5 s", 5000);
    for (const auto &result : finished)
        QVERIFY2(result.at(1).toString().isEmpty(), qPrintable(result.at(1).toString()));
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot, QDir::Name),
             (QStringList{QStringLiteral("Alpha"), QStringLiteral("b.bin")}));
}

void TestSftp::transfersAreByteIdentical()
{
    QTemporaryDir dir;
    const qint64 size = 3 * 1024 * 1024 + 12345; // not a multiple of the chunk
    const QByteArray sha = writeRandomFile(dir.filePath(QStringLiteral("source.bin")), size);
    Ssh::SftpSession session(m_sshd.target());
    TransferLog up;
    const QString remote = dir.filePath(QStringLiteral("uploaded.bin"));
    record(session, session.upload(dir.filePath(QStringLiteral("source.bin")), remote), up);
    QTRY_VERIFY2_WITH_TIMEOUT(up.finished, "the upload did not finish within 20 s", 20000);
    QVERIFY2(up.error.isEmpty(), qPrintable(up.error));
    QCOMPARE(sha256Of(remote), sha);
    QCOMPARE(up.moved, size);
    QCOMPARE(up.progress.last(), size);
    QVERIFY(!QFile::exists(remote + QStringLiteral(".part")));

    TransferLog down;
    const QString local = dir.filePath(QStringLiteral("downloaded.bin"));
    record(session, session.download(remote, local), down);
    QTRY_VERIFY2_WITH_TIMEOUT(down.finished, "the download did not finish within 20 s", 20000);
    QVERIFY2(down.error.isEmpty(), qPrintable(down.error));
    QCOMPARE(sha256Of(local), sha);
    QCOMPARE(down.startedFrom, QList<qint64>{0});
    QVERIFY(!QFile::exists(local + QStringLiteral(".part")));
}

void TestSftp::cutAndResume(bool upload)
{
    QTemporaryDir dir;
    const qint64 size = 8 * 1024 * 1024;
    const QString source = dir.filePath(QStringLiteral("source.bin"));
    const QString target = dir.filePath(QStringLiteral("target.bin"));
    const QByteArray sha = writeRandomFile(source, size);

    Testing::CuttingProxy proxy(m_sshd.port());
    QVERIFY(proxy.listen());
    m_sshd.addProxyAlias(proxy.port());
    Ssh::SshTarget through = m_sshd.target();
    through.host = QStringLiteral("nbproxy");
    Ssh::SftpSession session(through);
    QSignalSpy connected(&session, &Ssh::SftpSession::connected);
    session.open();
    QTRY_VERIFY2_WITH_TIMEOUT(!connected.isEmpty(), "no connection through the proxy within 10 s", 10000);

    proxy.cutAfterBytes(size / 3, 300);
    TransferLog log;
    const int id = upload ? session.upload(source, target) : session.download(source, target);
    record(session, id, log);
    QTRY_VERIFY2_WITH_TIMEOUT(log.finished, "the cut transfer did not end within 20 s", 20000);
    QVERIFY2(log.error.contains(QStringLiteral("Resume")), qPrintable(log.error));
    QVERIFY(!QFile::exists(target)); // never a half file under the final name
    const qint64 kept = QFileInfo(target + QStringLiteral(".part")).size();
    QVERIFY2(kept > 0 && kept < size, qPrintable(QString::number(kept)));

    QTest::qWait(400); // the proxy accepts again after 300 ms
    log = {};
    session.resume(id);
    QTRY_VERIFY2_WITH_TIMEOUT(log.finished, "the resumed transfer did not finish within 20 s", 20000);
    QVERIFY2(log.error.isEmpty(), qPrintable(log.error));
    QCOMPARE(log.startedFrom, QList<qint64>{kept});
    QVERIFY2(log.moved < size, "the resumed transfer started again from zero");
    QCOMPARE(log.moved, size - kept);
    QCOMPARE(log.progress.last(), size);
    QCOMPARE(sha256Of(target), sha);
    QVERIFY(!QFile::exists(target + QStringLiteral(".part")));
    QCOMPARE(proxy.connectionsAccepted(), 2);
}

void TestSftp::cutDownloadResumesWhereItStopped()
{
    cutAndResume(false);
}

void TestSftp::cutUploadResumesWhereItStopped()
{
    cutAndResume(true);
}

void TestSftp::cancelledDownloadResumes()
{
    QTemporaryDir dir;
    const qint64 size = 16 * 1024 * 1024;
    const QString source = dir.filePath(QStringLiteral("source.bin"));
    const QString target = dir.filePath(QStringLiteral("target.bin"));
    const QByteArray sha = writeRandomFile(source, size);
    Ssh::SftpSession session(m_sshd.target());
    TransferLog log;
    // Cancel as soon as the first progress arrives: the worker stops before its next chunk.
    connect(&session, &Ssh::SftpSession::transferProgress, &session, [&session](int id, qint64, qint64) { session.cancel(id); });
    const int id = session.download(source, target);
    record(session, id, log);
    QTRY_VERIFY2_WITH_TIMEOUT(log.finished, "the cancelled download did not end within 20 s", 20000);
    QVERIFY2(log.error.startsWith(QStringLiteral("Cancelled")), qPrintable(log.error));
    const qint64 kept = QFileInfo(target + QStringLiteral(".part")).size();
    QVERIFY(kept > 0 && kept < size);

    disconnect(&session, &Ssh::SftpSession::transferProgress, &session, nullptr);
    log = {};
    session.resume(id);
    QTRY_VERIFY2_WITH_TIMEOUT(log.finished, "the resumed download did not finish within 20 s", 20000);
    QVERIFY2(log.error.isEmpty(), qPrintable(log.error));
    QCOMPARE(log.startedFrom, QList<qint64>{kept});
    QCOMPARE(sha256Of(target), sha);

    // Kept bytes that disagree with the host's file are worthless: the resume starts over.
    QFile part(target + QStringLiteral(".part"));
    QVERIFY(part.open(QIODevice::WriteOnly));
    part.write(QByteArray(1000, 'x')); // bytes the host's file does not have there
    part.close();
    log = {};
    session.resume(id);
    QTRY_VERIFY2_WITH_TIMEOUT(log.finished, "the third download did not finish within 20 s", 20000);
    QVERIFY2(log.error.isEmpty(), qPrintable(log.error));
    QCOMPARE(log.startedFrom, QList<qint64>{0});
    QCOMPARE(sha256Of(target), sha);
}

void TestSftp::badInputIsReportedNotCrashed()
{
    QTemporaryDir dir;
    Ssh::SftpSession session(m_sshd.target());
    QSignalSpy finished(&session, &Ssh::SftpSession::operationFinished);
    session.list(dir.filePath(QStringLiteral("missing")));
    session.remove(dir.filePath(QStringLiteral("missing")));
    QTRY_VERIFY2_WITH_TIMEOUT(finished.size() == 2, "the operations did not finish within 10 s", 10000);
    QVERIFY(finished.at(0).at(1).toString().contains(QStringLiteral("no such file")));
    QVERIFY(!finished.at(1).at(1).toString().isEmpty());

    TransferLog log;
    record(session, session.download(dir.path(), dir.filePath(QStringLiteral("x"))), log);
    QTRY_VERIFY2_WITH_TIMEOUT(log.finished, "the download of a folder did not end within 5 s", 5000);
    QVERIFY(log.error.contains(QStringLiteral("is a folder")));
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("x"))));
    log = {};
    record(session, session.upload(dir.filePath(QStringLiteral("none")), dir.filePath(QStringLiteral("y"))), log);
    QTRY_VERIFY2_WITH_TIMEOUT(log.finished, "the upload of a missing file did not end within 5 s", 5000);
    QVERIFY(log.error.startsWith(QStringLiteral("Could not read")));
}

QTEST_GUILESS_MAIN(TestSftp)
#include "tst_sftp.moc"
