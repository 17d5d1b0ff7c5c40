#include "local/kernelprocess.h"

#include <QCoreApplication>
#include <QFile>

#ifdef Q_OS_WIN
#include <windows.h>
#else
#include <csignal>
#include <sys/types.h>
#include <unistd.h>
#endif

namespace Notebench::Local {

namespace {
constexpr qsizetype stderrTailBytes = 4096;

// Linux cgroup v2 counts OOM kills of our cgroup (which the kernel inherits); a rise while the
// kernel ran means the OOM killer sent the SIGKILL. -1 where it cannot be read.
long long oomKillCount()
{
#ifdef Q_OS_LINUX
    QFile cgroupFile(QStringLiteral("/proc/self/cgroup"));
    if (!cgroupFile.open(QIODevice::ReadOnly))
        return -1;
    QString cgroupPath;
    for (const QByteArray &line : cgroupFile.readAll().split('\n')) {
        if (line.startsWith("0::"))
            cgroupPath = QString::fromUtf8(line.mid(3));
    }
    QFile events(QStringLiteral("/sys/fs/cgroup") + cgroupPath + QStringLiteral("/memory.events"));
    if (cgroupPath.isEmpty() || !events.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : events.readAll().split('\n')) {
        if (line.startsWith("oom_kill "))
            return line.mid(9).toLongLong();
    }
#endif
    return -1;
}
} // namespace

KernelProcess::KernelProcess(QObject *parent)
    : QObject(parent)
{
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    m_process.setStandardOutputFile(QProcess::nullDevice());
    connect(&m_process, &QProcess::readyReadStandardError, this, [this] {
        m_stderrTail += m_process.readAllStandardError();
        if (m_stderrTail.size() > stderrTailBytes)
            m_stderrTail = m_stderrTail.right(stderrTailBytes);
    });
    connect(&m_process, &QProcess::started, this, &KernelProcess::started);
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            emit failedToStart(m_process.errorString());
    });
    connect(&m_process, &QProcess::finished, this, &KernelProcess::onFinished);
}

KernelProcess::~KernelProcess()
{
    if (isRunning()) {
        kill();
        m_process.waitForFinished(1000); // teardown only: the process is already SIGKILLed
    }
#ifdef Q_OS_WIN
    if (m_interruptEvent)
        CloseHandle(m_interruptEvent);
    if (m_parentHandle)
        CloseHandle(m_parentHandle);
#endif
}

void KernelProcess::start(const QString &program, const QStringList &arguments,
                          const QProcessEnvironment &environment, const QString &workingDirectory)
{
    m_killedByUs = false;
    m_stderrTail.clear();
    m_oomKillsAtStart = oomKillCount();
    QProcessEnvironment env = environment;
#ifdef Q_OS_WIN
    // jupyter_client win_interrupt.create_interrupt_event + launcher: inheritable handles passed by value.
    SECURITY_ATTRIBUTES attributes{sizeof(SECURITY_ATTRIBUTES), nullptr, TRUE};
    if (!m_interruptEvent)
        m_interruptEvent = CreateEventA(&attributes, FALSE, FALSE, nullptr);
    if (!m_parentHandle)
        DuplicateHandle(GetCurrentProcess(), GetCurrentProcess(), GetCurrentProcess(), &m_parentHandle,
                        SYNCHRONIZE, TRUE, 0);
    env.insert(QStringLiteral("JPY_INTERRUPT_EVENT"), QString::number(quintptr(m_interruptEvent)));
    env.insert(QStringLiteral("IPY_INTERRUPT_EVENT"), QString::number(quintptr(m_interruptEvent)));
    env.insert(QStringLiteral("JPY_PARENT_PID"), QString::number(quintptr(m_parentHandle)));
    m_process.setCreateProcessArgumentsModifier([](QProcess::CreateProcessArguments *args) {
        args->inheritHandles = TRUE;
        args->flags |= CREATE_NEW_PROCESS_GROUP;
    });
#else
    // ipykernel's ParentPoller exits the kernel when this process goes away.
    env.insert(QStringLiteral("JPY_PARENT_PID"), QString::number(QCoreApplication::applicationPid()));
    m_process.setChildProcessModifier([] { ::setsid(); });
#endif
    m_process.setProcessEnvironment(env);
    m_process.setWorkingDirectory(workingDirectory);
    m_process.start(program, arguments, QIODevice::ReadOnly);
}

void KernelProcess::interrupt()
{
    if (!isRunning())
        return;
#ifdef Q_OS_WIN
    if (m_interruptEvent)
        SetEvent(m_interruptEvent);
#else
    signalGroup(SIGINT);
#endif
}

void KernelProcess::terminate()
{
    if (!isRunning())
        return;
#ifdef Q_OS_WIN
    // Python's Popen.terminate is TerminateProcess; WM_CLOSE (QProcess::terminate) means nothing to a console kernel.
    m_process.kill();
#else
    signalGroup(SIGTERM);
#endif
}

void KernelProcess::kill()
{
    if (!isRunning())
        return;
    m_killedByUs = true;
#ifdef Q_OS_WIN
    m_process.kill();
#else
    signalGroup(SIGKILL); // the whole group: a kernel's own subprocesses must not outlive it
#endif
}

#ifndef Q_OS_WIN
void KernelProcess::signalGroup(int signal)
{
    const qint64 processId = pid();
    if (processId <= 0)
        return; // kill(0, …) would signal our own group
    // jupyter_client send_signal: killpg, falling back to the process when the group is gone.
    if (::kill(-pid_t(processId), signal) != 0)
        ::kill(pid_t(processId), signal);
}
#endif

QString KernelProcess::stderrTail() const
{
    return QString::fromUtf8(m_stderrTail).trimmed();
}

void KernelProcess::onFinished(int exitCode, QProcess::ExitStatus status)
{
    m_stderrTail += m_process.readAllStandardError();
    emit exited(classify(exitCode, status));
}

Kernel::DeathReason KernelProcess::classify(int exitCode, QProcess::ExitStatus status) const
{
    using Cause = Kernel::DeathReason::Cause;
    Kernel::DeathReason reason;
    if (status == QProcess::NormalExit) {
        reason.cause = Cause::Exited;
        reason.exitCode = exitCode;
        return reason;
    }
    // Qt reports the terminating signal as the exit code of a crashed process on Unix.
    reason.cause = Cause::Signaled;
    reason.signal = exitCode;
#ifndef Q_OS_WIN
    if (exitCode == SIGKILL && !m_killedByUs) {
        const long long oomKills = oomKillCount();
        if (m_oomKillsAtStart >= 0 && oomKills > m_oomKillsAtStart) {
            reason.cause = Cause::OutOfMemory;
        } else {
            reason.detail = QStringLiteral("Something outside Notebench killed it; if it was using a lot of memory, "
                                           "the system's out-of-memory killer is the likely cause.");
        }
    }
#endif
    return reason;
}

} // namespace Notebench::Local
