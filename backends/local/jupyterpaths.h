#pragma once

#include <QString>

namespace Notebench::Local {

/// Jupyter's runtime directory for connection files, created on demand.
QString jupyterRuntimeDir();

/// Five distinct free TCP ports on 127.0.0.1, as jupyter_client's write_connection_file picks them
/// (bind to port 0, read the port, release). Empty on failure.
QList<int> pickFreePorts(int count);

} // namespace Notebench::Local
