#pragma once

#include "ssh/remoteentry.h"
#include "ssh/sshtarget.h"

#include <QHash>
#include <QObject>
#include <QSet>

class QThread;

namespace Notebench::Ssh {

class SftpWorker;

/// The GUI-thread handle of a host's files: it owns a worker thread with an SftpWorker and talks
/// to it by queued calls and signals only, so nothing here blocks. Calls queue in order; a call
/// made after the connection was lost reconnects first, and a transfer called again resumes.
class SftpSession : public QObject
{
    Q_OBJECT
public:
    explicit SftpSession(SshTarget target, QObject *parent = nullptr);
    /// Cancels what runs, hands the worker a disconnect and lets its thread end on its own.
    ~SftpSession() override;

    const SshTarget &target() const { return m_target; }
    /// connected(home) or failed().
    void open();
    void list(const QString &path);
    void makeFolder(const QString &path);
    void remove(const QString &path);
    void rename(const QString &from, const QString &to);
    /// Returns the transfer's id, used by the transfer signals and cancel().
    int download(const QString &remote, const QString &local);
    int upload(const QString &local, const QString &remote);
    /// Starts an ended transfer again under the same id; it continues from what its `.part` file
    /// holds. Nothing happens while it is still queued or running.
    void resume(int id);
    /// Stops a queued or running transfer (its `.part` file stays); nothing for an ended one.
    void cancel(int id);

    /// A child's path in a remote folder (remote paths are always POSIX).
    static QString join(const QString &folder, const QString &name);
    static QString parentOf(const QString &path);

signals:
    void connected(const QString &home);
    void failed(const Notebench::Ssh::SshError &error);
    void listed(const QString &path, const QList<Notebench::Ssh::RemoteEntry> &entries);
    void operationFinished(const QString &path, const QString &error);
    void transferStarted(int id, qint64 resumedFrom, qint64 total);
    void transferProgress(int id, qint64 done, qint64 total);
    void transferFinished(int id, const QString &error, qint64 moved);

private:
    struct Transfer
    {
        bool isUpload = false;
        QString from;
        QString to;
    };
    void start(int id);

    SshTarget m_target;
    QThread *m_thread;
    SftpWorker *m_worker;
    QHash<int, Transfer> m_transfers;
    QSet<int> m_running; // queued or running on the worker: what cancel() may stop
    int m_nextId = 0;
};

} // namespace Notebench::Ssh
