#pragma once

#include "protocol/message.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace Notebench::Document {
struct Notebook;
}

namespace Notebench::App {

/// Where recorded outputs go: a plain notebook for headless runs, the editor's model in the window.
class OutputSink
{
public:
    virtual ~OutputSink() = default;
    /// The cell's nbformat outputs array, to be changed in place.
    virtual nlohmann::json &outputs(std::size_t cellIndex) = 0;
    virtual void setExecutionCount(std::size_t cellIndex, long long count) = 0;
    /// Called after every change to a cell's outputs, so a view can repaint it.
    virtual void outputsChanged(std::size_t cellIndex) = 0;
};

/// The sink for headless runs: writes straight into a Document::Notebook.
class NotebookOutputSink : public OutputSink
{
public:
    explicit NotebookOutputSink(Document::Notebook &notebook) : m_notebook(notebook) {}
    nlohmann::json &outputs(std::size_t cellIndex) override;
    void setExecutionCount(std::size_t cellIndex, long long count) override;
    void outputsChanged(std::size_t) override {}

private:
    Document::Notebook &m_notebook;
};

/// Turns a kernel's IOPub messages into nbformat outputs on a notebook's cells — the one place
/// where protocol messages become document outputs. Follows nbclient's process_message/output:
/// display ids are tracked across cells, clear_output(wait=True) clears before the next output.
class OutputRecorder
{
public:
    explicit OutputRecorder(OutputSink &sink);

    /// Starts recording for a cell: its outputs are emptied.
    void beginCell(std::size_t cellIndex);
    /// Applies one IOPub message whose parent is the cell's execute_request.
    void record(std::size_t cellIndex, const Protocol::Message &message);
    /// Applies update_display_data (and display-id'd outputs) to every cell that shows that id.
    void updateDisplay(const std::string &displayId, const nlohmann::json &data, const nlohmann::json &metadata);
    /// Cells were inserted, removed or moved: `map` gives a cell's new index, or -1 when it is gone,
    /// so display ids keep pointing at the cells that show them.
    void remapCells(const std::function<long(std::size_t)> &map);

private:
    void clearDisplayIdsOf(std::size_t cellIndex);

    OutputSink &m_sink;
    bool m_clearBeforeNextOutput = false;
    // display_id -> cell index -> output indices (nbclient _display_id_map)
    std::map<std::string, std::map<std::size_t, std::vector<std::size_t>>> m_displayIds;
};

/// nbformat output dict for an IOPub message, or null when the message is not an output
/// (nbformat.v4.output_from_msg).
nlohmann::json outputFromMessage(const Protocol::Message &message);

} // namespace Notebench::App
