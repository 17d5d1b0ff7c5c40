#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

namespace Notebench::Testing {

/// A loopback TCP forwarder that can drop every connection and refuse new ones for a while:
/// the network going away under a running cell.
class CuttingProxy : public QObject
{
    Q_OBJECT
public:
    explicit CuttingProxy(int targetPort, QObject *parent = nullptr);

    bool listen();
    int port() const { return m_port; }
    /// Aborts all forwarded connections and refuses new ones for `milliseconds`.
    void cut(int milliseconds);
    /// Existing connections stay open but carry nothing more, either way: a peer that went silent
    /// without closing (a sleeping laptop's Wi-Fi, a dead NAT entry). New connections work.
    void blackhole();
    /// Cuts (as cut()) once this many more bytes have been forwarded either way: a transfer
    /// dropped at a known point, however fast the loopback is.
    void cutAfterBytes(qint64 bytes, int milliseconds);
    int connectionsAccepted() const { return m_accepted; }

private:
    void onNewConnection();
    void forward(QTcpSocket *from, QTcpSocket *to);

    QTcpServer m_server;
    int m_targetPort;
    int m_port = 0;
    int m_accepted = 0;
    qint64 m_cutBudget = -1; // bytes left before an armed cut; -1: none armed
    int m_cutMilliseconds = 0;
    QList<QPointer<QTcpSocket>> m_sockets;
    QList<QPointer<QTcpSocket>> m_silenced; // open, never read or written again
};

} // namespace Notebench::Testing
