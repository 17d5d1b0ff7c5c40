#pragma once

#include "app/outputrecorder.h"
#include "app/runtimespec.h"
#include "app/sshruntime.h"
#include "document/notebook.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>

class QTextStream;

namespace Notebench::Kernel {
class KernelSession;
class PendingRequest;
} // namespace Notebench::Kernel

namespace Notebench::App {

struct RunOptions
{
    QString notebookPath;
    QString outputPath;        ///< empty: do not write (unless inplace)
    bool inplace = false;
    QString kernelName;        ///< empty: the notebook's kernelspec, else python3
    RuntimeSpec runtime;
    SshOptions ssh;            ///< for ssh:// runtimes
    int timeoutSeconds = 0;    ///< per cell; 0 = no limit
    bool allowErrors = false;
    QString workingDirectory;  ///< empty: the notebook's folder
};

/// Exit status of the command line: 0 success, 1 a cell failed, 2 bad usage or bad input.
enum class ExitCode { Success = 0, CellFailed = 1, BadInput = 2 };

/// Executes every code cell of a notebook in order on one kernel, headless, as nbclient does
/// (skip-execution and raises-exception tags, per-cell timeout with interrupt), and writes the result.
class HeadlessRunner : public QObject
{
    Q_OBJECT
public:
    HeadlessRunner(Document::Notebook notebook, RunOptions options, QTextStream &progress, QObject *parent = nullptr);
    ~HeadlessRunner() override;

    void start();
    const Document::Notebook &notebook() const { return m_notebook; }

signals:
    void finished(Notebench::App::ExitCode exitCode);

private:
    void runNextCell();
    void onCellFinished(std::size_t cellIndex, Kernel::PendingRequest *request);
    void onCellTimeout();
    void stop(ExitCode exitCode, const QString &message = QString());
    void writeOutputAndFinish();
    bool shouldExecute(const Document::Cell &cell) const;
    bool cellAllowsErrors(const Document::Cell &cell) const;

    Document::Notebook m_notebook;
    RunOptions m_options;
    QTextStream &m_progress;
    NotebookOutputSink m_sink;
    OutputRecorder m_recorder;
    std::unique_ptr<Kernel::KernelSession> m_session;
    QPointer<Kernel::PendingRequest> m_running;
    std::size_t m_nextCell = 0;
    std::size_t m_runningCell = 0;
    int m_executedCount = 0;
    int m_toExecuteCount = 0;
    ExitCode m_exitCode = ExitCode::Success;
    bool m_cellInFlight = false; // from execute until the cell's request is finished, even by a failure
    bool m_timedOut = false;
    bool m_stopping = false;
    QTimer m_cellTimer;
    QTimer m_interruptGrace;
    QElapsedTimer m_runClock;
    QElapsedTimer m_cellClock;
};

} // namespace Notebench::App
