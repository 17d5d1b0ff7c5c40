// SshSession's watches: long-lived commands (GPU telemetry) read beside the agent stream, on
// channels of their own serviced by the same socket notifier, so neither waits for the other.
#include "ssh/sshsession.h"

#include "ssh/sshlog.h"

namespace Notebench::Ssh {

namespace {
constexpr int readChunk = 1 << 16;
constexpr qsizetype stderrTailBytes = 2048;
} // namespace

void SshSession::openWatch(int id, const QString &command)
{
    const QByteArray text = command.toUtf8();
    ssh_channel channel = m_session ? ssh_channel_new(m_session) : nullptr;
    if (!channel || ssh_channel_open_session(channel) != SSH_OK || ssh_channel_request_exec(channel, text.constData()) != SSH_OK) {
        const SshError why = error(SshError::Kind::Channel, QStringLiteral("Could not start a command on %1.").arg(m_target.displayName()));
        if (channel)
            ssh_channel_free(channel);
        emit watchClosed(id, -1, why);
        return;
    }
    m_watches[id] = Watch{channel, {}};
    listenToSocket();
    pumpWatches();
}

void SshSession::closeWatch(int id)
{
    const auto found = m_watches.find(id);
    if (found == m_watches.end())
        return; // it ended on its own first; its watchClosed is on the way
    // The command sees its stdout closed and ends at its next write.
    ssh_channel_close(found->second.channel);
    ssh_channel_free(found->second.channel);
    m_watches.erase(found);
    stopListeningIfIdle();
}

void SshSession::pumpWatches()
{
    QByteArray buffer(readChunk, Qt::Uninitialized);
    for (auto it = m_watches.begin(); it != m_watches.end();) {
        const int id = it->first;
        Watch &watch = it->second;
        QByteArray received;
        int n = 0;
        while ((n = ssh_channel_read_nonblocking(watch.channel, buffer.data(), uint32_t(buffer.size()), 0)) > 0)
            received.append(buffer.constData(), n);
        const bool lost = n == SSH_ERROR;
        while ((n = ssh_channel_read_nonblocking(watch.channel, buffer.data(), uint32_t(buffer.size()), 1)) > 0)
            watch.stderrTail = (watch.stderrTail + QByteArray(buffer.constData(), n)).right(stderrTailBytes);
        if (!received.isEmpty())
            emit watchData(id, received);
        int status = -1;
        SshError why;
        if (lost || !ssh_is_connected(m_session)) {
            why = error(SshError::Kind::Disconnected, QStringLiteral("The connection to %1 was lost.").arg(m_target.displayName()));
        } else if (ssh_channel_is_eof(watch.channel) || ssh_channel_is_closed(watch.channel)) {
            status = ssh_channel_get_exit_status(watch.channel);
            if (status != 0) {
                const QString said = QString::fromUtf8(watch.stderrTail).trimmed();
                why = {SshError::Kind::Channel,
                       QStringLiteral("A command on %1 ended with status %2%3").arg(m_target.displayName()).arg(status)
                           .arg(said.isEmpty() ? QStringLiteral(".") : QStringLiteral(": ") + said),
                       {}};
            }
        } else {
            ++it;
            continue;
        }
        qCDebug(lcSsh) << "watch" << id << "on" << m_target.displayName() << "ended:" << status << why.message;
        ssh_channel_close(watch.channel);
        ssh_channel_free(watch.channel);
        it = m_watches.erase(it);
        emit watchClosed(id, status, why);
    }
    stopListeningIfIdle();
}

void SshSession::closeWatches(const SshError &error)
{
    for (const auto &[id, watch] : std::exchange(m_watches, {})) {
        ssh_channel_free(watch.channel);
        emit watchClosed(id, -1, error);
    }
    stopListeningIfIdle();
}

} // namespace Notebench::Ssh
