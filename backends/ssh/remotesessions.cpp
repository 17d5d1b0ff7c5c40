#include "ssh/remotesessions.h"

#include "ssh/sshconnection.h"

#include <nlohmann/json.hpp>

namespace Notebench::Ssh {

RemoteSessions::RemoteSessions(SshTarget target, QObject *parent)
    : QObject(parent)
    , m_target(std::move(target))
{
}

RemoteSessions::~RemoteSessions() = default;

QList<RemoteSession> RemoteSessions::parseList(const QByteArray &json, QString *error)
{
    QList<RemoteSession> sessions;
    const auto parsed = nlohmann::json::parse(json.constData(), json.constData() + json.size(), nullptr, false);
    if (!parsed.is_array()) {
        *error = QStringLiteral("The agent's session list is not a JSON array.");
        return sessions;
    }
    for (const auto &entry : parsed) {
        if (!entry.is_object() || !entry.contains("session") || !entry["session"].is_string())
            continue;
        RemoteSession session;
        session.id = QString::fromStdString(entry["session"].get<std::string>());
        const auto text = [&](const char *key) {
            const auto it = entry.find(key);
            return it != entry.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
        };
        session.kernel = text("kernel");
        session.started = text("started");
        if (const auto it = entry.find("last_seq"); it != entry.end() && it->is_number_unsigned())
            session.lastSeq = it->get<quint64>();
        if (const auto it = entry.find("alive"); it != entry.end() && it->is_boolean())
            session.alive = it->get<bool>();
        sessions.append(session);
    }
    return sessions;
}

void RemoteSessions::list()
{
    runAgent({QStringLiteral("list")});
}

void RemoteSessions::stop(const QString &sessionId)
{
    runAgent({QStringLiteral("stop"), sessionId});
}

void RemoteSessions::runAgent(const QStringList &arguments)
{
    delete m_connection;
    m_connection = new SshConnection(m_target, this);
    connect(m_connection, &SshConnection::failed, this, &RemoteSessions::failed);
    connect(m_connection, &SshConnection::ready, this, [this, arguments] {
        const int id = m_connection->runAgent(arguments);
        connect(m_connection, &SshConnection::commandFinished, this,
                [this, id, arguments](int commandId, int exitStatus, const QByteArray &out, const QByteArray &err) {
                    if (commandId != id)
                        return;
                    if (exitStatus != 0) {
                        emit failed({SshError::Kind::Channel,
                                     QStringLiteral("The agent on %1 failed: %2").arg(m_target.displayName(), QString::fromUtf8(err).trimmed()),
                                     {}});
                        return;
                    }
                    if (arguments.first() == QLatin1String("stop")) {
                        emit stopped(arguments.value(1));
                        return;
                    }
                    QString error;
                    const auto sessions = parseList(out, &error);
                    if (!error.isEmpty())
                        emit failed({SshError::Kind::Channel, error, {}});
                    else
                        emit listed(sessions);
                });
    });
    m_connection->open();
}

} // namespace Notebench::Ssh
