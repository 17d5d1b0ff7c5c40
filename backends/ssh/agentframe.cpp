#include "ssh/agentframe.h"

#include <QtEndian>

namespace Notebench::Ssh {

namespace {
QByteArray frame(const nlohmann::json &object)
{
    const std::string text = object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    QByteArray bytes(4, Qt::Uninitialized);
    qToBigEndian(quint32(text.size()), bytes.data());
    bytes.append(text.data(), qsizetype(text.size()));
    return bytes;
}

const char *channelKey(Kernel::Channel channel)
{
    switch (channel) {
    case Kernel::Channel::Shell:
        return "shell";
    case Kernel::Channel::Stdin:
        return "stdin";
    case Kernel::Channel::Control:
        return "control";
    case Kernel::Channel::IOPub:
        return "iopub";
    case Kernel::Channel::Heartbeat:
        break;
    }
    return "hb";
}
} // namespace

QList<AgentFrame> AgentFrameReader::feed(const QByteArray &bytes)
{
    QList<AgentFrame> frames;
    if (!m_error.isEmpty())
        return frames;
    m_buffer.append(bytes);
    while (m_buffer.size() - m_consumed >= 4) {
        const quint32 length = qFromBigEndian<quint32>(m_buffer.constData() + m_consumed);
        if (length > maxFrameBytes) {
            m_error = QStringLiteral("The agent sent a frame of %1 bytes, more than the limit.").arg(length);
            return frames;
        }
        if (m_buffer.size() - m_consumed - 4 < qsizetype(length))
            break;
        const char *begin = m_buffer.constData() + m_consumed + 4;
        m_consumed += 4 + qsizetype(length);
        const auto json = nlohmann::json::parse(begin, begin + length, nullptr, false);
        const auto channel = json.is_object() ? json.find("channel") : json.end();
        AgentFrame parsed;
        if (json.is_object()) {
            const auto seq = json.find("seq");
            parsed.seq = seq != json.end() && seq->is_number_unsigned() ? seq->get<quint64>() : 0;
        }
        if (!json.is_object() || !json.contains("msg") || channel == json.end() || !channel->is_string()) {
            // The length was right, so the stream stays in step: this frame alone is dropped.
            ++m_skipped;
            parsed.channel.clear();
            frames.append(std::move(parsed));
            continue;
        }
        parsed.channel = QString::fromStdString(channel->get<std::string>());
        parsed.msg = json.at("msg");
        frames.append(std::move(parsed));
    }
    // Drop consumed bytes in large steps only: a burst of small frames is not copied frame by frame.
    if (m_consumed > (1 << 20) || m_consumed == m_buffer.size()) {
        m_buffer.remove(0, m_consumed);
        m_consumed = 0;
    }
    return frames;
}

QByteArray encodeMessageFrame(Kernel::Channel channel, const Protocol::Message &message)
{
    nlohmann::json buffers = nlohmann::json::array();
    for (const auto &buffer : message.buffers)
        buffers.push_back(QByteArray::fromStdString(buffer).toBase64().toStdString());
    return frame({{"channel", channelKey(channel)},
                  {"msg",
                   {{"header", message.header},
                    {"parent_header", message.parentHeader},
                    {"metadata", message.metadata},
                    {"content", message.content},
                    {"buffers", buffers}}}});
}

QByteArray encodeAgentCommand(const QString &command)
{
    return frame({{"channel", "agent"}, {"msg", {{"command", command.toStdString()}}}});
}

std::optional<Kernel::Channel> channelFromName(const QString &name)
{
    if (name == QLatin1String("shell"))
        return Kernel::Channel::Shell;
    if (name == QLatin1String("iopub"))
        return Kernel::Channel::IOPub;
    if (name == QLatin1String("stdin"))
        return Kernel::Channel::Stdin;
    if (name == QLatin1String("control"))
        return Kernel::Channel::Control;
    return std::nullopt;
}

std::optional<Protocol::Message> messageFromFrame(const AgentFrame &frame)
{
    const auto &msg = frame.msg;
    if (!msg.is_object())
        return std::nullopt;
    Protocol::Message message;
    for (const auto &[key, target] : {std::pair{"header", &message.header}, std::pair{"parent_header", &message.parentHeader},
                                      std::pair{"metadata", &message.metadata}, std::pair{"content", &message.content}}) {
        const auto it = msg.find(key);
        if (it == msg.end() || !it->is_object())
            return std::nullopt;
        *target = *it;
    }
    if (!message.header.contains("msg_type") || !message.header["msg_type"].is_string())
        return std::nullopt;
    if (const auto it = msg.find("buffers"); it != msg.end() && it->is_array()) {
        for (const auto &buffer : *it) {
            if (!buffer.is_string())
                return std::nullopt;
            message.buffers.push_back(QByteArray::fromBase64(QByteArray::fromStdString(buffer.get<std::string>())).toStdString());
        }
    }
    return message;
}

} // namespace Notebench::Ssh
