#pragma once

#include "kernel/channel.h"

#include <QObject>
#include <QString>

#include <optional>

namespace Notebench::Kernel {

/// One request sent to the kernel and everything the kernel says about it.
/// It is finished when both its reply and its IOPub `status: idle` have arrived
/// (messaging spec: the order across channels is not fixed), or when the kernel is lost.
class PendingRequest : public QObject
{
    Q_OBJECT
public:
    PendingRequest(Channel channel, Protocol::Message request, bool expectsIdle, QObject *parent = nullptr);

    QString msgId() const { return m_msgId; }
    Channel channel() const { return m_channel; }
    const Protocol::Message &request() const { return m_request; }
    /// The reply, once it has come.
    const std::optional<Protocol::Message> &reply() const { return m_reply; }
    bool isFinished() const { return m_finished; }
    /// Set when the request ended without a reply (kernel died, restarted, disconnected).
    QString failure() const { return m_failure; }

    // Called by KernelClient as messages are routed here.
    void deliverReply(const Protocol::Message &message);
    void deliverIopub(const Protocol::Message &message);
    void deliverInputRequest(const Protocol::Message &message);
    void fail(const QString &why);

signals:
    void iopub(const Notebench::Protocol::Message &message);
    void replied(const Notebench::Protocol::Message &message);
    /// stdin: the kernel asks for a line (input() or getpass()).
    void inputRequested(const QString &prompt, bool password, const Notebench::Protocol::Message &request);
    void finished();

private:
    void finishIfComplete();

    Channel m_channel;
    Protocol::Message m_request;
    QString m_msgId;
    std::optional<Protocol::Message> m_reply;
    bool m_expectsIdle;
    bool m_idleSeen = false;
    bool m_finished = false;
    QString m_failure;
};

} // namespace Notebench::Kernel
