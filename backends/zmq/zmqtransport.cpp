#include "zmq/zmqtransport.h"

#include "protocol/message.h"
#include "protocol/wirecodec.h"
#include "zmq/channelloop.h"

#include <zmq.hpp>

namespace Notebench::Zmq {

ZmqTransport::ZmqTransport(Protocol::ConnectionInfo connection, QObject *parent)
    : Kernel::Transport(parent)
    , m_connection(std::move(connection))
    , m_session(QString::fromStdString(Protocol::newUuid()))
    , m_encoder(Protocol::Signer(m_connection.key, m_connection.signatureScheme))
{
    qRegisterMetaType<Protocol::Message>();
    qRegisterMetaType<Kernel::Channel>();
    qRegisterMetaType<MessageBatch>();
    m_thread.setObjectName(QStringLiteral("zmq-io"));
}

ZmqTransport::~ZmqTransport()
{
    close();
}

void ZmqTransport::setHeartbeat(int intervalMs, int missesBeforeLost)
{
    m_heartbeatIntervalMs = intervalMs;
    m_heartbeatMisses = missesBeforeLost;
}

void ZmqTransport::open()
{
    if (m_loop)
        return;
    try {
        m_context = std::make_unique<zmq::context_t>(1);
        const std::string endpoint = "inproc://notebench-commands-" + m_session.toStdString();
        m_commandSocket = std::make_unique<zmq::socket_t>(*m_context, zmq::socket_type::pair);
        m_commandSocket->set(zmq::sockopt::linger, 0);
        m_commandSocket->bind(endpoint);

        ChannelLoop::Settings settings{m_connection, endpoint, m_session.toStdString(),
                                       std::chrono::milliseconds(m_heartbeatIntervalMs), m_heartbeatMisses};
        m_loop = new ChannelLoop(*m_context, std::move(settings));
        m_loop->moveToThread(&m_thread);
        connect(&m_thread, &QThread::started, m_loop, &ChannelLoop::run);
        connect(m_loop, &ChannelLoop::opened, this, &Transport::opened);
        connect(m_loop, &ChannelLoop::messagesReceived, this, [this](const MessageBatch &batch) {
            for (const auto &[channel, message] : batch)
                emit messageReceived(channel, message);
        });
        connect(m_loop, &ChannelLoop::messageRejected, this, &Transport::messageRejected);
        connect(m_loop, &ChannelLoop::heartbeatChanged, this, &Transport::heartbeatChanged);
        connect(m_loop, &ChannelLoop::failed, this, &Transport::failed);
        m_thread.start();
    } catch (const zmq::error_t &error) {
        emit failed(QStringLiteral("ZeroMQ error: %1").arg(QString::fromUtf8(error.what())));
    }
}

void ZmqTransport::close()
{
    if (!m_loop)
        return;
    // Signals already queued from the loop must not arrive after close().
    disconnect(m_loop, nullptr, this, nullptr);
    {
        std::lock_guard lock(m_commandMutex);
        const char quit = char(Command::Quit);
        m_commandSocket->send(zmq::buffer(&quit, 1), zmq::send_flags::dontwait);
    }
    // The loop wakes on the quit command at once; joining here is bounded by one poll turn.
    m_thread.quit();
    m_thread.wait();
    delete std::exchange(m_loop, nullptr);
    m_commandSocket.reset();
    m_context.reset();
}

void ZmqTransport::send(Kernel::Channel channel, const Protocol::Message &message)
{
    Command command;
    switch (channel) {
    case Kernel::Channel::Shell: command = Command::Shell; break;
    case Kernel::Channel::Stdin: command = Command::Stdin; break;
    case Kernel::Channel::Control: command = Command::Control; break;
    default: return; // IOPub and heartbeat are receive-only for a client.
    }
    const auto frames = m_encoder.encode(message);

    std::lock_guard lock(m_commandMutex);
    if (!m_commandSocket)
        return;
    const char tag = char(command);
    m_commandSocket->send(zmq::buffer(&tag, 1), zmq::send_flags::sndmore);
    for (std::size_t i = 0; i < frames.size(); ++i)
        m_commandSocket->send(zmq::buffer(frames[i]), i + 1 < frames.size() ? zmq::send_flags::sndmore : zmq::send_flags::none);
}

} // namespace Notebench::Zmq
