// Kernel round trip: start to ready, then execute('pass') N times; prints p50/p99 in ms.
// Not a test: tests/bench/bench_kernel.sh runs it beside Python jupyter_client on the same kernel.
#include "kernel/kernelclient.h"
#include "kernel/kernelsession.h"
#include "local/localprovisioner.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>

#include <algorithm>
#include <vector>

using namespace Notebench;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int rounds = argc > 1 ? std::atoi(argv[1]) : 1000;
    QTextStream out(stdout);
    Kernel::KernelSession session(std::make_unique<Local::LocalProvisioner>());
    QElapsedTimer clock;
    std::vector<double> samples;
    int exitCode = 0;

    std::function<void()> next = [&] {
        if (int(samples.size()) == rounds) {
            std::sort(samples.begin(), samples.end());
            const auto at = [&](double q) { return samples[std::min(samples.size() - 1, std::size_t(q * samples.size()))]; };
            out << "notebench execute('pass') x" << rounds << ": p50 " << at(0.50) << " ms  p99 " << at(0.99) << " ms"
                << Qt::endl;
            session.shutdown();
            return;
        }
        clock.restart();
        auto *request = session.client()->execute(QStringLiteral("pass"));
        QObject::connect(request, &Kernel::PendingRequest::finished, &app, [&] {
            samples.push_back(double(clock.nsecsElapsed()) / 1e6);
            next(); // straight on, as a synchronous client would: no extra event-loop turn measured

        });
    };
    QObject::connect(&session, &Kernel::KernelSession::ready, &app, [&] {
        out << "notebench kernel start to ready: " << clock.elapsed() << " ms" << Qt::endl;
        for (int i = 0; i < 20; ++i) // warm-up is not measured
            session.client()->execute(QStringLiteral("pass"));
        QMetaObject::invokeMethod(&app, next, Qt::QueuedConnection);
    });
    QObject::connect(&session, &Kernel::KernelSession::died, &app, [&](const Kernel::DeathReason &reason) {
        out << reason.text() << Qt::endl;
        exitCode = 1;
        app.quit();
    });
    QObject::connect(&session, &Kernel::KernelSession::shutdownFinished, &app, &QCoreApplication::quit);
    clock.start();
    session.start({});
    app.exec();
    return exitCode;
}
