#pragma once

#include <QStringList>

class QTextStream;

namespace Notebench::App {

/// `notebench sessions ssh://HOST [--stop ID]`: the kernel sessions the host's agent keeps.
int runSessionsCommand(const QStringList &arguments, QTextStream &out, QTextStream &err);
/// `notebench attach ssh://HOST ID`: everything the session printed, then live until no cell runs.
int runAttachCommand(const QStringList &arguments, QTextStream &out, QTextStream &err);

} // namespace Notebench::App
