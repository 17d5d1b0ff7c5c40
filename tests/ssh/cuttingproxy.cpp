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
        connect(upstream, &QTcpSocket::connected, client, [this, client, upstream] { forward(client, upstream); });
        connect(client, &QTcpSocket::readyRead, upstream, [this, client, upstream] {
            if (upstream->state() == QAbstractSocket::ConnectedState)
                forward(client, upstream);
        });
        connect(upstream, &QTcpSocket::readyRead, client, [this, client, upstream] { forward(upstream, client); });
        connect(client, &QTcpSocket::disconnected, upstream, &QTcpSocket::disconnectFromHost);
        connect(upstream, &QTcpSocket::disconnected, client, &QTcpSocket::disconnectFromHost);
        upstream->connectToHost(QHostAddress::LocalHost, quint16(m_targetPort));
    }
}

void CuttingProxy::forward(QTcpSocket *from, QTcpSocket *to)
{
    const QByteArray bytes = from->readAll();
    to->write(bytes);
    if (m_cutBudget < 0)
        return;
    m_cutBudget -= bytes.size();
    if (m_cutBudget < 0)
        cut(m_cutMilliseconds); // later signals of the aborted sockets find nothing to forward
}

void CuttingProxy::cutAfterBytes(qint64 bytes, int milliseconds)
{
    m_cutBudget = bytes;
    m_cutMilliseconds = milliseconds;
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
    m_cutBudget = -1;
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
