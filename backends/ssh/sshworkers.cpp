#include "ssh/sshworkers.h"

#include <QDeadlineTimer>
#include <QList>
#include <QMutex>
#include <QThread>

namespace Notebench::Ssh {

namespace {
QMutex &mutex()
{
    static QMutex instance;
    return instance;
}

// Threads are removed as they finish, before their deleteLater can run (that needs the event loop
// of the thread that waits here), so every pointer in the list is alive.
QList<QThread *> &running()
{
    static QList<QThread *> threads;
    return threads;
}
} // namespace

void SshWorkers::adopt(QThread *thread)
{
    {
        QMutexLocker lock(&mutex());
        running().append(thread);
    }
    // Emitted from the worker itself as its event loop ends: no receiver, so it runs there.
    QObject::connect(thread, &QThread::finished, [thread] {
        QMutexLocker lock(&mutex());
        running().removeAll(thread);
    });
}

bool SshWorkers::waitForAll(int milliseconds)
{
    const QDeadlineTimer deadline(milliseconds);
    for (;;) {
        QList<QThread *> threads;
        {
            QMutexLocker lock(&mutex());
            threads = running();
        }
        if (threads.isEmpty())
            return true;
        for (QThread *thread : threads) {
            if (!thread->wait(deadline))
                return false;
        }
        // wait() returns once run() has returned, a moment before finished() removes the thread.
        QThread::msleep(1);
        if (deadline.hasExpired()) {
            QMutexLocker lock(&mutex());
            return running().isEmpty();
        }
    }
}

} // namespace Notebench::Ssh
