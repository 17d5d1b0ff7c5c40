#include "app/headlessrunner.h"

#include "document/outputstreams.h"
#include "document/writer.h"
#include "kernel/jsonfields.h"
#include "kernel/kernelclient.h"
#include "kernel/kernelsession.h"
#include "app/provisionerfactory.h"

#include <QFileInfo>
#include <QTextStream>

#include <algorithm>
#include <cctype>

namespace Notebench::App {

namespace {
// After an interrupt for a timeout, how long the kernel gets to answer before it is killed.
constexpr int interruptGraceMs = 10'000;

bool hasTag(const Document::Cell &cell, std::string_view tag)
{
    const auto tags = cell.metadata.find("tags");
    if (tags == cell.metadata.end() || !tags->is_array())
        return false;
    return std::any_of(tags->begin(), tags->end(), [&](const auto &t) { return t.is_string() && t.template get<std::string>() == tag; });
}

bool isBlank(const std::string &text)
{
    return std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c); });
}

QString seconds(qint64 milliseconds)
{
    return QString::number(double(milliseconds) / 1000.0, 'f', 2) + QStringLiteral(" s");
}
} // namespace

HeadlessRunner::HeadlessRunner(Document::Notebook notebook, RunOptions options, QTextStream &progress, QObject *parent)
    : QObject(parent)
    , m_notebook(std::move(notebook))
    , m_options(std::move(options))
    , m_progress(progress)
    , m_sink(m_notebook)
    , m_recorder(m_sink, defaultSpillDirectory())
{
    m_cellTimer.setSingleShot(true);
    connect(&m_cellTimer, &QTimer::timeout, this, &HeadlessRunner::onCellTimeout);
    m_interruptGrace.setSingleShot(true);
    m_interruptGrace.setInterval(interruptGraceMs);
    connect(&m_interruptGrace, &QTimer::timeout, this, [this] {
        m_progress << "The kernel did not stop after the interrupt; killing it." << Qt::endl;
        m_session->provisioner()->kill();
    });
    for (const auto &cell : m_notebook.cells)
        m_toExecuteCount += shouldExecute(cell) ? 1 : 0;
}

HeadlessRunner::~HeadlessRunner() = default;

bool HeadlessRunner::shouldExecute(const Document::Cell &cell) const
{
    // nbclient async_execute_cell: only non-blank code cells without the skip-execution tag.
    return cell.type == Document::CellType::Code && !isBlank(cell.source) && !hasTag(cell, "skip-execution");
}

bool HeadlessRunner::cellAllowsErrors(const Document::Cell &cell) const
{
    return m_options.allowErrors || hasTag(cell, "raises-exception");
}

void HeadlessRunner::start()
{
    m_runClock.start();
    QString kernelName = m_options.kernelName;
    if (kernelName.isEmpty())
        kernelName = QString::fromStdString(m_notebook.kernelName());
    if (kernelName.isEmpty())
        kernelName = QStringLiteral("python3");
    QString cwd = m_options.workingDirectory;
    if (cwd.isEmpty())
        cwd = QFileInfo(m_options.notebookPath).absolutePath();

    RuntimeContext context;
    if (m_options.runtime.kind == RuntimeSpec::Kind::LocalGpu)
        context.gpus = Gpu::GpuInventory::probe(); // headless: nothing to keep responsive
    context.ssh = m_options.ssh;
    context.progress = &m_progress;
    RuntimeProvision provision = provisionRuntime(m_options.runtime, context);
    if (!provision.provisioner) {
        stop(ExitCode::BadInput, provision.reason);
        return;
    }
    m_session = std::make_unique<Kernel::KernelSession>(std::move(provision.provisioner));
    connect(m_session.get(), &Kernel::KernelSession::ready, this, [this] {
        m_progress << "Kernel ready after " << seconds(m_runClock.elapsed()) << "; running " << m_toExecuteCount
                   << " cells." << Qt::endl;
        // nbclient: the notebook records the language_info of the kernel that ran it.
        const auto info = m_session->kernelInfo();
        if (info.is_object() && info.contains("language_info") && info["language_info"].is_object())
            m_notebook.metadata["language_info"] = info["language_info"];
        runNextCell();
    });
    connect(m_session.get(), &Kernel::KernelSession::died, this, [this](const Kernel::DeathReason &reason) {
        m_cellTimer.stop();
        m_interruptGrace.stop();
        // The client fails the running request before died() arrives, so the flag, not the request, tells.
        const bool duringCell = std::exchange(m_cellInFlight, false);
        const QString what = m_timedOut ? QStringLiteral("Cell %1 timed out and its kernel was killed. %2")
                                        : QStringLiteral("The kernel died while running cell %1. %2");
        stop(duringCell || m_executedCount > 0 ? ExitCode::CellFailed : ExitCode::BadInput,
             duringCell ? what.arg(QString::number(m_runningCell + 1), reason.text()) : reason.text());
    });
    connect(m_session.get(), &Kernel::KernelSession::shutdownFinished, this, &HeadlessRunner::writeOutputAndFinish);

    Kernel::LaunchOptions launch{kernelName, cwd, provision.environment, {}};
    // nbclient: an IPython kernel run headless keeps its history in memory, so runs neither read
    // nor lock the user's history database.
    static const QStringList ipythonKernels{QStringLiteral("python"), QStringLiteral("python2"), QStringLiteral("python3")};
    if (ipythonKernels.contains(kernelName))
        launch.extraArguments << QStringLiteral("--HistoryManager.hist_file=:memory:");
    m_progress << "Starting kernel '" << kernelName << "'…" << Qt::endl;
    m_session->start(launch);
}

void HeadlessRunner::runNextCell()
{
    while (m_nextCell < m_notebook.cells.size() && !shouldExecute(m_notebook.cells[m_nextCell]))
        ++m_nextCell;
    if (m_nextCell >= m_notebook.cells.size()) {
        stop(m_exitCode);
        return;
    }
    m_runningCell = m_nextCell++;
    auto &cell = m_notebook.cells[m_runningCell];
    m_recorder.beginCell(m_runningCell);
    m_timedOut = false;
    m_cellInFlight = true;

    Kernel::ExecuteOptions options;
    // nbclient disables stdin for headless runs, and stops the queue on error unless errors are allowed.
    options.allowStdin = false;
    options.stopOnError = !cellAllowsErrors(cell);
    const std::size_t index = m_runningCell;
    auto *request = m_session->client()->execute(QString::fromStdString(cell.source), options);
    m_running = request;
    connect(request, &Kernel::PendingRequest::iopub, this,
            [this, index](const Protocol::Message &message) { m_recorder.record(index, message); });
    connect(request, &Kernel::PendingRequest::finished, this, [this, index, request] { onCellFinished(index, request); });
    m_cellClock.start();
    if (m_options.timeoutSeconds > 0)
        m_cellTimer.start(m_options.timeoutSeconds * 1000);
}

void HeadlessRunner::onCellTimeout()
{
    m_timedOut = true;
    m_progress << "Cell " << (m_runningCell + 1) << " ran longer than " << m_options.timeoutSeconds
               << " s; interrupting the kernel." << Qt::endl;
    m_session->interrupt();
    m_interruptGrace.start();
}

void HeadlessRunner::onCellFinished(std::size_t cellIndex, Kernel::PendingRequest *request)
{
    m_cellTimer.stop();
    m_interruptGrace.stop();
    m_running = nullptr;
    m_recorder.flush(); // the open stream's latest text into the notebook
    if (!request->failure().isEmpty())
        return; // the kernel died; died() reports it and keeps what the cell printed
    m_cellInFlight = false;
    auto &cell = m_notebook.cells[cellIndex];
    ++m_executedCount;
    const auto &reply = request->reply()->content;
    const bool failed = Kernel::stringField(reply, "status") == "error";
    m_progress << "[" << m_executedCount << "/" << m_toExecuteCount << "] cell " << (cellIndex + 1) << " "
               << (failed ? (m_timedOut ? "timed out" : "failed") : "done") << " in " << seconds(m_cellClock.elapsed())
               << " (" << seconds(m_runClock.elapsed()) << " elapsed)" << Qt::endl;
    if (failed && !cellAllowsErrors(cell)) {
        const QString what = m_timedOut ? QStringLiteral("timed out after %1 s").arg(m_options.timeoutSeconds)
                                        : QStringLiteral("raised %1: %2")
                                              .arg(QString::fromStdString(Kernel::stringField(reply, "ename")),
                                                   QString::fromStdString(Kernel::stringField(reply, "evalue")));
        stop(ExitCode::CellFailed, QStringLiteral("Cell %1 %2").arg(cellIndex + 1).arg(what));
        return;
    }
    runNextCell();
}

void HeadlessRunner::stop(ExitCode exitCode, const QString &message)
{
    if (m_stopping)
        return;
    m_stopping = true;
    m_exitCode = exitCode;
    if (!message.isEmpty())
        m_progress << message << Qt::endl;
    if (m_session && m_session->provisioner()->isRunning())
        m_session->shutdown(); // writeOutputAndFinish() follows shutdownFinished()
    else
        QMetaObject::invokeMethod(this, &HeadlessRunner::writeOutputAndFinish, Qt::QueuedConnection);
}

void HeadlessRunner::writeOutputAndFinish()
{
    // Streams were coalesced as they came; this merges what that leaves (none the recorder makes)
    // as nbconvert's coalesce_streams does, for outputs a notebook brought with it.
    m_recorder.flush();
    for (auto &cell : m_notebook.cells)
        Document::coalesceStreams(cell.outputs);
    // Nothing ran (the kernel never started): leave no output file behind. --inplace replaces the
    // user's own file, so only a complete run may do that; -o writes a new file either way.
    const bool ran = m_executedCount > 0 || m_toExecuteCount == 0 || m_exitCode == ExitCode::CellFailed;
    const QString target = m_options.inplace ? (m_exitCode == ExitCode::Success ? m_options.notebookPath : QString())
                                             : m_options.outputPath;
    if (!target.isEmpty() && ran) {
        const auto error = Document::saveNotebookFile(target.toStdString(), m_notebook);
        if (!error.empty()) {
            m_progress << QString::fromStdString(error) << Qt::endl;
            emit finished(ExitCode::BadInput);
            return;
        }
        m_progress << "Wrote " << target << Qt::endl;
    } else if (m_options.inplace && m_exitCode != ExitCode::Success) {
        m_progress << "The run failed, so " << m_options.notebookPath << " was left as it was." << Qt::endl;
    }
    if (m_exitCode == ExitCode::Success)
        m_progress << "Ran " << m_executedCount << " cells in " << seconds(m_runClock.elapsed()) << "." << Qt::endl;
    emit finished(m_exitCode);
}

} // namespace Notebench::App
