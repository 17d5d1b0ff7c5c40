// Opens a generated 5,000-cell notebook (or the .ipynb named on the command line, such as the
// 40 MB 200-image one from generate_notebooks.py) in NotebookView offscreen and prints numbers:
// time to the first paint and to the first screen with its images, frame times while scrolling
// top to bottom (and how many frames still showed an image decoding), and resident memory. Not a test.
#include "document/reader.h"
#include "model/notebookmodel.h"
#include "view/notebookview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QScrollBar>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace Notebench;

namespace {

Document::Notebook generatedNotebook(int count)
{
    Document::Notebook notebook;
    for (int i = 0; i < count; ++i) {
        if (i % 4 == 3) {
            notebook.insertCell(notebook.cells.size(), Document::CellType::Markdown,
                                "## Step " + std::to_string(i) + "\n\nSome *markdown* with `code` and a list:\n\n- one\n- two");
            continue;
        }
        Document::Cell& cell = notebook.insertCell(notebook.cells.size(), Document::CellType::Code,
                                                   "import math\nfor k in range(" + std::to_string(i)
                                                       + "):\n    total = math.sqrt(k)\nprint(total)");
        cell.executionCount = i;
        cell.outputs = nlohmann::json::array(
            {{{"output_type", "stream"}, {"name", "stdout"}, {"text", "\x1b[1;32mok\x1b[0m " + std::to_string(i) + "\nline 2\n"}},
             {{"output_type", "execute_result"}, {"execution_count", i}, {"metadata", nlohmann::json::object()},
              {"data", {{"text/plain", "42"}}}}});
    }
    return notebook;
}

// Waits for the viewport's first paint and reports when it has finished.
class FirstPaint : public QObject {
public:
    bool painted = false;
    bool eventFilter(QObject*, QEvent* event) override
    {
        if (event->type() == QEvent::Paint)
            painted = true;
        return false;
    }
};

double residentMegabytes()
{
    std::ifstream statm("/proc/self/statm");
    long size = 0;
    long resident = 0;
    statm >> size >> resident;
    return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    Document::Notebook notebook;
    QElapsedTimer reading;
    reading.start();
    if (argc > 1) {
        Document::ReadResult read = Document::readNotebookFile(argv[1]);
        if (!read.notebook) {
            std::fprintf(stderr, "%s\n", read.error ? read.error->toString().c_str() : "unreadable");
            return 1;
        }
        notebook = std::move(*read.notebook);
    } else {
        notebook = generatedNotebook(5000);
    }
    const double readMs = static_cast<double>(reading.nsecsElapsed()) / 1e6;
    const int cells = static_cast<int>(notebook.cells.size());
    Editor::NotebookModel model(std::move(notebook));

    QElapsedTimer timer;
    timer.start();
    Editor::NotebookView view(&model);
    FirstPaint first;
    view.viewport()->installEventFilter(&first);
    view.resize(1000, 800);
    view.show();
    while (!first.painted && timer.elapsed() < 10000)
        QCoreApplication::processEvents();
    const double firstPaintMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    while (view.pendingVisibleOutputs() > 0 && timer.elapsed() < 10000)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
    view.viewport()->repaint();
    const double imagesMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;

    QScrollBar* bar = view.verticalScrollBar();
    std::vector<double> frames;
    int placeholderFrames = 0;
    const int step = std::max(1, bar->pageStep() / 4);
    for (int value = 0; value <= bar->maximum(); value += step) {
        QElapsedTimer frame;
        frame.start();
        bar->setValue(value);
        view.viewport()->repaint();   // synchronous: the frame is laid out and painted when this returns
        placeholderFrames += view.pendingVisibleOutputs() > 0 ? 1 : 0;
        QCoreApplication::processEvents();
        frames.push_back(static_cast<double>(frame.nsecsElapsed()) / 1e6);
    }
    std::sort(frames.begin(), frames.end());
    const double maxMs = frames.empty() ? 0.0 : frames.back();
    const double p99Ms = frames.empty() ? 0.0 : frames[static_cast<std::size_t>(0.99 * static_cast<double>(frames.size() - 1))];

    std::printf("cells %d\n", cells);
    std::printf("read_ms %.1f\n", readMs);
    std::printf("first_paint_ms %.1f\n", firstPaintMs);
    std::printf("images_painted_ms %.1f\n", imagesMs);
    std::printf("scroll_frames %zu\n", frames.size());
    std::printf("placeholder_frames %d\n", placeholderFrames);
    std::printf("frame_max_ms %.2f\n", maxMs);
    std::printf("frame_p99_ms %.2f\n", p99Ms);
    std::printf("live_editors %d\n", view.liveEditorCount());
    std::printf("rss_mb %.1f\n", residentMegabytes());
    return 0;
}
