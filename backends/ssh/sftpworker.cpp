#include "ssh/sftpworker.h"

#include "ssh/sshlog.h"

#include <QMutexLocker>

#include <fcntl.h>

#include <algorithm>

namespace Notebench::Ssh {

void sortForDisplay(QList<RemoteEntry> &entries)
{
    std::sort(entries.begin(), entries.end(), [](const RemoteEntry &a, const RemoteEntry &b) {
        if (a.isDir != b.isDir)
            return a.isDir;
        const int byName = a.name.compare(b.name, Qt::CaseInsensitive);
        return byName != 0 ? byName < 0 : a.name < b.name;
    });
}

SftpWorker::SftpWorker(SshTarget target)
    : m_login(std::move(target))
{
}

SftpWorker::~SftpWorker()
{
    release();
}

void SftpWorker::requestCancel(int id)
{
    QMutexLocker lock(&m_cancelLock);
    m_cancelled.insert(id);
}

void SftpWorker::clearCancel(int id)
{
    takeCancel(id);
}

bool SftpWorker::takeCancel(int id)
{
    QMutexLocker lock(&m_cancelLock);
    return m_cancelled.remove(id);
}

QString SftpWorker::ensureConnected()
{
    if (m_sftp && ssh_is_connected(m_login.session()))
        return {};
    release();
    if (const SshError error = m_login.open(); error.kind != SshError::Kind::None) {
        emit failed(error);
        return error.message;
    }
    m_sftp = sftp_new(m_login.session());
    if (!m_sftp || sftp_init(m_sftp) != SSH_OK) {
        const SshError error = m_login.error(SshError::Kind::Channel,
                                             QStringLiteral("%1 offers no SFTP service.").arg(m_login.target().displayName()));
        release();
        emit failed(error);
        return error.message;
    }
    // A blocking SFTP call gives up after the dead-peer limit instead of hanging on a silent peer.
    const long timeoutSeconds = std::max(1, m_login.target().keepaliveTimeoutMs / 1000);
    ssh_options_set(m_login.session(), SSH_OPTIONS_TIMEOUT, &timeoutSeconds);
    return {};
}

QString SftpWorker::sftpError(const QString &what)
{
    // The session itself is let go by the next call's ensureConnected(): handles still open on
    // it (an sftp_file in a transfer) must be closed first.
    if (!m_sftp || !ssh_is_connected(m_login.session()))
        return QStringLiteral("%1: the connection to %2 was lost.").arg(what, m_login.target().displayName());
    switch (sftp_get_error(m_sftp)) {
    case SSH_FX_NO_SUCH_FILE:
    case SSH_FX_NO_SUCH_PATH:
        return QStringLiteral("%1: no such file or folder.").arg(what);
    case SSH_FX_PERMISSION_DENIED:
        return QStringLiteral("%1: permission denied.").arg(what);
    case SSH_FX_FILE_ALREADY_EXISTS:
        return QStringLiteral("%1: it already exists.").arg(what);
    default:
        return QStringLiteral("%1 (%2).").arg(what, QString::fromUtf8(ssh_get_error(m_login.session())));
    }
}

void SftpWorker::connectToHost()
{
    if (!ensureConnected().isEmpty())
        return;
    // sftp-server starts in the login folder, which is where the agent starts the kernel too.
    char *home = sftp_canonicalize_path(m_sftp, ".");
    const QString path = home ? QString::fromUtf8(home) : QStringLiteral("/");
    ssh_string_free_char(home);
    emit connected(path);
}

void SftpWorker::list(const QString &path)
{
    if (const QString error = ensureConnected(); !error.isEmpty()) {
        emit operationFinished(path, error);
        return;
    }
    const QByteArray name = path.toUtf8();
    sftp_dir dir = sftp_opendir(m_sftp, name.constData());
    if (!dir) {
        emit operationFinished(path, sftpError(QStringLiteral("Could not open %1").arg(path)));
        return;
    }
    QList<RemoteEntry> entries;
    while (sftp_attributes attributes = sftp_readdir(m_sftp, dir)) {
        const QString entryName = QString::fromUtf8(attributes->name);
        if (entryName != QLatin1String(".") && entryName != QLatin1String("..")) {
            RemoteEntry entry;
            entry.name = entryName;
            entry.size = qint64(attributes->size);
            entry.modified = QDateTime::fromSecsSinceEpoch(qint64(attributes->mtime));
            entry.isDir = attributes->type == SSH_FILEXFER_TYPE_DIRECTORY;
            entry.permissions = attributes->permissions & 07777;
            entries << entry;
        }
        sftp_attributes_free(attributes);
    }
    const bool complete = sftp_dir_eof(dir);
    sftp_closedir(dir);
    if (!complete) {
        emit operationFinished(path, sftpError(QStringLiteral("Could not read all of %1").arg(path)));
        return;
    }
    sortForDisplay(entries);
    emit listed(path, entries);
    emit operationFinished(path, {});
}

void SftpWorker::makeFolder(const QString &path)
{
    QString error = ensureConnected();
    if (error.isEmpty() && sftp_mkdir(m_sftp, path.toUtf8().constData(), 0755) != SSH_OK)
        error = sftpError(QStringLiteral("Could not create %1").arg(path));
    emit operationFinished(path, error);
}

void SftpWorker::remove(const QString &path)
{
    QString error = ensureConnected();
    const QByteArray name = path.toUtf8();
    if (error.isEmpty()) {
        sftp_attributes attributes = sftp_lstat(m_sftp, name.constData());
        if (!attributes) {
            error = sftpError(QStringLiteral("Could not remove %1").arg(path));
        } else {
            const bool isDir = attributes->type == SSH_FILEXFER_TYPE_DIRECTORY;
            sftp_attributes_free(attributes);
            if ((isDir ? sftp_rmdir(m_sftp, name.constData()) : sftp_unlink(m_sftp, name.constData())) != SSH_OK)
                error = sftpError(QStringLiteral("Could not remove %1%2").arg(path, isDir ? QStringLiteral(" (a folder must be empty)") : QString()));
        }
    }
    emit operationFinished(path, error);
}

void SftpWorker::rename(const QString &from, const QString &to)
{
    QString error = ensureConnected();
    if (error.isEmpty() && sftp_rename(m_sftp, from.toUtf8().constData(), to.toUtf8().constData()) != SSH_OK)
        error = sftpError(QStringLiteral("Could not rename %1 to %2").arg(from, to));
    emit operationFinished(to, error);
}

void SftpWorker::disconnectFromHost()
{
    release();
}

void SftpWorker::release()
{
    if (m_sftp) {
        sftp_free(m_sftp);
        m_sftp = nullptr;
    }
    m_login.close();
}

} // namespace Notebench::Ssh
