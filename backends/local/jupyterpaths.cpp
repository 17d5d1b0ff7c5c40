#include "local/jupyterpaths.h"

#include <QDir>
#include <QTcpServer>

#include <memory>
#include <vector>

namespace Notebench::Local {

namespace {
// jupyter_core paths.jupyter_data_dir: JUPYTER_DATA_DIR, else the per-OS user location.
QString jupyterDataDir()
{
    const QString fromEnv = qEnvironmentVariable("JUPYTER_DATA_DIR");
    if (!fromEnv.isEmpty())
        return fromEnv;
#if defined(Q_OS_WIN)
    return qEnvironmentVariable("APPDATA") + QStringLiteral("/jupyter");
#elif defined(Q_OS_MACOS)
    return QDir::homePath() + QStringLiteral("/Library/Jupyter");
#else
    const QString xdg = qEnvironmentVariable("XDG_DATA_HOME");
    return (xdg.isEmpty() ? QDir::homePath() + QStringLiteral("/.local/share") : xdg) + QStringLiteral("/jupyter");
#endif
}
} // namespace

QString jupyterRuntimeDir()
{
    QString dir = qEnvironmentVariable("JUPYTER_RUNTIME_DIR");
    if (dir.isEmpty())
        dir = jupyterDataDir() + QStringLiteral("/runtime");
    QDir().mkpath(dir);
    return dir;
}

QList<int> pickFreePorts(int count)
{
    // Hold every listener until all are chosen so the ports are distinct.
    std::vector<std::unique_ptr<QTcpServer>> servers;
    QList<int> ports;
    for (int i = 0; i < count; ++i) {
        auto server = std::make_unique<QTcpServer>();
        if (!server->listen(QHostAddress::LocalHost, 0))
            return {};
        ports << server->serverPort();
        servers.push_back(std::move(server));
    }
    return ports;
}

} // namespace Notebench::Local
