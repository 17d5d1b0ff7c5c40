// SFTP transfer throughput over a real sshd on loopback: Notebench's SftpSession beside OpenSSH's
// sftp and scp on the same file in the same run. Usage: bench_sftp [MEGABYTES]
#include "sshdfixture.h"

#include "ssh/sftpsession.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTextStream>

using namespace Notebench;

namespace {
QTextStream out(stdout);

/// Runs one transfer to its end on the event loop; the seconds it took, or -1 with the error printed.
double timeTransfer(Ssh::SftpSession &session, bool upload, const QString &from, const QString &to)
{
    QEventLoop loop;
    QString error;
    QObject::connect(&session, &Ssh::SftpSession::transferFinished, &loop, [&](int, const QString &e, qint64) {
        error = e;
        loop.quit();
    });
    QElapsedTimer clock;
    clock.start();
    upload ? session.upload(from, to) : session.download(from, to);
    loop.exec();
    if (!error.isEmpty()) {
        out << "notebench transfer failed: " << error << Qt::endl;
        return -1;
    }
    return double(clock.nsecsElapsed()) / 1e9;
}

double timeCommand(const QString &program, const QStringList &arguments, const QByteArray &input = {})
{
    QProcess process;
    QElapsedTimer clock;
    clock.start();
    process.start(program, arguments);
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(600'000) || process.exitCode() != 0) {
        out << program << " failed: " << process.readAllStandardError() << Qt::endl;
        return -1;
    }
    return double(clock.nsecsElapsed()) / 1e9;
}

QByteArray sha256Of(const QString &path)
{
    QFile file(path);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    return file.open(QIODevice::ReadOnly) && hash.addData(&file) ? hash.result() : QByteArray();
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const qint64 megabytes = argc > 1 ? QByteArray(argv[1]).toLongLong() : 64;
    Testing::SshdFixture sshd;
    if (const QString error = sshd.start(); !error.isEmpty()) {
        out << "no sshd: " << error << Qt::endl;
        return 1;
    }
    QTemporaryDir dir;
    const QString source = dir.filePath(QStringLiteral("source.bin"));
    {
        QFile file(source);
        if (!file.open(QIODevice::WriteOnly))
            return 1;
        QByteArray block(1 << 20, Qt::Uninitialized);
        for (qint64 i = 0; i < megabytes; ++i) {
            QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(block.data()), block.size() / 4);
            file.write(block);
        }
    }
    const QByteArray sha = sha256Of(source);
    const auto rate = [megabytes](double seconds) { return seconds > 0 ? QString::number(double(megabytes) / seconds, 'f', 1) : QStringLiteral("failed"); };

    Ssh::SftpSession session(sshd.target()); // records the host key for the OpenSSH tools too
    {
        QEventLoop loop;
        QObject::connect(&session, &Ssh::SftpSession::connected, &loop, &QEventLoop::quit);
        QObject::connect(&session, &Ssh::SftpSession::failed, &loop, &QEventLoop::quit);
        session.open();
        loop.exec();
    }
    const double up = timeTransfer(session, true, source, dir.filePath(QStringLiteral("nb-up.bin")));
    const double down = timeTransfer(session, false, dir.filePath(QStringLiteral("nb-up.bin")), dir.filePath(QStringLiteral("nb-down.bin")));
    const bool identical = sha256Of(dir.filePath(QStringLiteral("nb-down.bin"))) == sha;

    const QStringList ssh{QStringLiteral("-F"), sshd.clientConfig(), QStringLiteral("-o"), QStringLiteral("BatchMode=yes")};
    const QString host = QStringLiteral("nbtest");
    const double sftpConnect = timeCommand(QStringLiteral("sftp"), ssh + QStringList{QStringLiteral("-b"), QStringLiteral("-"), host}, "bye\n");
    const double sftpUp = timeCommand(QStringLiteral("sftp"), ssh + QStringList{QStringLiteral("-b"), QStringLiteral("-"), host},
                                      QStringLiteral("put %1 %2\n").arg(source, dir.filePath(QStringLiteral("sftp-up.bin"))).toUtf8());
    const double sftpDown = timeCommand(QStringLiteral("sftp"), ssh + QStringList{QStringLiteral("-b"), QStringLiteral("-"), host},
                                        QStringLiteral("get %1 %2\n").arg(source, dir.filePath(QStringLiteral("sftp-down.bin"))).toUtf8());
    const double scpUp = timeCommand(QStringLiteral("scp"), ssh + QStringList{QStringLiteral("-q"), source, host + QLatin1Char(':') + dir.filePath(QStringLiteral("scp-up.bin"))});
    const double scpDown = timeCommand(QStringLiteral("scp"), ssh + QStringList{QStringLiteral("-q"), host + QLatin1Char(':') + source, dir.filePath(QStringLiteral("scp-down.bin"))});

    out << megabytes << " MB over loopback sshd, MB/s (notebench on a connected session; each OpenSSH command also connects: "
        << QString::number(sftpConnect * 1000, 'f', 0) << " ms for sftp alone):" << Qt::endl
        << "notebench upload " << rate(up) << " download " << rate(down) << (identical ? " (sha256 identical)" : " (CONTENT DIFFERS)") << Qt::endl
        << "sftp upload " << rate(sftpUp) << " download " << rate(sftpDown) << Qt::endl
        << "scp upload " << rate(scpUp) << " download " << rate(scpDown) << Qt::endl;
    return identical ? 0 : 1;
}
