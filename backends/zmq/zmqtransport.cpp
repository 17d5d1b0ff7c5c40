#include "zmq/zmqtransport.h"

#include "protocol/message.h"
#include "protocol/wirecodec.h"
#include "zmq/channelloop.h"

#include <zmq.hpp>

#include <QDeadlineTimer>

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

void ZmqTransport::open()
{
    if (m_loop)
        return;
    try {
        m_context = std::make_unique<zmq::context_t>(1);
        const std::string endpoint = "inproc://notebench-commands-" + m_session.toStdString();
        m_commandSocket = std::make_unique<zmq::socket_t>(*m_context, zmq::socket_type::pair);
        m_commandSocket->set(zmq::sockopt::linger, 0);
        m_commandSocket->set(zmq::sockopt::sndhwm, 0);
        m_commandSocket->bind(endpoint);

        // jupyter_client HBChannel: a beat each time_to_dead = 1 s; three misses report it lost.
        ChannelLoop::Settings settings{m_connection, endpoint, m_session.toStdString(), std::chrono::milliseconds(1000), 3};
        m_loopAlive = true;
        m_quitRequested = false;
        m_loop = new ChannelLoop(*m_context, std::move(settings), m_loopAlive, m_quitRequested);
        m_loop->moveToThread(&m_thread);
        connect(&m_thread, &QThread::started, m_loop, &ChannelLoop::run);
        // Deliveries queued before close() carry an old generation and are dropped on arrival,
        // so a closed transport never speaks again (disconnect() does not cancel queued events).
        const quint64 generation = ++m_generation;
        const auto current = [this, generation] { return generation == m_generation; };
        connect(m_loop, &ChannelLoop::opened, this, [this, current] {
            if (current())
                emit opened();
        });
        connect(m_loop, &ChannelLoop::messagesReceived, this, [this, current](const MessageBatch &batch) {
            for (const auto &[channel, message] : batch) {
                if (!current())
                    return; // a receiver may close us mid-batch
                emit messageReceived(channel, message);
            }
        });
        connect(m_loop, &ChannelLoop::messageRejected, this, [this, current](Kernel::Channel channel, const QString &why) {
            if (current())
                emit messageRejected(channel, why);
        });
        connect(m_loop, &ChannelLoop::heartbeatChanged, this, [this, current](bool alive) {
            if (current())
                emit heartbeatChanged(alive);
        });
        connect(m_loop, &ChannelLoop::failed, this, [this, current](const QString &why) {
            if (current())
                emit failed(why);
        });
        m_thread.start();
    } catch (const zmq::error_t &error) {
        emit failed(QStringLiteral("ZeroMQ error: %1").arg(QString::fromUtf8(error.what())));
    }
}

void ZmqTransport::close()
{
    if (!m_loop)
        return;
    ++m_generation;
    disconnect(m_loop, nullptr, this, nullptr);
    m_quitRequested = true;
    {
        // Wakes the poll at once; when the loop has not connected its end yet this send is
        // dropped, and the flag above ends it at its first turn instead.
        std::lock_guard lock(m_commandMutex);
        const char quit = char(Command::Quit);
        m_commandSocket->send(zmq::buffer(&quit, 1), zmq::send_flags::dontwait);
    }
    // The loop never blocks longer than a heartbeat interval (1 s), so it sees the flag within
    // one poll turn; the deadline only guards against a bug turning into a frozen window.
    m_thread.quit();
    if (!m_thread.wait(QDeadlineTimer(3000))) {
        qWarning("notebench: the ZeroMQ I/O thread did not stop within 3 s");
        m_thread.terminate();
        m_thread.wait(QDeadlineTimer(2000));
    }
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
    if (!m_commandSocket || !m_loopAlive)
        return; // the loop has ended and reported failed(); nothing would read this
    const char tag = char(command);
    const auto more = zmq::send_flags::sndmore | zmq::send_flags::dontwait;
    m_commandSocket->send(zmq::buffer(&tag, 1), more);
    for (std::size_t i = 0; i < frames.size(); ++i)
        m_commandSocket->send(zmq::buffer(frames[i]), i + 1 < frames.size() ? more : zmq::send_flags::dontwait);
}

} // namespace Notebench::Zmq
