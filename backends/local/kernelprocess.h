#pragma once

#include "kernel/deathreason.h"

#include <QProcess>

namespace Notebench::Local {

/// The kernel's OS process: started in its own process group (jupyter_client launches with
/// start_new_session=True) so that an interrupt or a kill reaches the kernel's children too.
/// Windows gets jupyter_client's inheritable interrupt event and parent handle instead.
class KernelProcess : public QObject
{
    Q_OBJECT
public:
    explicit KernelProcess(QObject *parent = nullptr);
    ~KernelProcess() override;

    void start(const QString &program, const QStringList &arguments, const QProcessEnvironment &environment,
               const QString &workingDirectory);
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    qint64 pid() const { return m_process.processId(); }

    /// SIGINT to the process group; on Windows, SetEvent on the interrupt event.
    void interrupt();
    /// SIGTERM to the process group; on Windows, TerminateProcess.
    void terminate();
    /// SIGKILL to the process group.
    void kill();
    /// The last lines the kernel wrote to stderr (kept for error messages).
    QString stderrTail() const;

signals:
    void started();
    void failedToStart(const QString &reason);
    void exited(const Notebench::Kernel::DeathReason &reason);

private:
    void onFinished(int exitCode, QProcess::ExitStatus status);
    Kernel::DeathReason classify(int exitCode, QProcess::ExitStatus status) const;
#ifndef Q_OS_WIN
    void signalGroup(int signal);
#endif

    QProcess m_process;
    QByteArray m_stderrTail;
    bool m_killedByUs = false;
    long long m_oomKillsAtStart = -1;
#ifdef Q_OS_WIN
    void *m_interruptEvent = nullptr;
    void *m_parentHandle = nullptr;
#endif
};

} // namespace Notebench::Local
