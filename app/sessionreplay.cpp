#include "app/sessionreplay.h"

#include "kernel/jsonfields.h"
#include "ssh/remotesessions.h"
#include "ssh/sshtransport.h"

#include <QTextStream>

#include <algorithm>

namespace Notebench::App {

namespace {
QString text(const nlohmann::json &value)
{
    if (value.is_string())
        return QString::fromStdString(value.get<std::string>());
    QString joined; // nbformat multiline strings are lists of lines
    if (value.is_array()) {
        for (const auto &line : value)
            joined += line.is_string() ? QString::fromStdString(line.get<std::string>()) : QString();
    }
    return joined;
}
} // namespace

SessionReplay::SessionReplay(Ssh::SshTarget target, QString sessionId, QTextStream &out, QTextStream &err, QObject *parent)
    : QObject(parent)
    , m_out(out)
    , m_err(err)
    , m_sessionId(sessionId)
    , m_sessions(new Ssh::RemoteSessions(target, this))
    , m_transport(new Ssh::SshTransport(target, std::move(sessionId), 0, nullptr, this))
{
    // A command line that waits for a host that stays away gives up after half a minute.
    m_transport->setReconnectLimit(30'000);
    connect(m_sessions, &Ssh::RemoteSessions::failed, this, [this](const Ssh::SshError &error) { fail(error.message); });
    connect(m_sessions, &Ssh::RemoteSessions::listed, this, [this](const QList<Ssh::RemoteSession> &sessions) {
        const auto found = std::find_if(sessions.begin(), sessions.end(), [this](const auto &s) { return s.id == m_sessionId; });
        if (found == sessions.end()) {
            fail(QStringLiteral("There is no session %1 on that host; notebench sessions lists them.").arg(m_sessionId));
            return;
        }
        m_catchUpSeq = found->lastSeq;
        m_transport->open();
    });
    connect(m_transport, &Kernel::Transport::opened, this, &SessionReplay::finishIfSettled);
    connect(m_transport, &Kernel::Transport::messageReceived, this,
            [this](Kernel::Channel, const Protocol::Message &message) { onMessage(message); });
    connect(m_transport, &Ssh::SshTransport::kernelEnded, this, [this](int exitCode, const QString &reason) {
        m_out << "[the kernel ended: " << reason << ", exit code " << exitCode << "]" << Qt::endl;
        m_running.clear();
        finishIfSettled();
    });
    connect(m_transport, &Kernel::Transport::failed, this, &SessionReplay::fail);
}

SessionReplay::~SessionReplay() = default;

void SessionReplay::start()
{
    m_sessions->list();
}

void SessionReplay::fail(const QString &why)
{
    m_err << why << Qt::endl;
    if (!std::exchange(m_done, true))
        emit finished(2);
}

void SessionReplay::onMessage(const Protocol::Message &message)
{
    const std::string type = message.msgType();
    const QString parent = QString::fromStdString(message.parentMsgId());
    const auto &content = message.content;
    if (type == "execute_input") {
        m_running.insert(parent);
    } else if (type == "execute_reply" || (type == "status" && Kernel::stringField(content, "execution_state") == "idle")) {
        // Reply (shell) and idle (IOPub) travel on different sockets: either may come first.
        (type == "execute_reply" ? m_replied : m_idle).insert(parent);
        if (m_replied.contains(parent) && m_idle.contains(parent))
            m_running.remove(parent);
    } else if (type == "stream") {
        (Kernel::stringField(content, "name") == "stderr" ? m_err : m_out) << QString::fromStdString(Kernel::stringField(content, "text"));
        m_out.flush();
    } else if (type == "execute_result" || type == "display_data") {
        const auto data = content.find("data");
        if (data != content.end() && data->is_object() && data->contains("text/plain"))
            m_out << text((*data)["text/plain"]) << Qt::endl;
    } else if (type == "error") {
        if (const auto traceback = content.find("traceback"); traceback != content.end() && traceback->is_array()) {
            for (const auto &line : *traceback)
                m_out << text(line) << Qt::endl;
        }
    }
    finishIfSettled();
}

void SessionReplay::finishIfSettled()
{
    if (!m_running.isEmpty() || m_transport->lastSeq() < m_catchUpSeq || m_done)
        return;
    m_done = true;
    m_transport->close();
    emit finished(0);
}

} // namespace Notebench::App
