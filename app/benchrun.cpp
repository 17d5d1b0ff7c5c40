#include "app/benchrun.h"

#include "app/executionqueue.h"
#include "app/window/notebooktab.h"
#include "kernel/kernelsession.h"
#include "model/notebookmodel.h"

#include <QCoreApplication>

#include <cstdio>
#include <fstream>
#include <string>

namespace Notebench::App {

namespace {
void print(const QString &line)
{
    std::printf("bench: %s\n", qPrintable(line));
    std::fflush(stdout);
}

/// proc(5): VmHWM is the peak resident set size of the process so far.
QString peakResident()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmHWM:", 0) == 0)
            return QString::fromStdString(line.substr(6)).simplified();
    }
    return QStringLiteral("unknown");
}
} // namespace

BenchRun::BenchRun(NotebookTab &tab, QString savePath, QObject *parent)
    : QObject(parent)
    , m_tab(tab)
    , m_savePath(std::move(savePath))
{
    const auto &cells = tab.model()->notebook().cells;
    for (const auto &cell : cells)
        m_codeCells += cell.type == Document::CellType::Code ? 1 : 0;
    if (auto *queue = tab.findChild<ExecutionQueue *>())
        connect(queue, &ExecutionQueue::cellFinished, this, &BenchRun::onCellFinished);
    if (tab.session()->state() == Kernel::KernelState::Idle)
        QMetaObject::invokeMethod(this, &BenchRun::runAll, Qt::QueuedConnection);
    else
        connect(tab.session(), &Kernel::KernelSession::ready, this, &BenchRun::runAll);
}

void BenchRun::runAll()
{
    if (std::exchange(m_started, true))
        return;
    print(QStringLiteral("run-all %1 code cells").arg(m_codeCells));
    m_stalls.start();
    m_clock.start();
    m_tab.runCommand(QStringLiteral("run-all"));
}

void BenchRun::onCellFinished()
{
    if (++m_finished == m_codeCells)
        finish();
}

void BenchRun::finish()
{
    const double wallMs = double(m_clock.nsecsElapsed()) / 1e6;
    m_stalls.stop();
    print(QStringLiteral("run-finished %1 ms max-stall %2 ms peak-rss %3")
              .arg(wallMs, 0, 'f', 1)
              .arg(m_stalls.maxGapMs(), 0, 'f', 1)
              .arg(peakResident()));
    QElapsedTimer save;
    save.start();
    const bool saved = m_tab.saveAs(m_savePath);
    print(QStringLiteral("saved %1 in %2 ms peak-rss %3")
              .arg(saved ? m_savePath : QStringLiteral("nothing (the save failed)"))
              .arg(double(save.nsecsElapsed()) / 1e6, 0, 'f', 1)
              .arg(peakResident()));
    QCoreApplication::exit(saved ? 0 : 1);
}

} // namespace Notebench::App
