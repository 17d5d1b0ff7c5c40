#pragma once

#include "protocol/message.h"

#include <QMetaType>
#include <QString>

namespace Notebench::Kernel {

/// The five Jupyter channels; a Transport carries all of them.
enum class Channel { Shell, IOPub, Stdin, Control, Heartbeat };

QString channelName(Channel channel);

} // namespace Notebench::Kernel

// Messages cross thread boundaries by queued signals.
Q_DECLARE_METATYPE(Notebench::Protocol::Message)
Q_DECLARE_METATYPE(Notebench::Kernel::Channel)
