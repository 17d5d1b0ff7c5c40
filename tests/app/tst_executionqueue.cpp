// The window's run queue on Debian's real python3 kernel: order, outputs in the model as they
// arrive, stop on error, cells moving while queued, input().
#include "celltext.h"
#include "app/executionqueue.h"
#include "kernel/kernelclient.h"
#include "kernel/kernelsession.h"
#include "local/localprovisioner.h"
#include "model/notebookmodel.h"
#include "zmq/zmqtransport.h"

#include <QSignalSpy>
#include <QTest>

using namespace Notebench;
using Testing::streamText;

namespace {
Document::Notebook notebookOf(const std::vector<std::pair<Document::CellType, std::string>> &cells)
{
    Document::Notebook notebook;
    for (const auto &[type, source] : cells)
        notebook.insertCell(notebook.cells.size(), type, source);
    return notebook;
}
} // namespace

class TestExecutionQueue : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup() { m_session.reset(); }
    void runsInOrderAndStopsOnError();
    void followsCellsInsertedWhileQueued();
    void inputRequest();
    void displayUpdateFollowsMovedCell();
    void cancelQueuedCell();
    void adoptsRunsOfAnotherClient_data();
    void adoptsRunsOfAnotherClient();

private:
    std::unique_ptr<Kernel::KernelSession> m_session;
};

void TestExecutionQueue::init()
{
    m_session = std::make_unique<Kernel::KernelSession>(std::make_unique<Local::LocalProvisioner>());
    QSignalSpy ready(m_session.get(), &Kernel::KernelSession::ready);
    m_session->start({});
    QVERIFY2(ready.wait(60000), "the python3 kernel did not become ready within 60 s");
}

void TestExecutionQueue::runsInOrderAndStopsOnError()
{
    using T = Document::CellType;
    Editor::NotebookModel model(notebookOf({{T::Code, "x = 41"}, {T::Markdown, "# note"}, {T::Code, "print(x + 1)"},
                                            {T::Code, "1/0"}, {T::Code, "print('never')"}}));
    App::ExecutionQueue queue(model, *m_session);
    QSignalSpy finished(&queue, &App::ExecutionQueue::cellFinished);
    QSignalSpy states(&queue, &App::ExecutionQueue::stateChanged);
    queue.enqueue({0, 1, 2, 3, 4});
    QCOMPARE(queue.queuedCells(), (QList<int>{2, 3, 4})); // the markdown cell needs no kernel; 0 runs
    QCOMPARE(queue.state(0), Editor::CellRunState::Running);
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 3, 20000);
    QCOMPARE(finished[0].at(0).toInt(), 0);
    QCOMPARE(finished[1].at(0).toInt(), 2);
    QCOMPARE(finished[2].at(0).toInt(), 3);
    QCOMPARE(finished[2].at(1).toBool(), false);
    QCOMPARE(streamText(model, 2), QStringLiteral("42\n"));
    QCOMPARE(model.cell(3).outputs[0]["ename"].get<std::string>(), std::string("ZeroDivisionError"));
    QVERIFY(model.cell(4).outputs.empty()); // stop on error: the cell behind it was dropped
    QCOMPARE(queue.state(4), Editor::CellRunState::Idle);
    QVERIFY(model.isModified());
    QCOMPARE(model.undoStack()->count(), 0);
    QCOMPARE(model.cell(2).executionCount.value_or(-1), 2);
    // Every queued cell was reported queued before any of them ran (FIFO).
    QCOMPARE(states[0].at(0).toInt(), 0);
    QCOMPARE(states[1].at(0).toInt(), 2);
    QCOMPARE(states[2].at(0).toInt(), 3);
    QCOMPARE(states[3].at(0).toInt(), 4);
}

void TestExecutionQueue::followsCellsInsertedWhileQueued()
{
    using T = Document::CellType;
    Editor::NotebookModel model(notebookOf({{T::Code, "import time\ntime.sleep(1)\nprint('slow')"}, {T::Code, "print('next')"}}));
    App::ExecutionQueue queue(model, *m_session);
    QSignalSpy finished(&queue, &App::ExecutionQueue::cellFinished);
    queue.enqueue({0, 1});
    model.setCursor(0);
    model.insertCellAbove(); // everything shifts down by one while cell 0 runs
    QCOMPARE(queue.runningCell(), 1);
    QCOMPARE(queue.queuedCells(), QList<int>{2});
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 2, 20000);
    QCOMPARE(streamText(model, 1), QStringLiteral("slow\n"));
    QCOMPARE(streamText(model, 2), QStringLiteral("next\n"));
    QVERIFY(model.cell(0).outputs.empty());
}

void TestExecutionQueue::inputRequest()
{
    Editor::NotebookModel model(notebookOf({{Document::CellType::Code, "name = input('Name? ')\nprint('hi', name)"}}));
    App::ExecutionQueue queue(model, *m_session);
    QSignalSpy finished(&queue, &App::ExecutionQueue::cellFinished);
    connect(&queue, &App::ExecutionQueue::inputRequested, this,
            [&](int cell, const QString &prompt, bool, const Protocol::Message &request) {
                QCOMPARE(cell, 0);
                QCOMPARE(prompt, QStringLiteral("Name? "));
                m_session->client()->sendInputReply(request, QStringLiteral("Grace"));
            });
    queue.enqueue({0});
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 20000);
    QVERIFY2(streamText(model, 0).contains(QStringLiteral("hi Grace")), qPrintable(streamText(model, 0)));
}

void TestExecutionQueue::displayUpdateFollowsMovedCell()
{
    using T = Document::CellType;
    Editor::NotebookModel model(notebookOf({{T::Code, "h = display('first', display_id=True)"}, {T::Code, "h.update('second')"}}));
    App::ExecutionQueue queue(model, *m_session);
    QSignalSpy finished(&queue, &App::ExecutionQueue::cellFinished);
    queue.enqueue({0});
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 20000);
    model.setCursor(0);
    model.insertCellAbove(); // the displaying cell is now 1, the updating one 2
    queue.enqueue({2});
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 2, 20000);
    QVERIFY(model.cell(0).outputs.empty());
    const auto &shown = model.cell(1).outputs;
    QCOMPARE(shown.size(), std::size_t(1));
    QCOMPARE(QString::fromStdString(shown[0]["data"]["text/plain"].get<std::string>()), QStringLiteral("'second'"));
}

void TestExecutionQueue::cancelQueuedCell()
{
    using T = Document::CellType;
    Editor::NotebookModel model(notebookOf({{T::Code, "import time\ntime.sleep(0.5)"}, {T::Code, "print('cancelled')"},
                                            {T::Code, "print('third')"}}));
    App::ExecutionQueue queue(model, *m_session);
    QSignalSpy finished(&queue, &App::ExecutionQueue::cellFinished);
    queue.enqueue({0, 1, 2});
    queue.cancel(1);
    QCOMPARE(queue.state(1), Editor::CellRunState::Idle);
    QCOMPARE(queue.queuedCells(), QList<int>{2});
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 2, 20000);
    QCOMPARE(finished[1].at(0).toInt(), 2);
    QVERIFY(model.cell(1).outputs.empty());
    QCOMPARE(streamText(model, 2), QStringLiteral("third\n"));
}

void TestExecutionQueue::adoptsRunsOfAnotherClient_data()
{
    QTest::addColumn<int>("minor");
    QTest::newRow("by cell id (nbformat 4.5)") << 5;
    QTest::newRow("by code (4.4, no cell ids)") << 4;
}

// What a re-attached window sees: runs it never asked for, replayed or live, whose msg_id names
// their cell. A second client on the same kernel plays the part of the window that sent them.
void TestExecutionQueue::adoptsRunsOfAnotherClient()
{
    QFETCH(int, minor);
    using T = Document::CellType;
    Document::Notebook notebook;
    notebook.nbformatMinor = minor;
    notebook.insertCell(0, T::Code, "print('same code')");
    notebook.insertCell(1, T::Code, "print('same code')");
    notebook.insertCell(2, T::Code, "for i in range(3):\n    print(i)\n'result'");
    notebook.cells[2].outputs = nlohmann::json::array({{{"output_type", "stream"}, {"name", "stdout"}, {"text", "stale\n"}}});
    Editor::NotebookModel model(notebook);
    App::ExecutionQueue queue(model, *m_session);
    QSignalSpy states(&queue, &App::ExecutionQueue::stateChanged);

    const auto *local = static_cast<const Local::LocalProvisioner *>(m_session->provisioner());
    Zmq::ZmqTransport transport(local->connectionInfo());
    Kernel::KernelClient other;
    QSignalSpy otherReady(&other, &Kernel::KernelClient::ready);
    other.attach(&transport);
    transport.open();
    other.startNudging();
    QVERIFY2(otherReady.wait(30000), "the second client never reached the kernel");

    const auto runIn = [&](int cell, std::optional<std::string> cellId) {
        Kernel::ExecuteOptions options;
        options.cellId = std::move(cellId);
        auto *request = other.execute(model.source(cell), options);
        QSignalSpy finished(request, &Kernel::PendingRequest::finished);
        return finished.wait(20000);
    };
    QVERIFY(runIn(2, model.cell(2).id));
    QTRY_COMPARE_WITH_TIMEOUT(streamText(model, 2), QStringLiteral("0\n1\n2\n"), 10000);
    QCOMPARE(model.cell(2).outputs.back()["output_type"].get<std::string>(), std::string("execute_result"));
    QVERIFY(model.cell(2).executionCount.has_value());
    // Its idle status may come after the reply: the cell shows running until then.
    QTRY_COMPARE_WITH_TIMEOUT(queue.state(2), Editor::CellRunState::Idle, 10000);
    QVERIFY(states.count() >= 2); // running, then idle
    QCOMPARE(states.first().at(0).toInt(), 2);

    // Two cells with the same code and no id to tell them apart: the output goes nowhere rather
    // than into the wrong one; and a run that names no cell (a console's) is left alone.
    QVERIFY(runIn(0, minor == 5 ? model.cell(0).id : std::string()));
    QVERIFY(runIn(2, std::nullopt));
    QTest::qWait(300);
    QCOMPARE(streamText(model, 0), minor == 5 ? QStringLiteral("same code\n") : QString());
    QVERIFY(streamText(model, 1).isEmpty());
    QCOMPARE(streamText(model, 2), QStringLiteral("0\n1\n2\n"));
    other.detach(QStringLiteral("done"));
}

QTEST_GUILESS_MAIN(TestExecutionQueue)
#include "tst_executionqueue.moc"
