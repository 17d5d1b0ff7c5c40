// Completion popup latency: keystroke (Tab) to popup shown, through the real NotebookView,
// EditorAssist, CompletionBroker, Debian's ipykernel and the jedi helper; first with the kernel
// idle, then while it runs time.sleep(). Prints p50/p95 in ms. Not a test: bench_complete.sh
// runs it beside Python jupyter_client's complete round trip on the same kernelspec.
// Run with QT_QPA_PLATFORM=offscreen.
#include "completion/completionbroker.h"
#include "completion/staticanalyser.h"
#include "kernel/kernelclient.h"
#include "kernel/kernelsession.h"
#include "kernel/pendingrequest.h"
#include "local/localprovisioner.h"
#include "model/notebookmodel.h"
#include "protocol/kernelspecfinder.h"
#include "view/celleditor.h"
#include "view/completionpopup.h"
#include "view/editorassist.h"
#include "view/notebookview.h"

#include <QApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QKeyEvent>
#include <QTextStream>

#include <algorithm>
#include <vector>

using namespace Notebench;

namespace {
bool waitFor(const std::function<bool()>& condition, int milliseconds)
{
    QDeadlineTimer deadline(milliseconds);
    while (!condition()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
    }
    return true;
}

struct Stats {
    std::vector<double> samples;
    int kernel = 0;
    int missed = 0;
    QString line(const QString& what) const
    {
        std::vector<double> sorted = samples;
        std::sort(sorted.begin(), sorted.end());
        const auto at = [&](double q) { return sorted.empty() ? 0.0 : sorted[std::min(sorted.size() - 1, std::size_t(q * sorted.size()))]; };
        return QStringLiteral("notebench %1 x%2: p50 %3 ms  p95 %4 ms  (kernel answered %5, static %6, no popup %7)")
            .arg(what).arg(samples.size()).arg(at(0.5), 0, 'f', 2).arg(at(0.95), 0, 'f', 2)
            .arg(kernel).arg(int(samples.size()) - kernel).arg(missed);
    }
};
} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    const int rounds = argc > 1 ? std::atoi(argv[1]) : 60;
    QTextStream out(stdout);

    Kernel::KernelSession session(std::make_unique<Local::LocalProvisioner>());
    const auto found = Protocol::KernelSpecFinder().find("python3");
    if (!found.spec) {
        out << "no python3 kernelspec" << Qt::endl;
        return 1;
    }
    Completion::StaticAnalyser analyser({QString::fromStdString(found.spec->argv.front())});
    Completion::CompletionBroker broker;
    bool executing = false;
    broker.setStaticAnalyser(&analyser);
    broker.setKernelExecutingProbe([&] { return executing; });
    session.start({QStringLiteral("python3"), QDir::tempPath(), {}, {}});
    if (!waitFor([&] { return session.state() == Kernel::KernelState::Idle && session.client()->isReady(); }, 60000)) {
        out << "the kernel did not start" << Qt::endl;
        return 1;
    }
    broker.setKernel(session.client());
    const QString setup = QStringLiteral("import os\nexperiment_results = {'accuracy': 0.9, 'loss': 0.1}");
    bool ran = false;
    QObject::connect(session.client()->execute(setup), &Kernel::PendingRequest::finished, [&] { ran = true; });
    waitFor([&] { return ran; }, 10000);

    Document::Notebook notebook;
    notebook.metadata["kernelspec"] = {{"name", "python3"}, {"language", "python"}};
    notebook.insertCell(0, Document::CellType::Code, setup.toStdString());
    notebook.insertCell(1, Document::CellType::Code, "");
    Editor::NotebookModel model(std::move(notebook));
    Editor::NotebookView view(&model);
    Editor::EditorAssist assistant(&view, &broker);   // destroyed before the view
    auto* assist = &assistant;
    view.resize(900, 600);
    view.show();
    model.setCursor(1);
    model.setMode(Editor::Mode::Edit);
    Editor::CellEditor* editor = view.editorFor(1);
    editor->setFocus();

    const QStringList queries = {QStringLiteral("import o"), QStringLiteral("os.pa"), QStringLiteral("experiment_results."),
                                 QStringLiteral("os.path.is"), QStringLiteral("pr")};
    const auto measure = [&](int count, int warmup) {
        Stats stats;
        for (int i = 0; i < count + warmup; ++i) {
            assist->popup()->hide();
            editor->setText(queries[i % queries.size()]);
            editor->SendScintilla(QsciScintillaBase::SCI_DOCUMENTEND);
            QCoreApplication::processEvents();
            std::optional<Completion::Source> source;
            auto connection = QObject::connect(assist, &Editor::EditorAssist::completionsShown,
                                               [&](Completion::Source from, int) { source = from; });
            QElapsedTimer clock;
            clock.start();
            QKeyEvent press(QEvent::KeyPress, Qt::Key_Tab, Qt::NoModifier);
            QApplication::sendEvent(editor, &press);
            const bool shown = waitFor([&] { return source.has_value(); }, 3000);
            const double elapsed = double(clock.nsecsElapsed()) / 1e6;
            QObject::disconnect(connection);
            if (i < warmup)
                continue;
            if (!shown) {
                ++stats.missed;
                continue;
            }
            stats.samples.push_back(elapsed);
            stats.kernel += *source == Completion::Source::Kernel ? 1 : 0;
            waitFor([] { return false; }, 20);   // a pause between keystrokes, as a person types
        }
        return stats;
    };

    out << measure(rounds, 10).line(QStringLiteral("popup (Tab, kernel idle)")) << Qt::endl;

    bool slept = false;
    QObject::connect(session.client()->execute(QStringLiteral("import time; time.sleep(600)")), &Kernel::PendingRequest::finished,
                     [&] { slept = true; });
    executing = true;
    waitFor([] { return false; }, 300);
    out << measure(rounds, 0).line(QStringLiteral("popup (Tab, kernel busy)")) << Qt::endl;
    session.interrupt();
    waitFor([&] { return slept; }, 10000);
    executing = false;
    session.shutdown();
    waitFor([&] { return session.state() == Kernel::KernelState::Dead || session.state() == Kernel::KernelState::NotStarted; }, 10000);
    return 0;
}
