#include "ssh/sftpsession.h"

#include "ssh/sftpworker.h"
#include "ssh/sshworkers.h"

#include <QThread>

namespace Notebench::Ssh {

SftpSession::SftpSession(SshTarget target, QObject *parent)
    : QObject(parent)
    , m_target(std::move(target))
    , m_thread(new QThread)
    , m_worker(new SftpWorker(m_target))
{
    qRegisterMetaType<SshError>();
    qRegisterMetaType<RemoteEntry>();
    qRegisterMetaType<QList<RemoteEntry>>();
    m_thread->setObjectName(QStringLiteral("sftp %1").arg(m_target.displayName()));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_thread, &QThread::finished, m_thread, &QObject::deleteLater);
    connect(m_worker, &SftpWorker::connected, this, &SftpSession::connected);
    connect(m_worker, &SftpWorker::failed, this, &SftpSession::failed);
    connect(m_worker, &SftpWorker::listed, this, &SftpSession::listed);
    connect(m_worker, &SftpWorker::operationFinished, this, &SftpSession::operationFinished);
    connect(m_worker, &SftpWorker::transferStarted, this, &SftpSession::transferStarted);
    connect(m_worker, &SftpWorker::transferProgress, this, &SftpSession::transferProgress);
    connect(m_worker, &SftpWorker::transferFinished, this, [this](int id, const QString &error, qint64 moved) {
        m_running.remove(id);
        m_worker->clearCancel(id); // a Cancel clicked as it ended must not stop a later Resume
        emit transferFinished(id, error, moved);
    });
    SshWorkers::adopt(m_thread);
    m_thread->start();
}

SftpSession::~SftpSession()
{
    disconnect(m_worker, nullptr, this, nullptr);
    // A running transfer stops at its next chunk, so the thread ends soon after (its .part stays).
    for (const int id : std::as_const(m_running))
        m_worker->requestCancel(id);
    QMetaObject::invokeMethod(m_worker, &SftpWorker::disconnectFromHost, Qt::QueuedConnection);
    m_thread->quit();
}

void SftpSession::open()
{
    QMetaObject::invokeMethod(m_worker, &SftpWorker::connectToHost, Qt::QueuedConnection);
}

void SftpSession::list(const QString &path)
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, path] { worker->list(path); }, Qt::QueuedConnection);
}

void SftpSession::makeFolder(const QString &path)
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, path] { worker->makeFolder(path); }, Qt::QueuedConnection);
}

void SftpSession::remove(const QString &path)
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, path] { worker->remove(path); }, Qt::QueuedConnection);
}

void SftpSession::rename(const QString &from, const QString &to)
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, from, to] { worker->rename(from, to); }, Qt::QueuedConnection);
}

int SftpSession::download(const QString &remote, const QString &local)
{
    const int id = ++m_nextId;
    m_transfers.insert(id, {false, remote, local});
    start(id);
    return id;
}

int SftpSession::upload(const QString &local, const QString &remote)
{
    const int id = ++m_nextId;
    m_transfers.insert(id, {true, local, remote});
    start(id);
    return id;
}

void SftpSession::resume(int id)
{
    if (m_transfers.contains(id) && !m_running.contains(id))
        start(id);
}

void SftpSession::start(int id)
{
    const Transfer t = m_transfers.value(id);
    m_running.insert(id);
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker, id, t] {
            if (t.isUpload)
                worker->upload(id, t.from, t.to);
            else
                worker->download(id, t.from, t.to);
        },
        Qt::QueuedConnection);
}

void SftpSession::cancel(int id)
{
    // A flag the worker reads between chunks: a queued call would wait behind the transfer itself.
    // Only for live transfers, so that a stale cancel never stops a later Resume.
    if (m_running.contains(id))
        m_worker->requestCancel(id);
}

QString SftpSession::join(const QString &folder, const QString &name)
{
    if (folder.isEmpty() || name.startsWith(QLatin1Char('/')))
        return name;
    return folder.endsWith(QLatin1Char('/')) ? folder + name : folder + QLatin1Char('/') + name;
}

QString SftpSession::parentOf(const QString &path)
{
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'), path.size() > 1 && path.endsWith(QLatin1Char('/')) ? -2 : -1);
    if (slash <= 0)
        return QStringLiteral("/");
    return path.left(slash);
}

} // namespace Notebench::Ssh
