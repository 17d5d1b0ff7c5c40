#include "cuttingproxy.h"

#include <QTimer>

namespace Notebench::Testing {

CuttingProxy::CuttingProxy(int targetPort, QObject *parent)
    : QObject(parent)
    , m_targetPort(targetPort)
{
    connect(&m_server, &QTcpServer::newConnection, this, &CuttingProxy::onNewConnection);
}

bool CuttingProxy::listen()
{
    if (!m_server.listen(QHostAddress::LocalHost, quint16(m_port)))
        return false;
    m_port = m_server.serverPort();
    return true;
}

void CuttingProxy::onNewConnection()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        ++m_accepted;
        auto *upstream = new QTcpSocket(this);
        client->setParent(this);
        m_sockets << client << upstream;
        // Bytes from the client wait in its buffer until the upstream is connected.
        connect(upstream, &QTcpSocket::connected, client, [client, upstream] { upstream->write(client->readAll()); });
        connect(client, &QTcpSocket::readyRead, upstream, [client, upstream] {
            if (upstream->state() == QAbstractSocket::ConnectedState)
                upstream->write(client->readAll());
        });
        connect(upstream, &QTcpSocket::readyRead, client, [client, upstream] { client->write(upstream->readAll()); });
        connect(client, &QTcpSocket::disconnected, upstream, &QTcpSocket::disconnectFromHost);
        connect(upstream, &QTcpSocket::disconnected, client, &QTcpSocket::disconnectFromHost);
        upstream->connectToHost(QHostAddress::LocalHost, quint16(m_targetPort));
    }
}

void CuttingProxy::blackhole()
{
    for (const auto &socket : std::as_const(m_sockets)) {
        if (socket)
            disconnect(socket, nullptr, nullptr, nullptr);
    }
    m_silenced << m_sockets;
    m_sockets.clear();
}

void CuttingProxy::cut(int milliseconds)
{
    m_server.close();
    for (const auto &socket : std::as_const(m_sockets)) {
        if (socket) {
            socket->abort();
            socket->deleteLater();
        }
    }
    m_sockets.clear();
    QTimer::singleShot(milliseconds, this, [this] { m_server.listen(QHostAddress::LocalHost, quint16(m_port)); });
}

} // namespace Notebench::Testing
