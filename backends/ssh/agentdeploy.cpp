// SshSession::deployAgent: the agent script goes to the host by SFTP, named by its content hash.
#include "ssh/sshsession.h"

#include <QCryptographicHash>

#include <libssh/sftp.h>

#include <fcntl.h>

namespace Notebench::Ssh {

namespace {
struct SftpCloser
{
    sftp_session sftp;
    ~SftpCloser() { sftp_free(sftp); }
};

// Each directory of a relative path, as mkdir -p; an existing one is fine.
bool makeDirectories(sftp_session sftp, const QString &path)
{
    QString partial;
    for (const QString &part : path.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        partial += (partial.isEmpty() && !path.startsWith(QLatin1Char('/')) ? QString() : QStringLiteral("/")) + part;
        const QByteArray bytes = partial.toUtf8();
        if (sftp_mkdir(sftp, bytes.constData(), 0700) != SSH_OK && sftp_get_error(sftp) != SSH_FX_FILE_ALREADY_EXISTS) {
            sftp_attributes attributes = sftp_stat(sftp, bytes.constData());
            if (!attributes)
                return false;
            sftp_attributes_free(attributes);
        }
    }
    return true;
}
} // namespace

SshError SshSession::deployAgent(QString *path)
{
    // Versioned by content: a host keeps one file per agent version, and an up-to-date host
    // costs one stat. Paths are relative to the login directory, where SFTP starts.
    const QByteArray hash = QCryptographicHash::hash(m_agentScript, QCryptographicHash::Sha256).toHex().left(16);
    const QString directory = QStringLiteral(".cache/notebench");
    const QString relative = directory + QStringLiteral("/agent-") + QString::fromLatin1(hash) + QStringLiteral(".py");

    sftp_session sftp = sftp_new(m_session);
    if (!sftp || sftp_init(sftp) != SSH_OK) {
        if (sftp)
            sftp_free(sftp);
        return error(SshError::Kind::Deploy, QStringLiteral("The SFTP subsystem of %1 is not available.").arg(m_target.displayName()));
    }
    SftpCloser closer{sftp};
    char *home = sftp_canonicalize_path(sftp, ".");
    const QString homeDir = home ? QString::fromUtf8(home) : QString();
    ssh_string_free_char(home);
    *path = homeDir.isEmpty() ? relative : homeDir + QLatin1Char('/') + relative;

    const QByteArray target = relative.toUtf8();
    if (sftp_attributes existing = sftp_stat(sftp, target.constData())) {
        const bool complete = existing->size == quint64(m_agentScript.size());
        sftp_attributes_free(existing);
        if (complete)
            return {};
    }
    if (!makeDirectories(sftp, directory))
        return error(SshError::Kind::Deploy, QStringLiteral("Could not create ~/%1 on %2.").arg(directory, m_target.displayName()));
    // Written under a temporary name and renamed, so a cut transfer never leaves a torn agent.
    const QByteArray temporary = target + ".part";
    sftp_file file = sftp_open(sftp, temporary.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (!file)
        return error(SshError::Kind::Deploy, QStringLiteral("Could not write the agent to %1.").arg(m_target.displayName()));
    const bool written = sftp_write(file, m_agentScript.constData(), size_t(m_agentScript.size())) == m_agentScript.size();
    sftp_close(file);
    sftp_unlink(sftp, target.constData()); // another launch may have raced us to the same content
    if (!written || sftp_rename(sftp, temporary.constData(), target.constData()) != SSH_OK)
        return error(SshError::Kind::Deploy, QStringLiteral("Could not install the agent on %1.").arg(m_target.displayName()));
    return {};
}

} // namespace Notebench::Ssh
