#pragma once

#include "ssh/sshtarget.h"

#include <QList>
#include <QObject>
#include <QPointer>

namespace Notebench::Ssh {

class SshConnection;

/// A kernel session the agent keeps on a host (`agent list`).
struct RemoteSession
{
    QString id;
    QString kernel;
    QString started;   ///< ISO 8601, UTC
    quint64 lastSeq = 0;
    bool alive = false; ///< its daemon runs; a finished session still replays its journal
};

/// Asks a host for its sessions, or stops one, over a connection of its own.
/// Used by `notebench sessions ssh://HOST` and by the runtime chooser's list of running sessions.
class RemoteSessions : public QObject
{
    Q_OBJECT
public:
    explicit RemoteSessions(SshTarget target, QObject *parent = nullptr);
    ~RemoteSessions() override;

    /// Emits listed() or failed().
    void list();
    /// `agent stop`: shutdown_request, kill if needed, remove; emits stopped() or failed().
    void stop(const QString &sessionId);

    /// Parses `agent list` output; bad input yields an empty list and sets error.
    static QList<RemoteSession> parseList(const QByteArray &json, QString *error);

signals:
    void listed(const QList<Notebench::Ssh::RemoteSession> &sessions);
    void stopped(const QString &sessionId);
    void failed(const Notebench::Ssh::SshError &error);

private:
    void runAgent(const QStringList &arguments);

    SshTarget m_target;
    QPointer<SshConnection> m_connection;
};

} // namespace Notebench::Ssh
