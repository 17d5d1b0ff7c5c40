#include "kernel/deathreason.h"

#include <csignal>

namespace Notebench::Kernel {

QString signalName(int signal)
{
    switch (signal) {
#ifndef _WIN32
    case SIGHUP: return QStringLiteral("SIGHUP");
    case SIGQUIT: return QStringLiteral("SIGQUIT");
    case SIGKILL: return QStringLiteral("SIGKILL");
    case SIGBUS: return QStringLiteral("SIGBUS");
    case SIGPIPE: return QStringLiteral("SIGPIPE");
#endif
    case SIGINT: return QStringLiteral("SIGINT");
    case SIGILL: return QStringLiteral("SIGILL");
    case SIGABRT: return QStringLiteral("SIGABRT");
    case SIGFPE: return QStringLiteral("SIGFPE");
    case SIGSEGV: return QStringLiteral("SIGSEGV");
    case SIGTERM: return QStringLiteral("SIGTERM");
    default: return QStringLiteral("signal %1").arg(signal);
    }
}

QString DeathReason::text() const
{
    QString sentence;
    switch (cause) {
    case Cause::Exited:
        sentence = QStringLiteral("The kernel exited with code %1.").arg(exitCode);
        break;
    case Cause::Signaled:
        sentence = QStringLiteral("The kernel was killed by signal %1 (%2).").arg(signal).arg(signalName(signal));
        break;
    case Cause::OutOfMemory:
        sentence = QStringLiteral("The kernel was killed by signal %1 (%2), likely because the machine ran out of memory.")
                       .arg(signal)
                       .arg(signalName(signal));
        break;
    case Cause::FailedToStart:
        sentence = QStringLiteral("The kernel failed to start.");
        break;
    case Cause::ShutDown:
        sentence = QStringLiteral("The kernel was shut down.");
        break;
    case Cause::Unknown:
        sentence = QStringLiteral("The kernel stopped for an unknown reason.");
        break;
    }
    if (!detail.isEmpty())
        sentence += QLatin1Char(' ') + detail;
    return sentence;
}

} // namespace Notebench::Kernel
