// The Remote files panel offscreen against the real sshd (SshdFixture): it lists a folder,
// uploads through its own API and through a drop on its model with the bar at 100%, downloads.
#include "sshdfixture.h"

#include "app/window/remotefilespanel.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QMimeData>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace Notebench;

namespace {
bool waitFor(const std::function<bool()> &condition, int milliseconds)
{
    QDeadlineTimer deadline(milliseconds);
    while (!condition()) {
        if (deadline.hasExpired())
            return false;
        QTest::qWait(5);
    }
    return true;
}

#define WAIT_FOR(condition, ms, what) QVERIFY2(waitFor([&] { return (condition); }, ms), what)

QByteArray randomBytes(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), size / 4);
    return bytes;
}

QStringList names(App::RemoteFilesModel *model)
{
    QStringList result;
    for (int row = 0; row < model->rowCount(); ++row)
        result << model->entry(row).name;
    return result;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
} // namespace

class TestRemoteFilesPanel : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void listsUploadsAndDownloads();

private:
    Testing::SshdFixture m_sshd;
};

void TestRemoteFilesPanel::initTestCase()
{
    const QString error = m_sshd.start();
    if (!error.isEmpty())
        QSKIP(qPrintable(error));
}

void TestRemoteFilesPanel::listsUploadsAndDownloads()
{
    QTemporaryDir remote;
    QTemporaryDir local;
    QVERIFY(QDir(remote.path()).mkdir(QStringLiteral("data")));
    const QByteArray content = randomBytes(2 * 1024 * 1024);
    {
        QFile file(local.filePath(QStringLiteral("weights.bin")));
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write(content) == content.size());
    }

    App::RemoteFilesPanel panel(m_sshd.target());
    panel.resize(500, 600);
    panel.show();
    QSignalSpy shown(&panel, &App::RemoteFilesPanel::folderShown);
    QSignalSpy ended(&panel, &App::RemoteFilesPanel::transferEnded);
    panel.open();
    WAIT_FOR(!shown.isEmpty(), 10000, "the home folder was not shown within 10 s");
    QCOMPARE(shown.first().first().toString(), QDir::homePath());

    panel.navigate(remote.path());
    WAIT_FOR(panel.folder() == remote.path(), 5000, "the temporary folder was not listed within 5 s");
    QCOMPARE(names(panel.model()), QStringList{QStringLiteral("data")});

    const QList<int> ids = panel.upload({local.filePath(QStringLiteral("weights.bin"))}, panel.folder());
    QCOMPARE(ids.size(), 1);
    WAIT_FOR(ended.size() == 1, 10000, "the upload did not end within 10 s");
    QCOMPARE(ended.first().at(1).toString(), QString());
    QCOMPARE(panel.progressPercent(ids.first()), 100);
    QCOMPARE(readAll(remote.filePath(QStringLiteral("weights.bin"))), content);
    WAIT_FOR(names(panel.model()).contains(QStringLiteral("weights.bin")), 5000, "the upload did not appear in the listing");

    // A file dropped from a file manager onto the "data" folder's row goes into that folder.
    QMimeData drop;
    drop.setUrls({QUrl::fromLocalFile(local.filePath(QStringLiteral("weights.bin")))});
    const QModelIndex dataRow = panel.model()->index(int(names(panel.model()).indexOf(QStringLiteral("data"))), 0);
    QVERIFY(panel.model()->canDropMimeData(&drop, Qt::CopyAction, -1, -1, dataRow));
    QVERIFY(panel.model()->dropMimeData(&drop, Qt::CopyAction, -1, -1, dataRow));
    WAIT_FOR(ended.size() == 2, 10000, "the dropped upload did not end within 10 s");
    QCOMPARE(ended.at(1).at(1).toString(), QString());
    QCOMPARE(readAll(remote.filePath(QStringLiteral("data/weights.bin"))), content);

    QDir(local.path()).mkdir(QStringLiteral("down"));
    const int row = int(names(panel.model()).indexOf(QStringLiteral("weights.bin")));
    const int id = panel.download(row, local.filePath(QStringLiteral("down")));
    WAIT_FOR(ended.size() == 3, 10000, "the download did not end within 10 s");
    QCOMPARE(ended.at(2).at(1).toString(), QString());
    QCOMPARE(panel.progressPercent(id), 100);
    QCOMPARE(readAll(local.filePath(QStringLiteral("down/weights.bin"))), content);
}

QTEST_MAIN(TestRemoteFilesPanel)
#include "tst_remotefilespanel.moc"
