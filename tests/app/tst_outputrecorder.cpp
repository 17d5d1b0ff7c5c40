// OutputRecorder and coalesceStreams: the nbclient/nbconvert output rules, message by message.
#include "app/outputrecorder.h"
#include "document/notebook.h"
#include "document/outputstreams.h"

#include <QTest>

using namespace Notebench;
using nlohmann::json;

namespace {
Protocol::Message message(const std::string &type, json content)
{
    return Protocol::Message::create(type, std::move(content), "s", "u");
}

json stream(const std::string &name, const std::string &text)
{
    return {{"output_type", "stream"}, {"name", name}, {"text", text}};
}
} // namespace

class TestOutputRecorder : public QObject
{
    Q_OBJECT
private slots:
    void coalesce_data();
    void coalesce();
    void executionCountAndResult();
    void clearOutputWait();
    void clearOutputNow();
    void updateDisplayAcrossCells();
    void ignoresNonOutputs();
};

void TestOutputRecorder::coalesce_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    auto row = [](const char *name, json in, json out) {
        QTest::newRow(name) << QString::fromStdString(in.dump()) << QString::fromStdString(out.dump());
    };
    row("merge same name", json::array({stream("stdout", "a\n"), stream("stdout", "b\n")}), json::array({stream("stdout", "a\nb\n")}));
    row("keep different names", json::array({stream("stdout", "a"), stream("stderr", "b"), stream("stdout", "c")}),
        json::array({stream("stdout", "a"), stream("stderr", "b"), stream("stdout", "c")}));
    row("progress bar", json::array({stream("stdout", "10%"), stream("stdout", "\r50%"), stream("stdout", "\r100%\n")}),
        json::array({stream("stdout", "100%\n")}));
    row("cr before newline kept", json::array({stream("stdout", "a\r\nb")}), json::array({stream("stdout", "a\r\nb")}));
    row("trailing cr kept", json::array({stream("stdout", "x\r")}), json::array({stream("stdout", "x\r")}));
    row("only the current line", json::array({stream("stdout", "keep\nold\rnew\n")}), json::array({stream("stdout", "keep\nnew\n")}));
    row("double cr", json::array({stream("stdout", "a\r\r\n")}), json::array({stream("stdout", "\r\n")}));
    json display = {{"output_type", "display_data"}, {"data", {{"text/plain", "x"}}}, {"metadata", json::object()}};
    row("display breaks a run", json::array({stream("stdout", "a"), display, stream("stdout", "b")}),
        json::array({stream("stdout", "a"), display, stream("stdout", "b")}));
    row("empty", json::array(), json::array());
}

void TestOutputRecorder::coalesce()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    json outputs = json::parse(input.toStdString());
    Document::coalesceStreams(outputs);
    QCOMPARE(QString::fromStdString(outputs.dump()), expected);
}

void TestOutputRecorder::executionCountAndResult()
{
    Document::Notebook notebook;
    notebook.insertCell(0, Document::CellType::Code, "6*7");
    App::NotebookOutputSink sink(notebook);
    App::OutputRecorder recorder(sink);
    recorder.beginCell(0);
    recorder.record(0, message("execute_input", {{"code", "6*7"}, {"execution_count", 3}}));
    recorder.record(0, message("execute_result", {{"data", {{"text/plain", "42"}}}, {"metadata", json::object()}, {"execution_count", 3}}));
    QCOMPARE(notebook.cells[0].executionCount.value_or(-1), 3);
    QCOMPARE(notebook.cells[0].outputs.size(), std::size_t(1));
    QCOMPARE(notebook.cells[0].outputs[0].dump(),
             json({{"output_type", "execute_result"}, {"data", {{"text/plain", "42"}}}, {"metadata", json::object()}, {"execution_count", 3}}).dump());
}

void TestOutputRecorder::clearOutputWait()
{
    Document::Notebook notebook;
    notebook.insertCell(0, Document::CellType::Code, "x");
    App::NotebookOutputSink sink(notebook);
    App::OutputRecorder recorder(sink);
    recorder.beginCell(0);
    recorder.record(0, message("stream", {{"name", "stdout"}, {"text", "one"}}));
    recorder.record(0, message("clear_output", {{"wait", true}}));
    QCOMPARE(notebook.cells[0].outputs.size(), std::size_t(1)); // kept until the next output: no flicker
    recorder.record(0, message("stream", {{"name", "stdout"}, {"text", "two"}}));
    QCOMPARE(notebook.cells[0].outputs.size(), std::size_t(1));
    QCOMPARE(notebook.cells[0].outputs[0]["text"].get<std::string>(), std::string("two"));
}

void TestOutputRecorder::clearOutputNow()
{
    Document::Notebook notebook;
    notebook.insertCell(0, Document::CellType::Code, "x");
    App::NotebookOutputSink sink(notebook);
    App::OutputRecorder recorder(sink);
    recorder.beginCell(0);
    recorder.record(0, message("stream", {{"name", "stdout"}, {"text", "one"}}));
    recorder.record(0, message("clear_output", {{"wait", false}}));
    QCOMPARE(notebook.cells[0].outputs.size(), std::size_t(0));
}

void TestOutputRecorder::updateDisplayAcrossCells()
{
    Document::Notebook notebook;
    notebook.insertCell(0, Document::CellType::Code, "h = display('a', display_id=True)");
    notebook.insertCell(1, Document::CellType::Code, "h.update('b')");
    App::NotebookOutputSink sink(notebook);
    App::OutputRecorder recorder(sink);
    recorder.beginCell(0);
    recorder.record(0, message("display_data", {{"data", {{"text/plain", "'a'"}}}, {"metadata", json::object()},
                                                {"transient", {{"display_id", "d1"}}}}));
    recorder.beginCell(1);
    recorder.record(1, message("update_display_data", {{"data", {{"text/plain", "'b'"}}}, {"metadata", json::object()},
                                                       {"transient", {{"display_id", "d1"}}}}));
    QCOMPARE(notebook.cells[0].outputs[0]["data"]["text/plain"].get<std::string>(), std::string("'b'"));
    QCOMPARE(notebook.cells[1].outputs.size(), std::size_t(0)); // an update adds no output of its own
    QVERIFY(!notebook.cells[0].outputs[0].contains("transient")); // never saved (nbformat schema)
}

void TestOutputRecorder::ignoresNonOutputs()
{
    Document::Notebook notebook;
    notebook.insertCell(0, Document::CellType::Code, "x");
    App::NotebookOutputSink sink(notebook);
    App::OutputRecorder recorder(sink);
    recorder.beginCell(0);
    recorder.record(0, message("status", {{"execution_state", "busy"}}));
    recorder.record(0, message("comm_open", {{"comm_id", "c"}, {"target_name", "t"}, {"data", json::object()}}));
    recorder.record(0, message("stream", {{"name", 5}, {"text", json::array()}})); // malformed: must not throw
    QCOMPARE(notebook.cells[0].outputs.size(), std::size_t(1));
    QCOMPARE(notebook.cells[0].outputs[0]["name"].get<std::string>(), std::string("stdout"));
}

QTEST_GUILESS_MAIN(TestOutputRecorder)
#include "tst_outputrecorder.moc"
