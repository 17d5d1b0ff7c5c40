#include "app/benchprobe.h"

#include "app/benchrun.h"
#include "app/window/notebooktab.h"

#include "model/notebookmodel.h"
#include "view/notebookview.h"

#include <QApplication>
#include <QMainWindow>
#include <QScrollBar>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#ifdef Q_OS_LINUX
#include <ctime>
#include <unistd.h>
#endif

namespace Notebench::App {

namespace {

// Scrolling starts this long after the first screen, once the kernel (started with the tab) has
// stopped competing for the CPU; bench_window.py waits as long in the browser.
constexpr int scrollSettleMs = 2000;

struct ProcessAge {
    double ms;
    double tickMs; // the OS gives the start time in ticks, truncated: the age reads up to one tick high
};

/// How long ago the OS started this process, or nothing where it cannot say.
std::optional<ProcessAge> processAge()
{
#ifdef Q_OS_LINUX
    // proc(5): field 22 of /proc/self/stat is the start time in clock ticks since boot (the fork,
    // so the exec and the dynamic loader are counted); the name in field 2 may hold spaces.
    std::ifstream stat("/proc/self/stat");
    std::string line;
    std::getline(stat, line);
    const auto nameEnd = line.rfind(')');
    if (nameEnd == std::string::npos)
        return std::nullopt;
    std::istringstream fields(line.substr(nameEnd + 1));
    std::string skipped;
    for (int field = 3; field < 22; ++field)
        fields >> skipped;
    unsigned long long startTicks = 0;
    timespec now{};
    if (!(fields >> startTicks) || clock_gettime(CLOCK_BOOTTIME, &now) != 0)
        return std::nullopt;
    const double tickMs = 1e3 / double(sysconf(_SC_CLK_TCK));
    const double nowMs = double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
    return ProcessAge{nowMs - double(startTicks) * tickMs, tickMs};
#else
    return std::nullopt;
#endif
}

void print(const std::string &line)
{
    std::printf("bench: %s\n", line.c_str());
    std::fflush(stdout); // the benchmark reads the lines through a pipe as they come
}

std::string milliseconds(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f ms", value);
    return text;
}

void reportMemory(const std::string &when)
{
#ifdef Q_OS_LINUX
    // smaps_rollup (Linux 4.14): Rss counts every resident page, Pss divides shared ones by their sharers.
    std::ifstream rollup("/proc/self/smaps_rollup");
    std::string line;
    double rss = 0;
    double pss = 0;
    while (std::getline(rollup, line)) {
        std::istringstream fields(line);
        std::string key;
        double kilobytes = 0;
        if (!(fields >> key >> kilobytes))
            continue; // the first line names the address range
        if (key == "Rss:")
            rss = kilobytes;
        else if (key == "Pss:")
            pss = kilobytes;
    }
    char text[96];
    std::snprintf(text, sizeof text, "memory %s rss %.1f MiB pss %.1f MiB", when.c_str(), rss / 1024, pss / 1024);
    print(text);
#else
    Q_UNUSED(when);
#endif
}

} // namespace

std::unique_ptr<BenchProbe> BenchProbe::fromEnvironment()
{
    if (!qEnvironmentVariableIsSet("NOTEBENCH_BENCH_REPORT"))
        return nullptr;
    const std::optional<ProcessAge> age = processAge();
    std::unique_ptr<BenchProbe> probe(new BenchProbe(age ? age->ms : 0.0));
    if (age) {
        print("clock from process start (/proc/self/stat: times read up to " + milliseconds(age->tickMs) + " high)");
        print("main " + milliseconds(probe->elapsedMs()));
    } else {
        print("clock from main()");
    }
    return probe;
}

BenchProbe::BenchProbe(double processAgeMs)
    : m_processAgeMs(processAgeMs)
{
    m_clock.start();
}

void BenchProbe::watch(QApplication &app)
{
    m_scrollStep = qEnvironmentVariableIntValue("NOTEBENCH_BENCH_SCROLL");
    app.installEventFilter(this);
}

double BenchProbe::elapsedMs() const
{
    return m_processAgeMs + double(m_clock.nsecsElapsed()) / 1e6;
}

bool BenchProbe::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::Paint)
        return false;
    auto *widget = qobject_cast<QWidget *>(watched);
    if (!widget)
        return false;
    bool counts = false;
    if (!m_windowReported && qobject_cast<QMainWindow *>(widget->window()))
        counts = m_windowSeen = true;
    if (auto *view = qobject_cast<Editor::NotebookView *>(widget->parentWidget()); view && view->viewport() == widget) {
        if (!m_view)
            m_view = view;
        counts = counts || view == m_view;
        if (view == m_view)
            m_framePending = view->pendingVisibleOutputs() > 0;
    }
    // The paint events of one frame come in one go, and the frame is flushed to the window
    // before the event loop turns again: the zero timer fires after the frame is on screen.
    if (counts && !m_frameScheduled) {
        m_frameScheduled = true;
        QTimer::singleShot(0, this, &BenchProbe::onFramePainted);
    }
    return false;
}

void BenchProbe::onFramePainted()
{
    m_frameScheduled = false;
    const double now = elapsedMs();
    if (m_windowSeen && !m_windowReported) {
        m_windowReported = true;
        print("window-painted " + milliseconds(now));
    }
    if (!m_view)
        return;
    if (m_notebookReported && !m_imagesReported && !m_framePending) {
        m_imagesReported = true;
        print("images-painted " + milliseconds(now));
    }
    if (!m_notebookReported) {
        m_notebookReported = true;
        if (!m_framePending) {
            m_imagesReported = true;
            print("images-painted " + milliseconds(now));
        }
        print("notebook-painted " + milliseconds(now) + " cells " + std::to_string(m_view->model()->cellCount()));
        reportMemory("notebook-painted");
        auto *tab = qobject_cast<NotebookTab *>(m_view->parentWidget());
        if (const QString runSave = qEnvironmentVariable("NOTEBENCH_BENCH_RUN"); !runSave.isEmpty() && tab)
            new BenchRun(*tab, runSave, this); // quits by itself once the run is saved
        else if (m_scrollStep > 0)
            QTimer::singleShot(scrollSettleMs, this, &BenchProbe::scrollOneFrame);
        else
            finish();
    } else if (m_scrolling) {
        m_frames.push_back(double(m_frameClock.nsecsElapsed()) / 1e6);
        m_placeholderFrames += m_framePending ? 1 : 0;
        scrollOneFrame();
    }
}

void BenchProbe::scrollOneFrame()
{
    QScrollBar *bar = m_view ? m_view->verticalScrollBar() : nullptr;
    if (!bar || bar->value() >= bar->maximum()) {
        reportScroll();
        return;
    }
    // One frame: the scroll, the view's layout (editors re-attached), its paint and the flush.
    m_scrolling = true;
    m_frameClock.start();
    bar->setValue(bar->value() + m_scrollStep);
}

void BenchProbe::reportScroll()
{
    m_scrolling = false;
    std::sort(m_frames.begin(), m_frames.end());
    const auto at = [this](double q) {
        return m_frames.empty() ? 0.0 : m_frames[std::min(m_frames.size() - 1, std::size_t(q * double(m_frames.size())))];
    };
    print("scroll frames " + std::to_string(m_frames.size()) + " step " + std::to_string(m_scrollStep) + " px p50 "
          + milliseconds(at(0.5)) + " p99 " + milliseconds(at(0.99)) + " max " + milliseconds(at(1.0)));
    print("scroll placeholder-frames " + std::to_string(m_placeholderFrames) + " of " + std::to_string(m_frames.size()));
    reportMemory("scrolled");
    finish();
}

void BenchProbe::finish()
{
    // exit(), not quit(): nothing is asked, the window closes with main()'s scope.
    if (qEnvironmentVariableIntValue("NOTEBENCH_BENCH_QUIT") == 1)
        QCoreApplication::exit(0);
}

} // namespace Notebench::App
