#include "kernel/pendingrequest.h"

#include "kernel/jsonfields.h"

namespace Notebench::Kernel {

PendingRequest::PendingRequest(Channel channel, Protocol::Message request, bool expectsIdle, QObject *parent)
    : QObject(parent)
    , m_channel(channel)
    , m_request(std::move(request))
    , m_msgId(QString::fromStdString(m_request.msgId()))
    , m_expectsIdle(expectsIdle)
{
}

void PendingRequest::deliverReply(const Protocol::Message &message)
{
    if (m_finished || m_reply)
        return;
    m_reply = message;
    emit replied(message);
    finishIfComplete();
}

void PendingRequest::deliverIopub(const Protocol::Message &message)
{
    if (m_finished)
        return;
    emit iopub(message);
    if (message.msgType() == "status" && stringField(message.content, "execution_state") == "idle") {
        m_idleSeen = true;
        finishIfComplete();
    }
}

void PendingRequest::deliverInputRequest(const Protocol::Message &message)
{
    if (m_finished)
        return;
    const auto prompt = QString::fromStdString(stringField(message.content, "prompt"));
    emit inputRequested(prompt, boolField(message.content, "password"), message);
}

void PendingRequest::fail(const QString &why)
{
    if (m_finished)
        return;
    m_failure = why;
    m_finished = true;
    emit finished();
}

void PendingRequest::finishIfComplete()
{
    if (m_reply && (m_idleSeen || !m_expectsIdle)) {
        m_finished = true;
        emit finished();
    }
}

} // namespace Notebench::Kernel
