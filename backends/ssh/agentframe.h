#pragma once

#include "kernel/channel.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <nlohmann/json.hpp>

#include <optional>

namespace Notebench::Ssh {

/// One frame of the agent stream (the format is documented in backends/agent/notebench_agent.py):
/// a 4-byte big-endian length, then that many bytes of UTF-8 JSON.
struct AgentFrame
{
    quint64 seq = 0;          ///< 1, 2, 3, … per session; frames from the daemon only
    QString channel;          ///< "shell", "iopub", "stdin", "control" or "agent"
    nlohmann::json msg;       ///< a Jupyter message, or an agent event / command
};

/// Splits the byte stream into frames; bytes of an incomplete frame wait for the next feed().
class AgentFrameReader
{
public:
    /// Frames completed by these bytes. A frame that is not a JSON object with a channel and a
    /// message comes back with an empty channel (its seq kept when readable) and counts in
    /// skipped(); a length beyond the limit stops the reader and sets error().
    QList<AgentFrame> feed(const QByteArray &bytes);
    QString error() const { return m_error; }
    int skipped() const { return m_skipped; }

    static constexpr quint32 maxFrameBytes = 512u * 1024u * 1024u;

private:
    QByteArray m_buffer;
    qsizetype m_consumed = 0;
    QString m_error;
    int m_skipped = 0;
};

/// The frame that sends a Jupyter message to the kernel on shell, stdin or control.
QByteArray encodeMessageFrame(Kernel::Channel channel, const Protocol::Message &message);
/// The frame that asks the daemon to interrupt, shut down or kill the kernel.
QByteArray encodeAgentCommand(const QString &command);
/// The Jupyter message a daemon frame carries; nullopt when a part is missing or malformed.
std::optional<Protocol::Message> messageFromFrame(const AgentFrame &frame);
std::optional<Kernel::Channel> channelFromName(const QString &name);

} // namespace Notebench::Ssh
