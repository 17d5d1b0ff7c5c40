#include "app/sessionreplay.h"

#include "ssh/sshtransport.h"

#include <QTextStream>

namespace Notebench::App {

namespace {
// The replay has caught up when nothing arrives for this long and no cell is running.
constexpr int settleMs = 500;

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
    , m_transport(new Ssh::SshTransport(std::move(target), std::move(sessionId), 0, nullptr, this))
{
    // A command line that waits for a host that stays away gives up after half a minute.
    m_transport->setReconnectLimit(30'000);
    m_settle.setSingleShot(true);
    m_settle.setInterval(settleMs);
    connect(&m_settle, &QTimer::timeout, this, &SessionReplay::finishIfSettled);
    connect(m_transport, &Kernel::Transport::opened, &m_settle, qOverload<>(&QTimer::start));
    connect(m_transport, &Kernel::Transport::messageReceived, this,
            [this](Kernel::Channel, const Protocol::Message &message) { onMessage(message); });
    connect(m_transport, &Ssh::SshTransport::kernelEnded, this, [this](int exitCode, const QString &reason) {
        m_out << "[the kernel ended: " << reason << ", exit code " << exitCode << "]" << Qt::endl;
        m_running.clear();
        finishIfSettled();
    });
    connect(m_transport, &Kernel::Transport::failed, this, [this](const QString &why) {
        m_err << why << Qt::endl;
        if (!std::exchange(m_done, true))
            emit finished(2);
    });
}

SessionReplay::~SessionReplay() = default;

void SessionReplay::start()
{
    m_transport->open();
}

void SessionReplay::onMessage(const Protocol::Message &message)
{
    m_settle.start();
    const std::string type = message.msgType();
    const QString parent = QString::fromStdString(message.parentMsgId());
    const auto &content = message.content;
    if (type == "execute_input") {
        m_running.insert(parent);
    } else if (type == "execute_reply" || (type == "status" && content.value("execution_state", std::string()) == "idle")) {
        // Reply (shell) and idle (IOPub) travel on different sockets: either may come first.
        (type == "execute_reply" ? m_replied : m_idle).insert(parent);
        if (m_replied.contains(parent) && m_idle.contains(parent))
            m_running.remove(parent);
    } else if (type == "stream") {
        (content.value("name", std::string()) == "stderr" ? m_err : m_out) << text(content.value("text", nlohmann::json()));
        m_out.flush();
    } else if (type == "execute_result" || type == "display_data") {
        const auto data = content.find("data");
        if (data != content.end() && data->is_object() && data->contains("text/plain"))
            m_out << text((*data)["text/plain"]) << Qt::endl;
    } else if (type == "error") {
        for (const auto &line : content.value("traceback", nlohmann::json::array()))
            m_out << text(line) << Qt::endl;
    }
}

void SessionReplay::finishIfSettled()
{
    if (!m_running.isEmpty() || m_done)
        return;
    m_done = true;
    m_transport->close();
    emit finished(0);
}

} // namespace Notebench::App
