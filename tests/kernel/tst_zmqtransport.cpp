// The ZeroMQ transport's lifetime: closing it at any moment after open() ends its I/O thread,
// including before that thread has connected its end of the command pipe.
#include "zmq/zmqtransport.h"

#include <QElapsedTimer>
#include <QTest>

using namespace Notebench;

class TestZmqTransport : public QObject
{
    Q_OBJECT
private slots:
    void closeRightAfterOpenAlwaysStops();
};

void TestZmqTransport::closeRightAfterOpenAlwaysStops()
{
    // Nothing listens on these loopback ports: the loop only connects and polls. A quit sent
    // before the loop connected used to be dropped, and close() then waited forever.
    auto info = Protocol::ConnectionInfo::withFreshKey();
    info.shellPort = 9;
    info.iopubPort = 9;
    info.stdinPort = 9;
    info.controlPort = 9;
    info.hbPort = 9;
    for (int round = 0; round < 100; ++round) {
        Zmq::ZmqTransport transport(info);
        transport.open();
        QElapsedTimer clock;
        clock.start();
        transport.close();
        QVERIFY2(clock.elapsed() < 2500, qPrintable(QStringLiteral("close() took %1 ms in round %2")
                                                        .arg(clock.elapsed()).arg(round)));
    }
}

QTEST_GUILESS_MAIN(TestZmqTransport)
#include "tst_zmqtransport.moc"
