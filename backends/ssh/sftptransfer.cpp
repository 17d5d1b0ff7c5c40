// SftpWorker's transfers: chunked, through a `.part` file renamed only when complete, and
// resumable from the bytes a cut transfer left behind.
#include "ssh/sftpworker.h"

#include <QFile>
#include <QFileInfo>

#include <fcntl.h>

#include <memory>

namespace Notebench::Ssh {

namespace {
constexpr qint64 chunkSize = 1 << 16;     // one SFTP read/write request; OpenSSH serves up to 256 KiB
constexpr qint64 resumeCheckSize = 1 << 16; // the tail of the kept bytes compared before appending
constexpr int progressIntervalMs = 100;

struct RemoteFileCloser
{
    void operator()(sftp_file file) const { sftp_close(file); }
};
using RemoteFile = std::unique_ptr<std::remove_pointer_t<sftp_file>, RemoteFileCloser>;

QString partName(const QString &path)
{
    return path + QStringLiteral(".part");
}
} // namespace

void SftpWorker::reportProgress(int id, qint64 done, qint64 total, bool last)
{
    if (!last && m_progressClock.isValid() && m_progressClock.elapsed() < progressIntervalMs)
        return;
    m_progressClock.start();
    emit transferProgress(id, done, total);
}

// The bytes already in `local` are kept when its last 64 KiB equal the remote file's bytes at the
// same place: a file changed or replaced since the cut almost never agrees there, and the check
// costs one chunk instead of hashing both files. Returns how many bytes to keep (0: start over).
qint64 SftpWorker::agreedPrefix(QFile &local, sftp_file remote, qint64 length)
{
    if (length <= 0)
        return 0;
    const qint64 tail = std::min(length, resumeCheckSize);
    if (!local.seek(length - tail) || sftp_seek64(remote, quint64(length - tail)) != 0)
        return 0;
    const QByteArray kept = local.read(tail);
    QByteArray theirs(tail, Qt::Uninitialized);
    qint64 got = 0;
    while (got < tail) {
        const ssize_t n = sftp_read(remote, theirs.data() + got, size_t(tail - got));
        if (n <= 0)
            return 0;
        got += n;
    }
    return kept == theirs ? length : 0;
}

void SftpWorker::download(int id, const QString &remote, const QString &local)
{
    qint64 moved = 0;
    const QString error = runDownload(id, remote, local, &moved);
    takeCancel(id);
    emit transferFinished(id, error, moved);
}

QString SftpWorker::runDownload(int id, const QString &remote, const QString &local, qint64 *moved)
{
    if (QString error = ensureConnected(); !error.isEmpty())
        return error;
    const QByteArray remoteName = remote.toUtf8();
    sftp_attributes attributes = sftp_stat(m_sftp, remoteName.constData());
    if (!attributes)
        return sftpError(QStringLiteral("Could not read %1").arg(remote));
    const qint64 total = qint64(attributes->size);
    const bool isDir = attributes->type == SSH_FILEXFER_TYPE_DIRECTORY;
    sftp_attributes_free(attributes);
    if (isDir)
        return QStringLiteral("%1 is a folder; only files can be downloaded.").arg(remote);
    RemoteFile file(sftp_open(m_sftp, remoteName.constData(), O_RDONLY, 0));
    if (!file)
        return sftpError(QStringLiteral("Could not open %1").arg(remote));

    QFile part(partName(local));
    if (!part.open(QIODevice::ReadWrite)) // keeps what a cut download left
        return QStringLiteral("Could not write %1: %2").arg(part.fileName(), part.errorString());
    qint64 done = part.size() <= total ? agreedPrefix(part, file.get(), part.size()) : 0;
    if (!part.resize(done) || !part.seek(done) || sftp_seek64(file.get(), quint64(done)) != 0)
        return QStringLiteral("Could not prepare %1: %2").arg(part.fileName(), part.errorString());
    emit transferStarted(id, done, total);
    m_progressClock.invalidate();

    QByteArray buffer(chunkSize, Qt::Uninitialized);
    for (;;) {
        if (takeCancel(id))
            return QStringLiteral("Cancelled after %1 of %2 bytes; Resume continues from there.").arg(done).arg(total);
        const ssize_t n = sftp_read(file.get(), buffer.data(), size_t(buffer.size()));
        if (n < 0)
            return sftpError(QStringLiteral("Download of %1 stopped after %2 of %3 bytes; Resume continues from there")
                                 .arg(remote).arg(done).arg(total));
        if (n == 0)
            break; // the end of the file, even if it grew or shrank since the stat
        if (part.write(buffer.constData(), n) != n)
            return QStringLiteral("Could not write %1: %2").arg(part.fileName(), part.errorString());
        done += n;
        *moved += n;
        reportProgress(id, done, std::max(total, done), false);
    }
    if (!part.flush())
        return QStringLiteral("Could not write %1: %2").arg(part.fileName(), part.errorString());
    part.close();
    // QFile::rename never replaces: an older copy under the final name goes only once the new one is whole.
    if (QFileInfo::exists(local) && !QFile::remove(local))
        return QStringLiteral("Could not replace %1.").arg(local);
    if (!QFile::rename(part.fileName(), local))
        return QStringLiteral("Could not rename %1 to %2.").arg(part.fileName(), local);
    reportProgress(id, done, done, true);
    return {};
}

void SftpWorker::upload(int id, const QString &local, const QString &remote)
{
    qint64 moved = 0;
    const QString error = runUpload(id, local, remote, &moved);
    takeCancel(id);
    emit transferFinished(id, error, moved);
}

QString SftpWorker::runUpload(int id, const QString &local, const QString &remote, qint64 *moved)
{
    QFile source(local);
    if (!source.open(QIODevice::ReadOnly))
        return QStringLiteral("Could not read %1: %2").arg(local, source.errorString());
    if (QString error = ensureConnected(); !error.isEmpty())
        return error;
    const qint64 total = source.size();
    const QByteArray partPath = partName(remote).toUtf8();

    // What a cut upload left on the host, if it still agrees with this file.
    qint64 done = 0;
    if (sftp_attributes attributes = sftp_stat(m_sftp, partPath.constData())) {
        const qint64 kept = qint64(attributes->size);
        const bool isFile = attributes->type == SSH_FILEXFER_TYPE_REGULAR;
        sftp_attributes_free(attributes);
        if (isFile && kept <= total) {
            if (RemoteFile existing{sftp_open(m_sftp, partPath.constData(), O_RDONLY, 0)})
                done = agreedPrefix(source, existing.get(), kept);
        }
    }
    const int mode = done > 0 ? O_WRONLY : O_WRONLY | O_CREAT | O_TRUNC;
    RemoteFile file(sftp_open(m_sftp, partPath.constData(), mode, 0644));
    if (!file)
        return sftpError(QStringLiteral("Could not create %1.part").arg(remote));
    if (!source.seek(done) || sftp_seek64(file.get(), quint64(done)) != 0)
        return QStringLiteral("Could not prepare the upload of %1.").arg(local);
    emit transferStarted(id, done, total);
    m_progressClock.invalidate();

    QByteArray buffer(chunkSize, Qt::Uninitialized);
    while (done < total) {
        if (takeCancel(id))
            return QStringLiteral("Cancelled after %1 of %2 bytes; Resume continues from there.").arg(done).arg(total);
        const qint64 n = source.read(buffer.data(), buffer.size());
        if (n <= 0)
            return QStringLiteral("Could not read %1: %2").arg(local, source.errorString());
        for (qint64 written = 0; written < n;) {
            const ssize_t w = sftp_write(file.get(), buffer.constData() + written, size_t(n - written));
            if (w <= 0)
                return sftpError(QStringLiteral("Upload of %1 stopped after %2 of %3 bytes; Resume continues from there")
                                     .arg(local).arg(done + written).arg(total));
            written += w;
        }
        done += n;
        *moved += n;
        reportProgress(id, done, total, false);
    }
    if (sftp_close(file.release()) != SSH_OK)
        return sftpError(QStringLiteral("Could not finish %1.part").arg(remote));
    // SFTP v3 rename refuses an existing target: the old file goes only once the new one is whole.
    const QByteArray finalPath = remote.toUtf8();
    if (sftp_rename(m_sftp, partPath.constData(), finalPath.constData()) != SSH_OK) {
        sftp_unlink(m_sftp, finalPath.constData());
        if (sftp_rename(m_sftp, partPath.constData(), finalPath.constData()) != SSH_OK)
            return sftpError(QStringLiteral("Could not rename %1.part to %1").arg(remote));
    }
    reportProgress(id, done, total, true);
    return {};
}

} // namespace Notebench::Ssh
