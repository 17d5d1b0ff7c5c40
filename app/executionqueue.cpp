#include "app/executionqueue.h"

#include "kernel/jsonfields.h"
#include "kernel/kernelclient.h"
#include "kernel/kernelsession.h"
#include "model/notebookmodel.h"

#include <algorithm>

namespace Notebench::App {

namespace {
bool kernelCanRun(const Kernel::KernelSession &session)
{
    return session.state() == Kernel::KernelState::Idle || session.state() == Kernel::KernelState::Busy;
}
} // namespace

ExecutionQueue::ExecutionQueue(Editor::NotebookModel &model, Kernel::KernelSession &session, QObject *parent)
    : QObject(parent)
    , m_model(model)
    , m_session(session)
    , m_sink(model)
    , m_recorder(m_sink, defaultSpillDirectory())
{
    qRegisterMetaType<Editor::CellRunState>();
    // One frame at 60 Hz: a cell printing a million lines repaints at most this often.
    m_frame.setInterval(16);
    m_frame.setSingleShot(true);
    connect(&m_frame, &QTimer::timeout, this, [this] { m_recorder.flush(); });
    connect(&session, &Kernel::KernelSession::ready, this, &ExecutionQueue::runNext);
    connect(&session, &Kernel::KernelSession::died, this, [this] { clear(); });
    connect(session.client(), &Kernel::KernelClient::unroutedIopub, this, &ExecutionQueue::adopt);
    connect(&model, &Editor::NotebookModel::cellsInserted, this, &ExecutionQueue::onInserted);
    connect(&model, &Editor::NotebookModel::cellsRemoved, this, &ExecutionQueue::onRemoved);
    connect(&model, &Editor::NotebookModel::cellsMoved, this, &ExecutionQueue::onMoved);
}

void ExecutionQueue::enqueue(const QList<int> &cells)
{
    for (const int cell : cells) {
        if (cell < 0 || cell >= m_model.cellCount() || m_model.cell(cell).type != Document::CellType::Code)
            continue;
        if (cell == m_running || std::find(m_queue.begin(), m_queue.end(), cell) != m_queue.end())
            continue;
        m_queue.push_back(cell);
        emit stateChanged(cell, Editor::CellRunState::Queued);
    }
    runNext();
}

void ExecutionQueue::cancel(int cell)
{
    if (cell == m_running) {
        m_session.interrupt();
        return;
    }
    const auto it = std::find(m_queue.begin(), m_queue.end(), cell);
    if (it == m_queue.end())
        return;
    m_queue.erase(it);
    emit stateChanged(cell, Editor::CellRunState::Idle);
}

void ExecutionQueue::clear()
{
    for (const int cell : std::exchange(m_queue, {}))
        emit stateChanged(cell, Editor::CellRunState::Idle);
}

Editor::CellRunState ExecutionQueue::state(int cell) const
{
    if (cell == m_running || std::any_of(m_adopted.begin(), m_adopted.end(), [cell](const auto &run) { return run.second == cell; }))
        return Editor::CellRunState::Running;
    return std::find(m_queue.begin(), m_queue.end(), cell) != m_queue.end() ? Editor::CellRunState::Queued : Editor::CellRunState::Idle;
}

void ExecutionQueue::runNext()
{
    if (m_request || m_queue.empty() || !kernelCanRun(m_session))
        return;
    m_running = m_queue.front();
    m_queue.pop_front();
    emit stateChanged(m_running, Editor::CellRunState::Running);
    m_recorder.beginCell(std::size_t(m_running));
    scheduleFlush();
    m_clock.start();

    Kernel::ExecuteOptions options;
    options.cellId = m_model.cell(m_running).id;
    auto *request = m_session.client()->execute(m_model.source(m_running), options);
    m_request = request;
    connect(request, &Kernel::PendingRequest::iopub, this, [this](const Protocol::Message &message) {
        if (m_running >= 0) { // -1 when the running cell was deleted: its output has nowhere to go
            m_recorder.record(std::size_t(m_running), message);
            scheduleFlush();
        }
    });
    connect(request, &Kernel::PendingRequest::inputRequested, this,
            [this](const QString &prompt, bool password, const Protocol::Message &inputRequest) {
                emit inputRequested(m_running, prompt, password, inputRequest);
            });
    connect(request, &Kernel::PendingRequest::finished, this, [this, request] {
        const bool ok = request->failure().isEmpty() && request->reply()
                        && Kernel::stringField(request->reply()->content, "status") == "ok";
        m_recorder.flush(); // a finished cell shows all its output
        m_frame.stop();
        const int cell = std::exchange(m_running, -1);
        m_request = nullptr;
        if (cell >= 0) {
            emit stateChanged(cell, Editor::CellRunState::Idle);
            emit cellFinished(cell, ok, m_clock.elapsed());
        }
        // execute_request's stop_on_error: the kernel aborts what was queued behind an error.
        if (!ok)
            clear();
        runNext();
    });
}

void ExecutionQueue::adopt(const Protocol::Message &message)
{
    const std::string parent = message.parentMsgId();
    auto known = m_adopted.find(parent);
    if (known == m_adopted.end()) {
        // A run is adopted from its start only: without its execute_input the cell's earlier
        // output would mix with part of this run's.
        const auto cellId = Kernel::KernelClient::cellOfRequest(parent);
        if (!cellId || message.msgType() != "execute_input")
            return;
        const int cell = cellOfRun(*cellId, Kernel::stringField(message.content, "code"));
        known = m_adopted.emplace(parent, cell).first;
        if (cell >= 0) {
            m_recorder.beginCell(std::size_t(cell));
            emit stateChanged(cell, Editor::CellRunState::Running);
        }
    }
    const int cell = known->second;
    const bool done = message.msgType() == "status" && Kernel::stringField(message.content, "execution_state") == "idle";
    if (cell >= 0) {
        m_recorder.record(std::size_t(cell), message);
        scheduleFlush();
    }
    if (done) {
        m_adopted.erase(known);
        if (cell >= 0) {
            m_recorder.flush();
            emit stateChanged(cell, state(cell));
        }
    }
}

int ExecutionQueue::cellOfRun(const std::string &cellId, const std::string &code) const
{
    int sameCode = -1;
    int sameCodeCount = 0;
    for (int i = 0; i < m_model.cellCount(); ++i) {
        const auto &cell = m_model.cell(i);
        if (cell.type != Document::CellType::Code)
            continue;
        if (!cellId.empty() && cell.id == cellId)
            return i;
        if (cell.source == code) {
            sameCode = i;
            ++sameCodeCount;
        }
    }
    return sameCodeCount == 1 ? sameCode : -1;
}

void ExecutionQueue::scheduleFlush()
{
    if (m_recorder.hasPendingChanges() && !m_frame.isActive())
        m_frame.start();
}

void ExecutionQueue::remap(const std::function<int(int)> &map)
{
    std::deque<int> queue;
    for (const int cell : m_queue) {
        if (const int moved = map(cell); moved >= 0)
            queue.push_back(moved);
    }
    m_queue = std::move(queue);
    if (m_running >= 0)
        m_running = map(m_running);
    for (auto &[msgId, cell] : m_adopted) {
        if (cell >= 0)
            cell = map(cell);
    }
    m_recorder.remapCells([&map](std::size_t cell) { return long(map(int(cell))); });
}

void ExecutionQueue::onInserted(int first, int count)
{
    remap([=](int cell) { return cell >= first ? cell + count : cell; });
}

void ExecutionQueue::onRemoved(int first, int count)
{
    remap([=](int cell) {
        if (cell >= first + count)
            return cell - count;
        return cell >= first ? -1 : cell;
    });
}

void ExecutionQueue::onMoved(int first, int count, int to)
{
    remap([=](int cell) {
        if (cell >= first && cell < first + count)
            return to + (cell - first);
        const int withoutBlock = cell < first ? cell : cell - count;
        return withoutBlock >= to ? withoutBlock + count : withoutBlock;
    });
}

} // namespace Notebench::App
