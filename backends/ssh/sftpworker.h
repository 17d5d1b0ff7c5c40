#pragma once

#include "ssh/remoteentry.h"
#include "ssh/sshlogin.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QObject>
#include <QSet>

#include <libssh/sftp.h>

class QFile;

namespace Notebench::Ssh {

/// The files side of an SSH host: its own libssh session with an SFTP channel, on its own worker
/// thread (a libssh session may not be shared between threads). SftpSession drives it by queued
/// calls; every call reconnects first if the connection was lost, so calling a cut transfer again
/// resumes it. Transfers stream in chunks through a `.part` file and never hold a whole file.
class SftpWorker : public QObject
{
    Q_OBJECT
public:
    explicit SftpWorker(SshTarget target);
    ~SftpWorker() override;

    /// Thread-safe: the transfer with this id stops before its next chunk; its `.part` file stays
    /// so that the same call made again resumes it.
    void requestCancel(int id);
    /// Thread-safe: drops a cancel that came after the transfer had already ended.
    void clearCancel(int id);

public slots:
    /// Connects and resolves the home folder (where the kernel starts): connected(home) or failed().
    void connectToHost();
    void list(const QString &path);
    void makeFolder(const QString &path);
    /// Removes a file or an empty folder.
    void remove(const QString &path);
    void rename(const QString &from, const QString &to);
    void download(int id, const QString &remote, const QString &local);
    void upload(int id, const QString &local, const QString &remote);
    void disconnectFromHost();

signals:
    void connected(const QString &home);
    void failed(const Notebench::Ssh::SshError &error);
    void listed(const QString &path, const QList<Notebench::Ssh::RemoteEntry> &entries);
    /// mkdir, remove, rename or list ended; error is empty on success.
    void operationFinished(const QString &path, const QString &error);
    /// A transfer begins at resumedFrom (0: from the start) of total bytes.
    void transferStarted(int id, qint64 resumedFrom, qint64 total);
    /// At most ~10 a second, and always one at the end.
    void transferProgress(int id, qint64 done, qint64 total);
    /// error is empty on success; moved is what this call carried (less than the size after a resume).
    void transferFinished(int id, const QString &error, qint64 moved);

private:
    QString ensureConnected();
    QString sftpError(const QString &what);
    QString runDownload(int id, const QString &remote, const QString &local, qint64 *moved);
    QString runUpload(int id, const QString &local, const QString &remote, qint64 *moved);
    qint64 agreedPrefix(QFile &local, sftp_file remote, qint64 length);
    bool takeCancel(int id);
    void reportProgress(int id, qint64 done, qint64 total, bool last);
    void release();

    SshLogin m_login;
    sftp_session m_sftp = nullptr;
    QMutex m_cancelLock;
    QSet<int> m_cancelled;
    QElapsedTimer m_progressClock;
};

} // namespace Notebench::Ssh
