#include "app/outputrecorder.h"

#include "document/notebook.h"
#include "kernel/jsonfields.h"

#include <QStandardPaths>

namespace Notebench::App {

namespace {
nlohmann::json objectOr(const nlohmann::json &content, const char *key)
{
    const auto it = content.find(key);
    return it != content.end() && it->is_object() ? *it : nlohmann::json::object();
}

std::string displayIdOf(const nlohmann::json &content)
{
    const auto transient = content.find("transient");
    if (transient == content.end() || !transient->is_object())
        return {};
    const auto id = transient->find("display_id");
    return id != transient->end() && id->is_string() ? id->get<std::string>() : std::string();
}

} // namespace

std::filesystem::path defaultSpillDirectory()
{
    const QString cache = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    return std::filesystem::path(cache.toStdU16String()) / "long-outputs";
}

nlohmann::json outputFromMessage(const Protocol::Message &message)
{
    const std::string type = message.msgType();
    const auto &content = message.content;
    if (!content.is_object())
        return nullptr;
    if (type == "stream") {
        return {{"output_type", "stream"},
                {"name", Kernel::stringField(content, "name", "stdout")},
                {"text", Kernel::stringField(content, "text")}};
    }
    if (type == "display_data" || type == "update_display_data") {
        return {{"output_type", "display_data"}, {"data", objectOr(content, "data")}, {"metadata", objectOr(content, "metadata")}};
    }
    if (type == "execute_result") {
        const auto count = content.find("execution_count");
        return {{"output_type", "execute_result"},
                {"data", objectOr(content, "data")},
                {"metadata", objectOr(content, "metadata")},
                {"execution_count", count != content.end() && count->is_number_integer() ? *count : nlohmann::json()}};
    }
    if (type == "error") {
        const auto traceback = content.find("traceback");
        return {{"output_type", "error"},
                {"ename", Kernel::stringField(content, "ename")},
                {"evalue", Kernel::stringField(content, "evalue")},
                {"traceback", traceback != content.end() && traceback->is_array() ? *traceback : nlohmann::json::array()}};
    }
    return nullptr;
}

nlohmann::json &NotebookOutputSink::outputs(std::size_t cellIndex)
{
    return m_notebook.cells[cellIndex].outputs;
}

void NotebookOutputSink::setExecutionCount(std::size_t cellIndex, long long count)
{
    m_notebook.cells[cellIndex].executionCount = count;
}

OutputRecorder::OutputRecorder(OutputSink &sink, std::filesystem::path spillDirectory, Document::StreamLimits limits)
    : m_sink(sink)
    , m_spillDirectory(std::move(spillDirectory))
    , m_limits(limits)
{
}

void OutputRecorder::beginCell(std::size_t cellIndex)
{
    flush(); // the previous cell's stream is written out before a new one opens
    m_stream.reset();
    m_sink.outputs(cellIndex) = nlohmann::json::array();
    m_clearBeforeNextOutput = false;
    m_changed.insert(cellIndex);
}

void OutputRecorder::clearOutputs(std::size_t cellIndex)
{
    if (m_stream && m_stream->cell == cellIndex)
        m_stream.reset();
    m_sink.outputs(cellIndex) = nlohmann::json::array();
    clearDisplayIdsOf(cellIndex);
    m_changed.insert(cellIndex);
}

void OutputRecorder::appendStream(std::size_t cellIndex, nlohmann::json &outputs, const nlohmann::json &content)
{
    const std::string name = Kernel::stringField(content, "name", "stdout");
    // Still the last output of this cell, of the same name: coalesce_streams would merge them.
    const bool continues = m_stream && m_stream->cell == cellIndex && m_stream->index + 1 == outputs.size()
                           && m_stream->text.name() == name;
    if (!continues) {
        syncStream();
        m_stream.emplace(OpenStream{cellIndex, outputs.size(), Document::StreamText(name, m_spillDirectory, m_limits)});
        outputs.push_back(nlohmann::json::object());
    }
    const bool hadSpill = m_stream->text.spillFile() != nullptr;
    m_stream->text.append(Kernel::stringField(content, "text"));
    if (!hadSpill && m_stream->text.spillFile())
        m_spillFiles.push_back(m_stream->text.spillFile());
    m_streamDirty = true;
    m_changed.insert(cellIndex);
    if (!continues)
        syncStream(); // the new output is a valid stream at once, for anyone who reads before flush()
}

void OutputRecorder::syncStream()
{
    if (!m_stream || !std::exchange(m_streamDirty, false))
        return;
    auto &outputs = m_sink.outputs(m_stream->cell);
    if (m_stream->index < outputs.size())
        outputs[m_stream->index] = m_stream->text.output();
    else
        m_stream.reset(); // the outputs were cleared under it (Clear Outputs while it ran)
}

void OutputRecorder::flush()
{
    syncStream();
    for (const std::size_t cell : std::exchange(m_changed, {}))
        m_sink.outputsChanged(cell);
}

void OutputRecorder::record(std::size_t cellIndex, const Protocol::Message &message)
{
    const std::string type = message.msgType();
    const auto &content = message.content;
    if (!content.is_object())
        return;

    const std::string displayId = displayIdOf(content);
    if (!displayId.empty() && (type == "execute_result" || type == "display_data" || type == "update_display_data"))
        updateDisplay(displayId, objectOr(content, "data"), objectOr(content, "metadata"));

    if (const auto count = content.find("execution_count"); count != content.end() && count->is_number_integer())
        m_sink.setExecutionCount(cellIndex, count->get<long long>());

    if (type == "clear_output") {
        if (Kernel::boolField(content, "wait"))
            m_clearBeforeNextOutput = true;
        else
            clearOutputs(cellIndex);
        return;
    }
    if (type == "update_display_data" || type == "execute_input" || type == "status")
        return;

    auto output = outputFromMessage(message);
    if (output.is_null())
        return;
    if (std::exchange(m_clearBeforeNextOutput, false))
        clearOutputs(cellIndex);
    auto &outputs = m_sink.outputs(cellIndex);
    if (type == "stream") {
        appendStream(cellIndex, outputs, content);
        return;
    }
    if (m_stream && m_stream->cell == cellIndex) {
        syncStream(); // closed: the next stream starts a new output after this one
        m_stream.reset();
    }
    if (!displayId.empty())
        m_displayIds[displayId][cellIndex].push_back(outputs.size());
    outputs.push_back(std::move(output));
    m_changed.insert(cellIndex);
}

void OutputRecorder::updateDisplay(const std::string &displayId, const nlohmann::json &data, const nlohmann::json &metadata)
{
    const auto found = m_displayIds.find(displayId);
    if (found == m_displayIds.end())
        return;
    for (const auto &[cellIndex, outputIndices] : found->second) {
        auto &outputs = m_sink.outputs(cellIndex);
        for (const auto index : outputIndices) {
            if (index < outputs.size()) {
                outputs[index]["data"] = data;
                outputs[index]["metadata"] = metadata;
            }
        }
        if (!outputIndices.empty())
            m_changed.insert(cellIndex);
    }
}

void OutputRecorder::clearDisplayIdsOf(std::size_t cellIndex)
{
    for (auto &[id, cells] : m_displayIds) {
        if (auto it = cells.find(cellIndex); it != cells.end())
            it->second.clear();
    }
}

void OutputRecorder::remapCells(const std::function<long(std::size_t)> &map)
{
    if (m_stream) {
        if (const long to = map(m_stream->cell); to >= 0)
            m_stream->cell = std::size_t(to);
        else
            m_stream.reset();
    }
    std::set<std::size_t> changed;
    for (const std::size_t cell : m_changed) {
        if (const long to = map(cell); to >= 0)
            changed.insert(std::size_t(to));
    }
    m_changed = std::move(changed);
    for (auto &[displayId, cells] : m_displayIds) {
        std::map<std::size_t, std::vector<std::size_t>> moved;
        for (auto &[cellIndex, outputIndices] : cells) {
            if (const long to = map(cellIndex); to >= 0)
                moved[std::size_t(to)] = std::move(outputIndices);
        }
        cells = std::move(moved);
    }
}

} // namespace Notebench::App
