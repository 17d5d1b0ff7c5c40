#pragma once

#include "document/streamtext.h"
#include "protocol/message.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
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
    /// Called by OutputRecorder::flush() for each cell whose outputs changed, so a view can repaint it.
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
/// Consecutive stream messages of one name are coalesced as they come (nbconvert's
/// coalesce_streams, as JupyterLab shows them) into a StreamText that keeps a long stream's
/// middle in a spill file. Changes are batched: the sink hears of them only on flush(), which
/// the owner calls at most once a frame and when a cell finishes.
class OutputRecorder
{
public:
    /// Long streams spill into `spillDirectory`; none spill when it is empty.
    explicit OutputRecorder(OutputSink &sink, std::filesystem::path spillDirectory = {},
                            Document::StreamLimits limits = {});

    /// Starts recording for a cell: its outputs are emptied.
    void beginCell(std::size_t cellIndex);
    /// Applies one IOPub message whose parent is the cell's execute_request.
    void record(std::size_t cellIndex, const Protocol::Message &message);
    /// Writes the open stream's current state into its output and tells the sink which cells changed.
    void flush();
    /// Something changed since the last flush().
    bool hasPendingChanges() const { return !m_changed.empty(); }
    /// Applies update_display_data (and display-id'd outputs) to every cell that shows that id.
    void updateDisplay(const std::string &displayId, const nlohmann::json &data, const nlohmann::json &metadata);
    /// Cells were inserted, removed or moved: `map` gives a cell's new index, or -1 when it is gone,
    /// so display ids keep pointing at the cells that show them.
    void remapCells(const std::function<long(std::size_t)> &map);

private:
    struct OpenStream {
        std::size_t cell;
        std::size_t index; // of its output in the cell
        Document::StreamText text;
    };

    void clearDisplayIdsOf(std::size_t cellIndex);
    void clearOutputs(std::size_t cellIndex);
    void appendStream(std::size_t cellIndex, nlohmann::json &outputs, const nlohmann::json &content);
    /// Writes the open stream into its output, if that output is still where it was.
    void syncStream();

    OutputSink &m_sink;
    std::filesystem::path m_spillDirectory;
    Document::StreamLimits m_limits;
    std::optional<OpenStream> m_stream;
    bool m_streamDirty = false;
    // Outputs, snapshots being saved and the recovery journal's copies refer to spill files by
    // path: they live as long as the recorder (the tab, the headless run).
    std::vector<std::shared_ptr<Document::SpillFile>> m_spillFiles;
    std::set<std::size_t> m_changed;
    bool m_clearBeforeNextOutput = false;
    // display_id -> cell index -> output indices (nbclient _display_id_map)
    std::map<std::string, std::map<std::size_t, std::vector<std::size_t>>> m_displayIds;
};

/// Where long outputs spill: "long-outputs" in the app's cache directory (QStandardPaths).
std::filesystem::path defaultSpillDirectory();

/// nbformat output dict for an IOPub message, or null when the message is not an output
/// (nbformat.v4.output_from_msg).
nlohmann::json outputFromMessage(const Protocol::Message &message);

} // namespace Notebench::App
