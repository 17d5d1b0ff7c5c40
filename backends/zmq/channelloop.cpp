#include "zmq/channelloop.h"

#include <zmq.hpp>

#ifndef _WIN32
#include <csignal>
#include <pthread.h>
#endif

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <vector>

namespace Notebench::Zmq {

namespace {
using Clock = std::chrono::steady_clock;
constexpr std::size_t maxDrainPerWake = 256;
using Kernel::Channel;

std::vector<std::string> receiveFrames(zmq::socket_t &socket)
{
    std::vector<std::string> frames;
    zmq::message_t part;
    do {
        if (!socket.recv(part, zmq::recv_flags::dontwait))
            break;
        frames.emplace_back(static_cast<const char *>(part.data()), part.size());
    } while (part.more());
    return frames;
}

void sendFrames(zmq::socket_t &socket, std::vector<std::string>::const_iterator first,
                std::vector<std::string>::const_iterator last)
{
    for (auto it = first; it != last; ++it) {
        const bool more = std::next(it) != last;
        // Never block the loop: with unbounded send queues a refusal means the socket is gone.
        if (!socket.send(zmq::buffer(*it), more ? zmq::send_flags::sndmore | zmq::send_flags::dontwait : zmq::send_flags::dontwait))
            return;
    }
}

zmq::socket_t makeSocket(zmq::context_t &context, zmq::socket_type type, const std::string &endpoint,
                         const std::string &routingId = {}, bool connectNow = true)
{
    zmq::socket_t socket(context, type);
    socket.set(zmq::sockopt::linger, 0);
    // A busy kernel does not read shell; "run all" on thousands of cells must queue, not block.
    socket.set(zmq::sockopt::sndhwm, 0);
    if (!routingId.empty())
        socket.set(zmq::sockopt::routing_id, routingId);
    if (type == zmq::socket_type::sub) {
        socket.set(zmq::sockopt::subscribe, "");
        // Nothing is dropped on our side: IOPub bursts (a million lines) queue instead of vanishing.
        socket.set(zmq::sockopt::rcvhwm, 0);
    }
    if (connectNow)
        socket.connect(endpoint);
    return socket;
}

/// Tells when every channel socket has finished its ZMTP handshake with the kernel. Until then a
/// kernel's ROUTER silently drops what it sends us (an input_request, say), so the client must not
/// start talking before this.
class HandshakeWatch
{
public:
    HandshakeWatch(zmq::context_t &context, std::vector<zmq::socket_t *> sockets, const std::string &endpointPrefix)
        : m_sockets(std::move(sockets))
        , m_done(m_sockets.size(), false)
    {
        for (std::size_t i = 0; i < m_sockets.size(); ++i) {
            const std::string endpoint = endpointPrefix + std::to_string(i);
            if (zmq_socket_monitor(m_sockets[i]->handle(), endpoint.c_str(), ZMQ_EVENT_HANDSHAKE_SUCCEEDED) != 0)
                throw zmq::error_t();
            m_monitors.emplace_back(context, zmq::socket_type::pair);
            m_monitors.back().set(zmq::sockopt::linger, 0);
            m_monitors.back().connect(endpoint);
        }
    }

    bool watching() const { return !m_monitors.empty(); }
    std::size_t size() const { return m_monitors.size(); }
    zmq::socket_t &monitor(std::size_t index) { return m_monitors[index]; }

    /// Reads one monitor event; true once all sockets have shaken hands (monitoring then stops).
    bool onReadable(std::size_t index)
    {
        for (auto frames = receiveFrames(m_monitors[index]); !frames.empty(); frames = receiveFrames(m_monitors[index])) {
            std::uint16_t event = 0;
            if (frames.front().size() >= sizeof event)
                std::memcpy(&event, frames.front().data(), sizeof event);
            if (event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED)
                m_done[index] = true;
        }
        if (std::find(m_done.begin(), m_done.end(), false) != m_done.end())
            return false;
        for (auto *socket : m_sockets)
            zmq_socket_monitor(socket->handle(), nullptr, 0);
        m_monitors.clear();
        return true;
    }

private:
    std::vector<zmq::socket_t *> m_sockets;
    std::vector<zmq::socket_t> m_monitors;
    std::vector<bool> m_done;
};

/// The REQ/REP ping of jupyter_client's HBChannel, with a miss counter on top.
class Heartbeat
{
public:
    Heartbeat(zmq::context_t &context, std::string endpoint, int missesBeforeLost)
        : m_context(context)
        , m_endpoint(std::move(endpoint))
        , m_missesBeforeLost(missesBeforeLost)
    {
        reset();
    }

    zmq::socket_t &socket() { return m_socket; }

    /// Called once per interval; returns a state change to report, if any.
    std::optional<bool> tick()
    {
        std::optional<bool> change;
        if (m_waiting) {
            ++m_misses;
            // jupyter_client HBChannel: a missed beat breaks the REQ/REP cycle, so recreate the socket.
            reset();
            if (m_alive && m_misses >= m_missesBeforeLost) {
                m_alive = false;
                change = false;
            }
        }
        m_socket.send(zmq::str_buffer("ping"), zmq::send_flags::dontwait);
        m_waiting = true;
        return change;
    }

    std::optional<bool> onReadable()
    {
        receiveFrames(m_socket);
        m_waiting = false;
        m_misses = 0;
        if (!m_alive) {
            m_alive = true;
            return true;
        }
        return std::nullopt;
    }

private:
    void reset()
    {
        m_socket = makeSocket(m_context, zmq::socket_type::req, m_endpoint);
        m_waiting = false;
    }

    zmq::context_t &m_context;
    std::string m_endpoint;
    int m_missesBeforeLost;
    zmq::socket_t m_socket;
    bool m_waiting = false;
    bool m_alive = true;
    int m_misses = 0;
};
} // namespace

ChannelLoop::ChannelLoop(zmq::context_t &context, Settings settings, std::atomic<bool> &alive,
                         const std::atomic<bool> &quit)
    : m_context(context)
    , m_alive(alive)
    , m_quit(quit)
    , m_settings(std::move(settings))
    , m_codec(Protocol::Signer(m_settings.connection.key, m_settings.connection.signatureScheme))
{
}

void ChannelLoop::run()
{
    // Whatever ends the loop, senders must stop queueing to a pipe nobody reads.
    struct AliveGuard
    {
        std::atomic<bool> &alive;
        ~AliveGuard() { alive = false; }
    } aliveGuard{m_alive};
#ifndef _WIN32
    // Signals (SIGCHLD from QProcess, say) belong to the GUI thread, not to this poll.
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, nullptr);
#endif
    const auto &connection = m_settings.connection;
    try {
        zmq::socket_t command(m_context, zmq::socket_type::pair);
        command.set(zmq::sockopt::rcvhwm, 0);
        command.connect(m_settings.commandEndpoint);
        // shell, stdin and control share one routing id so the kernel can route input_request back.
        auto shell = makeSocket(m_context, zmq::socket_type::dealer, {}, m_settings.routingId, false);
        auto stdinSocket = makeSocket(m_context, zmq::socket_type::dealer, {}, m_settings.routingId, false);
        auto control = makeSocket(m_context, zmq::socket_type::dealer, {}, m_settings.routingId, false);
        auto iopub = makeSocket(m_context, zmq::socket_type::sub, {}, {}, false);
        const std::array<std::pair<zmq::socket_t *, Channel>, 4> channels{
            {{&shell, Channel::Shell}, {&iopub, Channel::IOPub}, {&stdinSocket, Channel::Stdin}, {&control, Channel::Control}}};
        // Monitors first, so no handshake event can be missed.
        HandshakeWatch handshakes(m_context, {&shell, &iopub, &stdinSocket, &control}, m_settings.commandEndpoint + "-monitor-");
        shell.connect(connection.endpoint(connection.shellPort));
        iopub.connect(connection.endpoint(connection.iopubPort));
        stdinSocket.connect(connection.endpoint(connection.stdinPort));
        control.connect(connection.endpoint(connection.controlPort));
        Heartbeat heartbeat(m_context, connection.endpoint(connection.hbPort), m_settings.heartbeatMisses);

        auto nextBeat = Clock::now();
        for (;;) {
            if (m_quit.load())
                return;
            const auto now = Clock::now();
            if (now >= nextBeat) {
                if (auto change = heartbeat.tick())
                    emit heartbeatChanged(*change);
                nextBeat = now + m_settings.heartbeatInterval;
            }
            std::vector<zmq::pollitem_t> items;
            items.reserve(6 + handshakes.size());
            items.push_back({command.handle(), 0, ZMQ_POLLIN, 0});
            for (const auto &channel : channels)
                items.push_back({channel.first->handle(), 0, ZMQ_POLLIN, 0});
            items.push_back({heartbeat.socket().handle(), 0, ZMQ_POLLIN, 0});
            for (std::size_t i = 0; i < handshakes.size(); ++i)
                items.push_back({handshakes.monitor(i).handle(), 0, ZMQ_POLLIN, 0});
            const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(nextBeat - Clock::now());
            try {
                zmq::poll(items.data(), items.size(), std::max(wait, std::chrono::milliseconds(0)));
            } catch (const zmq::error_t &error) {
                if (error.num() == EINTR)
                    continue; // a signal landed on this thread; nothing is lost
                throw;
            }

            for (std::size_t i = 6; i < items.size(); ++i) {
                if ((items[i].revents & ZMQ_POLLIN) && handshakes.watching() && handshakes.onReadable(i - 6))
                    emit opened();
            }
            if (items[0].revents & ZMQ_POLLIN) {
                auto frames = receiveFrames(command);
                if (frames.empty())
                    continue;
                const auto which = static_cast<Command>(frames.front().empty() ? 'q' : frames.front()[0]);
                zmq::socket_t *target = which == Command::Shell   ? &shell
                                        : which == Command::Stdin ? &stdinSocket
                                        : which == Command::Control ? &control
                                                                    : nullptr;
                if (!target)
                    return;
                sendFrames(*target, frames.cbegin() + 1, frames.cend());
            }
            MessageBatch batch;
            for (std::size_t i = 0; i < channels.size(); ++i) {
                if (!(items[i + 1].revents & ZMQ_POLLIN))
                    continue;
                // Drain, but boundedly: a burst of IOPub goes over in slices, and the other sockets
                // (and a quit command) still get their turn.
                std::size_t drained = 0;
                for (auto frames = receiveFrames(*channels[i].first); !frames.empty();
                     frames = ++drained < maxDrainPerWake ? receiveFrames(*channels[i].first) : std::vector<std::string>()) {
                    auto decoded = m_codec.decode(std::move(frames));
                    if (decoded.message)
                        batch.emplace_back(channels[i].second, std::move(*decoded.message));
                    else
                        emit messageRejected(channels[i].second,
                                             QString::fromUtf8(Protocol::describe(decoded.error).data(),
                                                               qsizetype(Protocol::describe(decoded.error).size()))
                                                 + QLatin1String(": ") + QString::fromStdString(decoded.detail));
                }
            }
            if (!batch.empty())
                emit messagesReceived(batch);
            if (items[5].revents & ZMQ_POLLIN) {
                if (auto change = heartbeat.onReadable())
                    emit heartbeatChanged(*change);
            }
        }
    } catch (const zmq::error_t &error) {
        emit failed(QStringLiteral("ZeroMQ error: %1").arg(QString::fromUtf8(error.what())));
    } catch (const std::exception &error) {
        emit failed(QStringLiteral("The kernel connection failed: %1").arg(QString::fromUtf8(error.what())));
    }
}

} // namespace Notebench::Zmq
