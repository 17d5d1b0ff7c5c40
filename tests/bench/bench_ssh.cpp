// The SSH backend beside the local one, in one run: attach time (start until the kernel answers),
// execute('pass') round trip, and stream throughput (a cell printing N lines), over a real sshd on
// loopback (SshdFixture). Not a test: tests/bench/bench_ssh.sh runs it and prints the ratios.
#include "sshdfixture.h"

#include "kernel/kernelclient.h"
#include "kernel/kernelsession.h"
#include "kernel/pendingrequest.h"
#include "local/localprovisioner.h"
#include "ssh/sshprovisioner.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QTextStream>
#include <QThread>

#include <algorithm>
#include <vector>

using namespace Notebench;

namespace {
bool spinUntil(const std::function<bool()> &condition, int milliseconds)
{
    QDeadlineTimer deadline(milliseconds);
    while (!condition()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    return true;
}

bool measure(const QString &label, std::unique_ptr<Kernel::Provisioner> provisioner, int rounds, int lines, QTextStream &out)
{
    Kernel::KernelSession session(std::move(provisioner));
    bool ready = false;
    QString died;
    QObject::connect(&session, &Kernel::KernelSession::ready, [&] { ready = true; });
    QObject::connect(&session, &Kernel::KernelSession::died, [&](const Kernel::DeathReason &r) { died = r.text(); });
    QElapsedTimer clock;
    clock.start();
    session.start({QStringLiteral("python3"), {}, {}, {}});
    if (!spinUntil([&] { return ready || !died.isEmpty(); }, 120000) || !ready) {
        out << label << ": the kernel did not start: " << died << Qt::endl;
        return false;
    }
    out << label << " attach (start to ready): " << clock.elapsed() << " ms" << Qt::endl;

    std::vector<double> samples;
    for (int i = 0; i < rounds + 20; ++i) { // the first 20 warm up and are not counted
        bool finished = false;
        clock.restart();
        auto *request = session.client()->execute(QStringLiteral("pass"));
        QObject::connect(request, &Kernel::PendingRequest::finished, [&] { finished = true; });
        if (!spinUntil([&] { return finished; }, 30000))
            return false;
        if (i >= 20)
            samples.push_back(double(clock.nsecsElapsed()) / 1e6);
    }
    std::sort(samples.begin(), samples.end());
    const auto at = [&](double q) { return samples[std::min(samples.size() - 1, std::size_t(q * double(samples.size())))]; };
    out << label << " execute('pass') x" << rounds << ": p50 " << at(0.5) << " ms  p99 " << at(0.99) << " ms" << Qt::endl;

    qint64 received = 0;
    bool finished = false;
    clock.restart();
    auto *stream = session.client()->execute(QStringLiteral("for i in range(%1):\n    print(i)").arg(lines));
    QObject::connect(stream, &Kernel::PendingRequest::iopub, [&](const Protocol::Message &m) {
        if (m.msgType() == "stream")
            received += qint64(m.content.value("text", std::string()).size());
    });
    QObject::connect(stream, &Kernel::PendingRequest::finished, [&] { finished = true; });
    if (!spinUntil([&] { return finished; }, 300000))
        return false;
    const double seconds = double(clock.nsecsElapsed()) / 1e9;
    out << label << " stream " << lines << " lines: " << QString::number(seconds, 'f', 3) << " s, "
        << QString::number(double(lines) / seconds, 'f', 0) << " lines/s (" << received << " bytes)" << Qt::endl;

    bool down = false;
    QObject::connect(&session, &Kernel::KernelSession::shutdownFinished, [&] { down = true; });
    session.shutdown();
    spinUntil([&] { return down; }, 30000);
    return true;
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int rounds = argc > 1 ? std::atoi(argv[1]) : 200;
    const int lines = argc > 2 ? std::atoi(argv[2]) : 200000;
    QTextStream out(stdout);
    Testing::SshdFixture sshd;
    if (const QString error = sshd.start(); !error.isEmpty()) {
        out << "sshd: " << error << Qt::endl;
        return 1;
    }
    const bool ok = measure(QStringLiteral("local"), std::make_unique<Local::LocalProvisioner>(), rounds, lines, out)
                    && measure(QStringLiteral("ssh"), std::make_unique<Ssh::SshProvisioner>(sshd.target()), rounds, lines, out);
    sshd.stop();
    return ok ? 0 : 1;
}
