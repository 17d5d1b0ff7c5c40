#include "kernel/channel.h"

namespace Notebench::Kernel {

QString channelName(Channel channel)
{
    switch (channel) {
    case Channel::Shell: return QStringLiteral("shell");
    case Channel::IOPub: return QStringLiteral("iopub");
    case Channel::Stdin: return QStringLiteral("stdin");
    case Channel::Control: return QStringLiteral("control");
    case Channel::Heartbeat: return QStringLiteral("hb");
    }
    return QStringLiteral("unknown");
}

} // namespace Notebench::Kernel
