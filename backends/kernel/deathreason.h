#pragma once

#include <QMetaType>
#include <QString>

namespace Notebench::Kernel {

/// Why a kernel is no longer running, as a user should read it.
struct DeathReason
{
    enum class Cause { Unknown, Exited, Signaled, OutOfMemory, FailedToStart, ShutDown };
    Cause cause = Cause::Unknown;
    int exitCode = 0;
    int signal = 0;
    QString detail;

    /// One sentence, e.g. "The kernel was killed by signal 9 (SIGKILL), likely out of memory."
    QString text() const;
};

QString signalName(int signal);

} // namespace Notebench::Kernel

Q_DECLARE_METATYPE(Notebench::Kernel::DeathReason)
