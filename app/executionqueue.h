#pragma once

#include "app/modeloutputsink.h"
#include "app/outputrecorder.h"
#include "model/cellrunstate.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <deque>
#include <map>
#include <string>

namespace Notebench::Editor {
class NotebookModel;
}
namespace Notebench::Kernel {
class KernelSession;
class PendingRequest;
} // namespace Notebench::Kernel

namespace Notebench::App {

/// The window's run queue: cells run one at a time, in the order asked, on the notebook's kernel;
/// output lands in the model as it arrives, so a running cell's output is part of the document.
/// Indices follow cells that are inserted, removed or moved while queued or running.
/// Output of runs this window did not ask for — replayed when it re-attaches to a kernel that kept
/// running without it (an SSH session) — is adopted into the cell each run names in its msg_id.
class ExecutionQueue : public QObject
{
    Q_OBJECT
public:
    ExecutionQueue(Editor::NotebookModel &model, Kernel::KernelSession &session, QObject *parent = nullptr);

    /// Queues code cells (others are skipped, markdown needs no kernel).
    void enqueue(const QList<int> &cells);
    /// Removes a queued cell; a running cell is interrupted instead.
    void cancel(int cell);
    /// Empties the queue (a failed cell, a restart, an interrupt).
    void clear();
    Editor::CellRunState state(int cell) const;
    int runningCell() const { return m_running; }
    /// Milliseconds the running cell has run.
    qint64 runningFor() const { return m_running >= 0 ? m_clock.elapsed() : 0; }
    QList<int> queuedCells() const { return {m_queue.begin(), m_queue.end()}; }
    /// Puts output that arrived since the last frame into the model now (before a save or a snapshot).
    void flushOutputs() { m_recorder.flush(); }

signals:
    void stateChanged(int cell, Notebench::Editor::CellRunState state);
    /// A cell finished; `ok` is false on an error reply, `milliseconds` is how long it ran.
    void cellFinished(int cell, bool ok, qint64 milliseconds);
    /// input() or getpass() in the running cell.
    void inputRequested(int cell, const QString &prompt, bool password, const Notebench::Protocol::Message &request);

private:
    void runNext();
    /// IOPub of another run (see the class comment): from its execute_input on, into its cell.
    void adopt(const Protocol::Message &message);
    /// The code cell a run came from: the one with its cell id, else the only one with its code.
    int cellOfRun(const std::string &cellId, const std::string &code) const;
    void onInserted(int first, int count);
    void onRemoved(int first, int count);
    void onMoved(int first, int count, int to);
    void remap(const std::function<int(int)> &map);
    /// After recording: the model hears of new output once per frame at most, however fast it comes.
    void scheduleFlush();

    Editor::NotebookModel &m_model;
    Kernel::KernelSession &m_session;
    ModelOutputSink m_sink;
    OutputRecorder m_recorder;
    std::deque<int> m_queue;
    int m_running = -1;
    QPointer<Kernel::PendingRequest> m_request;
    QElapsedTimer m_clock;
    QTimer m_frame;
    std::map<std::string, int> m_adopted; // msg_id of another client's run -> its cell (-1: gone)
};

} // namespace Notebench::App
