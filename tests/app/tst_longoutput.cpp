// A cell printing 200,000 lines in the real window, on Debian's ipykernel: the model keeps only
// head and tail in memory (the middle in a spill file), the view lays out head, one "more lines"
// line and tail, the full-output viewer and a save both hold every line. The longest event-loop
// stall is reported, not asserted: timings belong to tests/bench/bench_stream.sh.
#include "app/executionqueue.h"
#include "app/stallwatch.h"
#include "app/window/fulloutputviewer.h"
#include "app/window/mainwindow.h"
#include "app/window/notebooktab.h"
#include "document/reader.h"
#include "document/streamtext.h"
#include "kernel/kernelsession.h"
#include "model/notebookmodel.h"
#include "view/outputs/outputarea.h"
#include "view/outputs/textoutput.h"

#include <Qsci/qsciscintilla.h>

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>

using namespace Notebench;

namespace {
constexpr int kLines = 200'000;

std::string expectedText()
{
    std::string text;
    for (int i = 0; i < kLines; ++i)
        text.append(std::to_string(i)).append("\n");
    return text;
}
} // namespace

class TestLongOutput : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void hugeStreamStaysBoundedAndSavesWhole();
};

void TestLongOutput::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // journal, settings and spill files stay out of the user's
    if (!QFile::exists(QStringLiteral("/usr/share/jupyter/kernels/python3/kernel.json")))
        QSKIP("needs Debian's ipykernel (apt install python3-ipykernel)");
}

void TestLongOutput::hugeStreamStaysBoundedAndSavesWhole()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    App::MainWindow window;
    window.show();
    window.newNotebook();
    App::NotebookTab *tab = window.currentTab();
    QVERIFY(tab);
    tab->model()->setCellSource(0, QStringLiteral("for i in range(%1): print(i)").arg(kLines));
    QTRY_VERIFY_WITH_TIMEOUT(tab->session()->state() == Kernel::KernelState::Idle, 60'000);

    auto *queue = tab->findChild<App::ExecutionQueue *>();
    QVERIFY(queue);
    QSignalSpy finished(queue, &App::ExecutionQueue::cellFinished);
    int repaints = 0;
    connect(tab->model(), &Editor::NotebookModel::outputsChanged, this, [&repaints] { ++repaints; });
    App::StallWatch stalls;
    stalls.start();
    tab->runCommand(QStringLiteral("run-all"));
    QVERIFY2(finished.wait(120'000), "the cell did not finish within 120 s");
    stalls.stop();
    qInfo("%d lines: longest event-loop stall %.1f ms, %d output notifications", kLines, stalls.maxGapMs(), repaints);
    QVERIFY2(repaints < kLines / 100, "output reaches the view batched, not line by line");

    // The model holds head and tail; the middle is on disk.
    const auto &outputs = tab->model()->cell(0).outputs;
    QCOMPARE(outputs.size(), std::size_t(1));
    const auto &output = outputs[0];
    QVERIFY(Document::isElidedStream(output));
    const auto &elided = output[Document::kElidedKey];
    const std::string head = output["text"].get<std::string>();
    const std::string tail = elided["tail"].get<std::string>();
    QVERIFY(head.rfind("0\n1\n2\n", 0) == 0);
    QVERIFY(tail.size() >= 7 && tail.substr(tail.size() - 7) == "199999\n");
    QVERIFY2(output.dump().size() < 1'000'000, "the model's copy of the output is head and tail only");
    const std::size_t headLines = std::size_t(std::count(head.begin(), head.end(), '\n'));
    const std::size_t tailLines = std::size_t(std::count(tail.begin(), tail.end(), '\n'));
    QCOMPARE(headLines + tailLines + elided["lines"].get<std::size_t>(), std::size_t(kLines));
    QVERIFY(QFile::exists(QString::fromStdString(elided["file"].get<std::string>())));

    // What the view lays out: head, one line for the middle, tail.
    QElapsedTimer layout;
    layout.start();
    Editor::OutputContext context;
    const auto area = Editor::OutputArea::build(nlohmann::json(outputs), context);
    QVERIFY(area);
    auto *text = dynamic_cast<Editor::TextOutput *>(area->renderer(0));
    QVERIFY(text);
    QVERIFY(text->height(800) > 0); // the layout itself happens here
    const QString shown = text->shownText();
    qInfo("the output built and laid out in %.1f ms (%lld lines shown)", double(layout.nsecsElapsed()) / 1e6,
          static_cast<long long>(shown.count(u'\n') + 1));
    QCOMPARE(std::size_t(shown.count(u'\n') + 1), headLines + 1 + tailLines);
    QVERIFY(shown.contains(QStringLiteral("more lines")));
    // Copying the output gives every line, the middle read back from the spill file.
    QCOMPARE(std::size_t(text->text().count(u'\n')), std::size_t(kLines));

    // "Open full output": every line, read from head, spill and tail.
    auto *viewer = new App::FullOutputViewer(output, QStringLiteral("Output"), tab);
    QSignalSpy loaded(viewer, &App::FullOutputViewer::loaded);
    viewer->show();
    QVERIFY2(loaded.wait(60'000), "the full output did not load within 60 s");
    QCOMPARE(viewer->editor()->lines(), kLines + 1); // the last '\n' opens an empty line
    QCOMPARE(viewer->editor()->text(kLines - 1), QStringLiteral("199999\n"));
    viewer->close();

    // Saving writes the whole stream.
    const QString path = dir.filePath(QStringLiteral("long.ipynb"));
    QVERIFY(tab->saveAs(path));
    const auto read = Document::readNotebookFile(path.toStdString());
    QVERIFY(read.notebook);
    QCOMPARE(read.notebook->cells[0].outputs[0]["text"].get<std::string>(), expectedText());
}

QTEST_MAIN(TestLongOutput)
#include "tst_longoutput.moc"
