// OutputRecorder and coalesceStreams: the nbclient/nbconvert output rules, message by message.
#include "app/outputrecorder.h"
#include "document/notebook.h"
#include "document/outputstreams.h"
#include "document/streamtext.h"
#include "document/writer.h"

#include <QFile>
#include <QTemporaryDir>

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

/// Writes into a notebook like NotebookOutputSink and counts what the view would hear.
class CountingSink : public App::OutputSink
{
public:
    explicit CountingSink(Document::Notebook &notebook) : m_notebook(notebook) {}
    json &outputs(std::size_t cellIndex) override { return m_notebook.cells[cellIndex].outputs; }
    void setExecutionCount(std::size_t, long long) override {}
    void outputsChanged(std::size_t) override { ++notifications; }
    int notifications = 0;

private:
    Document::Notebook &m_notebook;
};
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
    void streamsCoalesceAsTheyArrive();
    void changesReachTheSinkOnlyOnFlush();
    void longStreamSpillsAndSavesWhole();
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

void TestOutputRecorder::streamsCoalesceAsTheyArrive()
{
    Document::Notebook notebook;
    notebook.insertCell(0, Document::CellType::Code, "x");
    App::NotebookOutputSink sink(notebook);
    App::OutputRecorder recorder(sink);
    recorder.beginCell(0);
    const std::vector<std::pair<std::string, std::string>> messages{
        {"stdout", "a"}, {"stdout", "b\r"}, {"stdout", "c\n10%\r"}, {"stdout", "20%\r"}, {"stdout", "\n"},
        {"stderr", "e\n"}, {"stdout", "x"}, {"stdout", "\ry\n"}};
    json separate = json::array();
    for (const auto &[name, text] : messages) {
        recorder.record(0, message("stream", {{"name", name}, {"text", text}}));
        separate.push_back(stream(name, text));
    }
    recorder.flush();
    Document::coalesceStreams(separate); // nbconvert's rule, applied once at the end
    QCOMPARE(QString::fromStdString(notebook.cells[0].outputs.dump()), QString::fromStdString(separate.dump()));
    QCOMPARE(notebook.cells[0].outputs.size(), std::size_t(3));
}

void TestOutputRecorder::changesReachTheSinkOnlyOnFlush()
{
    Document::Notebook notebook;
    notebook.insertCell(0, Document::CellType::Code, "x");
    CountingSink sink(notebook);
    App::OutputRecorder recorder(sink);
    recorder.beginCell(0);
    for (int i = 0; i < 1000; ++i)
        recorder.record(0, message("stream", {{"name", "stdout"}, {"text", std::to_string(i) + "\n"}}));
    QCOMPARE(sink.notifications, 0);
    QVERIFY(recorder.hasPendingChanges());
    recorder.flush();
    QCOMPARE(sink.notifications, 1); // one repaint for a thousand messages
    QVERIFY(!recorder.hasPendingChanges());
    QCOMPARE(notebook.cells[0].outputs.size(), std::size_t(1));
    QVERIFY(notebook.cells[0].outputs[0]["text"].get<std::string>().size() > 3000);
}

void TestOutputRecorder::longStreamSpillsAndSavesWhole()
{
    QTemporaryDir spill;
    QVERIFY(spill.isValid());
    Document::Notebook notebook;
    notebook.insertCell(0, Document::CellType::Code, "for i in range(5000): print(i)");
    std::string file;
    std::string all;
    {
        App::NotebookOutputSink sink(notebook);
        App::OutputRecorder recorder(sink, spill.path().toStdString(), Document::StreamLimits{10, 1000, 10, 1000});
        recorder.beginCell(0);
        for (int i = 0; i < 5000; i += 100) {
            std::string text;
            for (int j = i; j < i + 100; ++j)
                text += std::to_string(j) + "\n";
            all += text;
            recorder.record(0, message("stream", {{"name", "stdout"}, {"text", text}}));
        }
        recorder.flush();
        const auto &output = notebook.cells[0].outputs.at(0);
        QVERIFY(Document::isElidedStream(output));
        QCOMPARE(output[Document::kElidedKey]["lines"].get<std::uint64_t>(), std::uint64_t(5000 - 20));
        QVERIFY2(output.dump().size() < 500, "the model holds head and tail only");
        file = output[Document::kElidedKey]["file"].get<std::string>();
        QVERIFY(QFile::exists(QString::fromStdString(file)));
        Document::Notebook plain = notebook;
        plain.cells[0].outputs = json::array({stream("stdout", all)});
        QCOMPARE(Document::writeNotebook(notebook), Document::writeNotebook(plain));
    }
    QVERIFY2(!QFile::exists(QString::fromStdString(file)), "spill files go with the recorder");
}

QTEST_GUILESS_MAIN(TestOutputRecorder)
#include "tst_outputrecorder.moc"
