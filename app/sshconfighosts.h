#pragma once

#include <QString>
#include <QStringList>

namespace Notebench::App {

/// The host aliases of an OpenSSH client config, for the runtime chooser's list: every name on a
/// `Host` line that is not a pattern (containing *, ? or !), in file order, each once, following
/// `Include` (relative to ~/.ssh, with wildcards in the file name). A missing or unreadable file
/// gives an empty list. Connecting reads the config again in full; this only lists names.
QStringList sshConfigHosts(const QString &configPath);

/// ~/.ssh/config.
QString defaultSshConfigPath();

} // namespace Notebench::App
