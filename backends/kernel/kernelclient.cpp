#include "kernel/kernelclient.h"

#include "kernel/jsonfields.h"
#include "kernel/kernellog.h"
#include "kernel/transport.h"

namespace Notebench::Kernel {

namespace {
std::string currentUserName()
{
    QString name = qEnvironmentVariable("USER");
    if (name.isEmpty())
        name = qEnvironmentVariable("USERNAME");
    return name.isEmpty() ? std::string("notebench") : name.toStdString();
}
} // namespace

KernelClient::KernelClient(QObject *parent)
    : QObject(parent)
    , m_username(currentUserName())
{
    m_nudgeTimer.setInterval(500);
    connect(&m_nudgeTimer, &QTimer::timeout, this, &KernelClient::sendNudge);
}

void KernelClient::attach(Transport *transport, const QString &why)
{
    detach(why.isEmpty() ? QStringLiteral("The kernel connection was replaced.") : why);
    m_transport = transport;
    if (!transport)
        return;
    m_connections << connect(transport, &Transport::messageReceived, this, &KernelClient::route);
    m_connections << connect(transport, &Transport::messageRejected, this, [](Channel channel, const QString &reason) {
        qCWarning(lcKernel) << "dropped a message on" << channelName(channel) << ":" << reason;
    });
}

void KernelClient::detach(const QString &why)
{
    for (const auto &connection : std::as_const(m_connections))
        disconnect(connection);
    m_connections.clear();
    m_transport = nullptr;
    m_nudgeTimer.stop();
    m_nudging = false;
    m_iopubSeen = false;
    m_ready = false;
    m_nudgeReply.reset();
    failAll(why);
}

void KernelClient::startNudging()
{
    m_nudging = true;
    m_ready = false;
    sendNudge();
    m_nudgeTimer.start();
}

void KernelClient::sendNudge()
{
    auto *request = send(Channel::Shell, "kernel_info_request", nlohmann::json::object(), false);
    connect(request, &PendingRequest::replied, this, [this](const Protocol::Message &reply) {
        if (!m_nudging)
            return;
        m_nudgeReply = reply;
        if (m_iopubSeen) {
            m_nudging = false;
            m_nudgeTimer.stop();
            m_ready = true;
            emit ready(reply);
        }
    });
}

PendingRequest *KernelClient::kernelInfo()
{
    return send(Channel::Shell, "kernel_info_request", nlohmann::json::object());
}

namespace {
// "<uuid>@cell:<cell id>": a uuid never holds '@', and nbformat cell ids hold only [A-Za-z0-9_-].
constexpr std::string_view cellMark = "@cell:";
} // namespace

PendingRequest *KernelClient::execute(const QString &code, const ExecuteOptions &options)
{
    nlohmann::json content = {{"code", code.toStdString()},
                              {"silent", options.silent},
                              {"store_history", options.storeHistory},
                              {"user_expressions", nlohmann::json::object()},
                              {"allow_stdin", options.allowStdin},
                              {"stop_on_error", options.stopOnError}};
    if (!options.cellId)
        return send(Channel::Shell, "execute_request", std::move(content));
    const std::string session = m_transport ? m_transport->session().toStdString() : std::string();
    auto message = Protocol::Message::create("execute_request", std::move(content), session, m_username);
    message.header["msg_id"] = message.msgId() + std::string(cellMark) + *options.cellId;
    message.metadata["cellId"] = *options.cellId;
    return send(Channel::Shell, std::move(message), true);
}

std::optional<std::string> KernelClient::cellOfRequest(std::string_view msgId)
{
    const auto mark = msgId.find(cellMark);
    if (mark == std::string_view::npos)
        return std::nullopt;
    return std::string(msgId.substr(mark + cellMark.size()));
}

PendingRequest *KernelClient::complete(const QString &code, int cursorPos)
{
    return send(Channel::Shell, "complete_request", {{"code", code.toStdString()}, {"cursor_pos", cursorPos}});
}

PendingRequest *KernelClient::inspect(const QString &code, int cursorPos, int detailLevel)
{
    return send(Channel::Shell, "inspect_request",
                {{"code", code.toStdString()}, {"cursor_pos", cursorPos}, {"detail_level", detailLevel}});
}

PendingRequest *KernelClient::isComplete(const QString &code)
{
    return send(Channel::Shell, "is_complete_request", {{"code", code.toStdString()}});
}

PendingRequest *KernelClient::history(const nlohmann::json &params)
{
    return send(Channel::Shell, "history_request", params);
}

PendingRequest *KernelClient::interruptRequest()
{
    return send(Channel::Control, "interrupt_request", nlohmann::json::object());
}

PendingRequest *KernelClient::shutdownRequest(bool restart)
{
    // The kernel may exit before it publishes idle, so the reply alone completes a shutdown.
    return send(Channel::Control, "shutdown_request", {{"restart", restart}}, false);
}

PendingRequest *KernelClient::usage()
{
    return send(Channel::Control, "usage_request", nlohmann::json::object());
}

void KernelClient::sendInputReply(const Protocol::Message &inputRequest, const QString &value)
{
    if (!m_transport)
        return;
    auto reply = Protocol::Message::create("input_reply", {{"value", value.toStdString()}},
                                           m_transport->session().toStdString(), m_username);
    reply.parentHeader = inputRequest.header;
    m_transport->send(Channel::Stdin, reply);
}

void KernelClient::failAll(const QString &why)
{
    const auto pending = std::exchange(m_pending, {});
    for (auto *request : pending) {
        request->fail(why);
        request->deleteLater();
    }
}

PendingRequest *KernelClient::send(Channel channel, std::string_view msgType, nlohmann::json content, bool expectsIdle)
{
    const std::string session = m_transport ? m_transport->session().toStdString() : std::string();
    return send(channel, Protocol::Message::create(msgType, std::move(content), session, m_username), expectsIdle);
}

PendingRequest *KernelClient::send(Channel channel, Protocol::Message message, bool expectsIdle)
{
    auto *request = new PendingRequest(channel, message, expectsIdle, this);
    if (!m_transport) {
        // Fail after the caller has connected to the request's signals.
        QMetaObject::invokeMethod(request, [request] {
            request->fail(QStringLiteral("No kernel is connected."));
            request->deleteLater();
        }, Qt::QueuedConnection);
        return request;
    }
    m_pending.insert(request->msgId(), request);
    connect(request, &PendingRequest::finished, this, [this, request] {
        if (m_pending.value(request->msgId()) == request)
            m_pending.remove(request->msgId());
        request->deleteLater();
    });
    m_transport->send(channel, message);
    return request;
}

void KernelClient::route(Channel channel, const Protocol::Message &message)
{
    const QString parentId = QString::fromStdString(message.parentMsgId());
    PendingRequest *request = parentId.isEmpty() ? nullptr : m_pending.value(parentId);

    switch (channel) {
    case Channel::IOPub: {
        m_iopubSeen = true;
        if (message.msgType() == "status")
            emit executionStateChanged(QString::fromStdString(stringField(message.content, "execution_state")));
        if (m_nudging && m_nudgeReply && !m_ready) {
            m_nudging = false;
            m_nudgeTimer.stop();
            m_ready = true;
            emit ready(*m_nudgeReply);
        }
        if (request)
            request->deliverIopub(message);
        else
            emit unroutedIopub(message);
        break;
    }
    case Channel::Stdin:
        if (request && message.msgType() == "input_request")
            request->deliverInputRequest(message);
        break;
    case Channel::Shell:
    case Channel::Control:
        if (request)
            request->deliverReply(message);
        break;
    case Channel::Heartbeat:
        break;
    }
}

} // namespace Notebench::Kernel
