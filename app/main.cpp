#include "app/benchprobe.h"
#include "app/commandline.h"
#include "app/window/mainwindow.h"
#include "ssh/sshworkers.h"

#include <QApplication>
#include <QCoreApplication>
#include <QTimer>

namespace {
// How long an exit waits for SSH workers still closing their channels (each libssh call there is
// bounded by the session's 10 s timeout; a clean close takes milliseconds).
constexpr int sshWorkerExitWaitMs = 5000;

void describeApplication()
{
    QCoreApplication::setApplicationName(QStringLiteral("Notebench"));
    QCoreApplication::setOrganizationName(QStringLiteral("Notebench"));
    QCoreApplication::setApplicationVersion(QStringLiteral(NOTEBENCH_VERSION));
}
} // namespace

int main(int argc, char *argv[])
{
    // First, so that without the OS's process start time the benchmark's clock still covers Qt's start-up.
    const auto benchProbe = Notebench::App::BenchProbe::fromEnvironment();
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);

    // The command line needs no display: it runs on a plain QCoreApplication.
    if (Notebench::App::isCommandLineInvocation(arguments)) {
        QCoreApplication app(argc, argv);
        describeApplication();
        const int status = Notebench::App::runCommandLine(QCoreApplication::arguments());
        Notebench::Ssh::SshWorkers::waitForAll(sshWorkerExitWaitMs);
        return status;
    }

    QApplication app(argc, argv);
    describeApplication();
    if (benchProbe)
        benchProbe->watch(app);
    int status = 0;
    {
        Notebench::App::MainWindow window;
        window.show();
        const QStringList files = QCoreApplication::arguments().mid(1);
        if (files.isEmpty())
            window.newNotebook();
        for (const QString &file : files)
            window.openFile(file);
        // After the first paint: recovery questions must not delay the window.
        QTimer::singleShot(0, &window, &Notebench::App::MainWindow::offerRecovery);
        status = app.exec();
    }
    Notebench::Ssh::SshWorkers::waitForAll(sshWorkerExitWaitMs);
    return status;
}
