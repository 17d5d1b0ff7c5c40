// The Remote files panel offscreen against the real sshd (SshdFixture): it lists a folder,
// uploads through its own API and through a drop on its model with the bar at 100%, downloads.
#include "sshdfixture.h"

#include "app/window/remotefilespanel.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMimeData>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace Notebench;

namespace {
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
    QTRY_VERIFY2_WITH_TIMEOUT(!shown.isEmpty(), "the home folder was not shown within 10 s", 10000);
    QCOMPARE(shown.first().first().toString(), QDir::homePath());

    panel.navigate(remote.path());
    QTRY_VERIFY2_WITH_TIMEOUT(panel.folder() == remote.path(), "the temporary folder was not listed within 5 s", 5000);
    QCOMPARE(names(panel.model()), QStringList{QStringLiteral("data")});

    const QList<int> ids = panel.upload({local.filePath(QStringLiteral("weights.bin"))}, panel.folder());
    QCOMPARE(ids.size(), 1);
    QTRY_VERIFY2_WITH_TIMEOUT(ended.size() == 1, "the upload did not end within 10 s", 10000);
    QCOMPARE(ended.first().at(1).toString(), QString());
    QCOMPARE(panel.progressPercent(ids.first()), 100);
    QCOMPARE(readAll(remote.filePath(QStringLiteral("weights.bin"))), content);
    QTRY_VERIFY2_WITH_TIMEOUT(names(panel.model()).contains(QStringLiteral("weights.bin")),
                              "the upload did not appear in the listing", 5000);

    // A file dropped from a file manager onto the "data" folder's row goes into that folder.
    QMimeData drop;
    drop.setUrls({QUrl::fromLocalFile(local.filePath(QStringLiteral("weights.bin")))});
    const QModelIndex dataRow = panel.model()->index(int(names(panel.model()).indexOf(QStringLiteral("data"))), 0);
    QVERIFY(panel.model()->canDropMimeData(&drop, Qt::CopyAction, -1, -1, dataRow));
    QVERIFY(panel.model()->dropMimeData(&drop, Qt::CopyAction, -1, -1, dataRow));
    QTRY_VERIFY2_WITH_TIMEOUT(ended.size() == 2, "the dropped upload did not end within 10 s", 10000);
    QCOMPARE(ended.at(1).at(1).toString(), QString());
    QCOMPARE(readAll(remote.filePath(QStringLiteral("data/weights.bin"))), content);

    QDir(local.path()).mkdir(QStringLiteral("down"));
    const int row = int(names(panel.model()).indexOf(QStringLiteral("weights.bin")));
    const int id = panel.download(row, local.filePath(QStringLiteral("down")));
    QTRY_VERIFY2_WITH_TIMEOUT(ended.size() == 3, "the download did not end within 10 s", 10000);
    QCOMPARE(ended.at(2).at(1).toString(), QString());
    QCOMPARE(panel.progressPercent(id), 100);
    QCOMPARE(readAll(local.filePath(QStringLiteral("down/weights.bin"))), content);

    // A folder dropped on the panel goes up whole — nested folders, hidden files — and merges
    // into a folder of that name that is there already.
    const QByteArray image = randomBytes(300 * 1024);
    const QList<std::pair<QString, QByteArray>> files{{QStringLiteral("dataset/readme.txt"), QByteArray("cats and dogs\n")},
                                                      {QStringLiteral("dataset/.labels"), QByteArray("cat\ndog\n")},
                                                      {QStringLiteral("dataset/train/images/0.bin"), image}};
    QVERIFY(QDir(local.path()).mkpath(QStringLiteral("dataset/train/images")));
    QVERIFY(QDir(local.path()).mkpath(QStringLiteral("dataset/empty")));
    for (const auto &[name, bytes] : files) {
        QFile file(local.filePath(name));
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size());
    }
    QVERIFY(QDir(remote.path()).mkpath(QStringLiteral("dataset/train")));
    QSignalSpy queued(&panel, &App::RemoteFilesPanel::folderQueued);
    QMimeData folderDrop;
    folderDrop.setUrls({QUrl::fromLocalFile(local.filePath(QStringLiteral("dataset")))});
    QVERIFY(panel.model()->dropMimeData(&folderDrop, Qt::CopyAction, -1, -1, QModelIndex()));
    QTRY_VERIFY2_WITH_TIMEOUT(queued.size() == 1, "the dropped folder was not walked within 10 s", 10000);
    QCOMPARE(queued.first().at(0).toString(), remote.filePath(QStringLiteral("dataset")));
    QCOMPARE(queued.first().at(1).value<QList<int>>().size(), files.size());
    QTRY_VERIFY2_WITH_TIMEOUT(ended.size() == 3 + files.size(), "the folder's uploads did not end within 20 s", 20000);
    for (qsizetype i = 3; i < ended.size(); ++i)
        QCOMPARE(ended.at(i).at(1).toString(), QString());
    for (const auto &[name, bytes] : files)
        QCOMPARE(readAll(remote.filePath(name)), bytes);
    QVERIFY(QFileInfo(remote.filePath(QStringLiteral("dataset/empty"))).isDir());
}

QTEST_MAIN(TestRemoteFilesPanel)
#include "tst_remotefilespanel.moc"
