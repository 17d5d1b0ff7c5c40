#pragma once

#include "kernel/channel.h"
#include "protocol/connectioninfo.h"
#include "protocol/wirecodec.h"

#include <QObject>

#include <atomic>
#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace zmq {
class context_t;
} // namespace zmq

namespace Notebench::Zmq {

/// Messages decoded in one wake-up of the loop, in arrival order; handed over as one queued
/// signal so that a reply and its idle status cost the receiving thread one wake-up, not several.
using MessageBatch = std::vector<std::pair<Kernel::Channel, Protocol::Message>>;

/// Command frames on the inproc pipe: the first frame is one of these bytes, the rest the wire frames.
enum class Command : char { Shell = 's', Stdin = 'i', Control = 'c', Quit = 'q' };

/// Owns the kernel's five sockets on the I/O thread and polls them; never touched by other threads.
class ChannelLoop : public QObject
{
    Q_OBJECT
public:
    struct Settings
    {
        Protocol::ConnectionInfo connection;
        std::string commandEndpoint;
        std::string routingId;
        std::chrono::milliseconds heartbeatInterval{1000};
        int heartbeatMisses = 3;
    };

    /// `alive` is cleared when run() returns, whatever the reason. `quit` set by the owner ends
    /// run() within one poll turn even when the Quit command could not be delivered (the inproc
    /// pipe drops a send made before this thread connected its end).
    ChannelLoop(zmq::context_t &context, Settings settings, std::atomic<bool> &alive, const std::atomic<bool> &quit);

public slots:
    /// Runs until a Quit command arrives.
    void run();

signals:
    void opened();
    void messagesReceived(const Notebench::Zmq::MessageBatch &batch);
    void messageRejected(Notebench::Kernel::Channel channel, const QString &why);
    void heartbeatChanged(bool alive);
    void failed(const QString &reason);

private:
    zmq::context_t &m_context;
    std::atomic<bool> &m_alive;
    const std::atomic<bool> &m_quit;
    Settings m_settings;
    Protocol::WireCodec m_codec;
};

} // namespace Notebench::Zmq

Q_DECLARE_METATYPE(Notebench::Zmq::MessageBatch)
