#pragma once

#include "spillfile.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace Notebench::Document {

/// How much of a long stream stays in memory: its first lines (the head) and its last (the tail).
/// What lies between goes to a SpillFile. The view lays out head and tail again on every update
/// (measured: 2,000 lines took 40-60 ms on a loaded 2-core machine, over the 50 ms stall budget),
/// so they are kept to a few hundred lines: a traceback or the latest lines of a training log
/// still show whole, and the rest is one click away.
struct StreamLimits {
    std::size_t headLines = 200;
    std::size_t headBytes = 64 * 1024;
    std::size_t tailLines = 400;
    std::size_t tailBytes = 128 * 1024;
};

/// The key of a stream output that keeps its middle in a spill file. Its value is an object:
/// "file" (the spill file's path), "lines" and "bytes" (how much of the file is this output's
/// middle: the file may have grown since) and "tail" (the text after the middle). The output's
/// "text" then holds only the head. The writer puts the whole text back; views show the head, a
/// line for the middle, then the tail. Never read from a file: the reader drops the key, so a
/// notebook cannot point the writer at a file of its choosing.
inline constexpr const char* kElidedKey = "notebench_elided";

/// One stream output (stdout or stderr of a cell) as it arrives, message by message, read the way
/// nbconvert's coalesce_streams reads consecutive stream outputs of one name: concatenated, and
/// `.*\r(?=[^\n])` removed (a '\r' followed by anything but '\n' erases its line up to there).
/// That rule never reaches past a '\n', so complete lines are settled as they arrive; only the
/// last, unfinished line stays open. Settled lines fill the head, then the tail; once the tail is
/// over its limit its oldest lines are appended to the spill file. Without a spill directory, or
/// if the file cannot be written, nothing is spilled: the tail keeps everything (never data lost).
class StreamText {
public:
    StreamText(std::string name, std::filesystem::path spillDirectory, StreamLimits limits = {});

    const std::string& name() const { return m_name; }
    void append(std::string_view text);

    /// The nbformat stream output for the model: plain while everything is in memory, with
    /// kElidedKey once a middle was spilled.
    nlohmann::json output() const;
    /// The spill file, null until the first spill. Whoever records the stream keeps it alive as
    /// long as documents may refer to it (the file is removed with its last owner).
    std::shared_ptr<SpillFile> spillFile() const { return m_spill; }
    bool isElided() const { return m_spilledBytes > 0; }
    /// The whole text as coalesce_streams would leave it (reads the spill file; for tests and copies).
    std::string text() const;
    /// The last spill error ("" when none): the text is then kept in memory instead.
    const std::string& spillError() const { return m_spillError; }

private:
    void settle(std::string_view line);
    void trimTail();
    std::string_view tail() const { return std::string_view(m_tail).substr(m_tailStart); }

    std::string m_name;
    std::filesystem::path m_spillDirectory;
    StreamLimits m_limits;
    std::string m_head;
    std::size_t m_headLines = 0;
    bool m_headFull = false;
    std::string m_tail;                   // settled lines after the head; those before m_tailStart left
    std::size_t m_tailStart = 0;
    std::deque<std::size_t> m_tailLines;  // length of each line in the tail, oldest first
    std::string m_open;                   // the unfinished last line, '\r' rule applied so far
    std::shared_ptr<SpillFile> m_spill;
    std::uint64_t m_spilledBytes = 0;
    std::uint64_t m_spilledLines = 0;
    std::string m_spillError;
};

/// The whole text of a stream output held as head + spill + tail (see kElidedKey), handed to sink
/// in pieces that each end after a '\n' (except perhaps the last). Plain outputs give their "text".
/// False when the spill cannot be read; the pieces given so far are then incomplete.
bool forEachStreamPiece(const nlohmann::json& output, const std::function<void(std::string_view)>& sink);
/// True when the output is a stream whose middle lies in a spill file.
bool isElidedStream(const nlohmann::json& output);

} // namespace Notebench::Document
