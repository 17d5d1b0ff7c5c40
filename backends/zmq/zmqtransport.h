#pragma once

#include "kernel/transport.h"
#include "protocol/connectioninfo.h"
#include "protocol/wirecodec.h"

#include <QThread>

#include <atomic>
#include <memory>
#include <mutex>

namespace zmq {
class context_t;
class socket_t;
} // namespace zmq

namespace Notebench::Zmq {

class ChannelLoop;

/// The ZeroMQ transport for kernels whose ports this machine can reach (local kernels).
/// All sockets live on one I/O thread (ChannelLoop); verified messages reach the owner's thread by
/// queued signals, and send() hands frames to the loop through an inproc pipe.
class ZmqTransport : public Kernel::Transport
{
    Q_OBJECT
public:
    explicit ZmqTransport(Protocol::ConnectionInfo connection, QObject *parent = nullptr);
    ~ZmqTransport() override;

    void open() override;
    void close() override;
    void send(Kernel::Channel channel, const Protocol::Message &message) override;
    QString session() const override { return m_session; }

private:
    Protocol::ConnectionInfo m_connection;
    QString m_session;
    Protocol::WireCodec m_encoder; // encode() is const: safe from any sending thread
    std::unique_ptr<zmq::context_t> m_context;
    std::unique_ptr<zmq::socket_t> m_commandSocket; // the sending end of the inproc pipe
    std::mutex m_commandMutex;
    QThread m_thread;
    ChannelLoop *m_loop = nullptr;
    std::atomic<bool> m_loopAlive = false;
    std::atomic<bool> m_quitRequested = false;
    quint64 m_generation = 0;
};

} // namespace Notebench::Zmq
