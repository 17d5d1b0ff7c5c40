#include "local/jupyterpaths.h"

#include "protocol/kernelspecfinder.h"

#include <QDir>
#include <QTcpServer>

#include <memory>
#include <vector>

namespace Notebench::Local {

QString jupyterRuntimeDir()
{
    QString dir = QString::fromStdString(Protocol::jupyterRuntimeDir().string());
    if (dir.isEmpty())
        dir = QDir::tempPath(); // no home and no JUPYTER_* variables: still a private 0600 file
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
