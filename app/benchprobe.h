#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <memory>
#include <vector>

class QApplication;

namespace Notebench::Editor {
class NotebookView;
}

namespace Notebench::App {

/// The window benchmark's probe (tests/bench/bench_window.sh). With NOTEBENCH_BENCH_REPORT set it
/// prints "bench: …" lines to stdout: when the main window's first frame and the first frame of a
/// notebook view showing its cells were painted, in milliseconds from process start, then resident
/// memory. With NOTEBENCH_BENCH_SCROLL=PIXELS it then scrolls that notebook top to bottom, PIXELS a
/// frame, and prints the frame times (and how many frames showed an image still decoding);
/// "images-painted" says when the first screen's images were on it; with NOTEBENCH_BENCH_QUIT=1 it
/// quits once it has reported. With NOTEBENCH_BENCH_RUN=FILE it runs every cell instead, saves to
/// FILE and quits (BenchRun).
class BenchProbe : public QObject
{
    Q_OBJECT
public:
    /// Null unless NOTEBENCH_BENCH_REPORT is set. Create it first thing in main(): where the OS
    /// does not say when the process started, the clock starts here.
    static std::unique_ptr<BenchProbe> fromEnvironment();
    /// Watches the application's paint events; call once the QApplication exists.
    void watch(QApplication &app);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    explicit BenchProbe(double processAgeMs);
    double elapsedMs() const;
    /// Runs after the frame whose paint events were just seen has been painted and flushed.
    void onFramePainted();
    void scrollOneFrame();
    void reportScroll();
    void finish();

    QElapsedTimer m_clock;
    double m_processAgeMs; // how old the process was when m_clock started
    bool m_frameScheduled = false;
    bool m_windowSeen = false;
    bool m_windowReported = false;
    bool m_notebookReported = false;
    bool m_scrolling = false;
    bool m_imagesReported = false;
    bool m_framePending = false;   // the frame being painted shows an image placeholder
    int m_placeholderFrames = 0;
    int m_scrollStep = 0;
    QPointer<Editor::NotebookView> m_view;
    QElapsedTimer m_frameClock;
    std::vector<double> m_frames;
};

} // namespace Notebench::App
