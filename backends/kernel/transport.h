#pragma once

#include "kernel/channel.h"

#include <QObject>
#include <QString>

namespace Notebench::Kernel {

/// Moves signed Jupyter messages on the five channels between this process and one kernel.
/// ZeroMQ, the SSH agent stream and Jupyter Server's WebSocket each implement it; everything above
/// is identical for every backend. Signals are delivered on the thread that owns the transport.
class Transport : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~Transport() override = default;

    /// Connects the channels; emits opened() or failed().
    virtual void open() = 0;
    /// Disconnects; no signal is emitted after close() returns.
    virtual void close() = 0;
    /// Sends on shell, stdin or control; thread-safe.
    virtual void send(Channel channel, const Protocol::Message &message) = 0;
    /// The session id this client stamps on its messages (and its routing identity).
    virtual QString session() const = 0;

signals:
    void opened();
    void messageReceived(Notebench::Kernel::Channel channel, const Notebench::Protocol::Message &message);
    /// A message that failed its signature or framing check was dropped.
    void messageRejected(Notebench::Kernel::Channel channel, const QString &why);
    /// The heartbeat stopped (false) or came back (true).
    void heartbeatChanged(bool alive);
    void failed(const QString &reason);
};

} // namespace Notebench::Kernel
