#include "app/outputrecorder.h"

#include "document/notebook.h"
#include "kernel/jsonfields.h"

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

OutputRecorder::OutputRecorder(OutputSink &sink)
    : m_sink(sink)
{
}

void OutputRecorder::beginCell(std::size_t cellIndex)
{
    m_sink.outputs(cellIndex) = nlohmann::json::array();
    m_clearBeforeNextOutput = false;
    m_sink.outputsChanged(cellIndex);
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

    auto &outputs = m_sink.outputs(cellIndex);
    if (type == "clear_output") {
        if (Kernel::boolField(content, "wait")) {
            m_clearBeforeNextOutput = true;
        } else {
            outputs = nlohmann::json::array();
            clearDisplayIdsOf(cellIndex);
            m_sink.outputsChanged(cellIndex);
        }
        return;
    }
    if (type == "update_display_data" || type == "execute_input" || type == "status")
        return;

    auto output = outputFromMessage(message);
    if (output.is_null())
        return;
    if (m_clearBeforeNextOutput) {
        outputs = nlohmann::json::array();
        clearDisplayIdsOf(cellIndex);
        m_clearBeforeNextOutput = false;
    }
    if (!displayId.empty())
        m_displayIds[displayId][cellIndex].push_back(outputs.size());
    outputs.push_back(std::move(output));
    m_sink.outputsChanged(cellIndex);
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
            m_sink.outputsChanged(cellIndex);
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
