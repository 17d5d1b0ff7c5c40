#include "streamtext.h"

#include <algorithm>
#include <cstring>

namespace Notebench::Document {

namespace {
/// Where the last `.*\r(?=[^\n])` match within one line ends, or npos: the '\r' followed by a
/// character other than '\n' that is furthest along.
std::size_t lastOverwrite(std::string_view line)
{
    if (std::memchr(line.data(), '\r', line.size()) == nullptr)
        return std::string_view::npos;
    for (std::size_t i = line.size() - 1; i-- > 0;) {
        if (line[i] == '\r' && line[i + 1] != '\n')
            return i;
    }
    return std::string_view::npos;
}

std::string stringAt(const nlohmann::json& object, const char* key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}
} // namespace

StreamText::StreamText(std::string name, std::filesystem::path spillDirectory, StreamLimits limits)
    : m_name(std::move(name))
    , m_spillDirectory(std::move(spillDirectory))
    , m_limits(limits)
{
}

void StreamText::append(std::string_view text)
{
    while (!text.empty()) {
        // A '\r' that ended the last piece: the character after it decides, as the regex's lookahead does.
        if (!m_open.empty() && m_open.back() == '\r' && text.front() != '\n')
            m_open.clear();
        const std::size_t newline = text.find('\n');
        std::string_view piece = text.substr(0, newline == std::string_view::npos ? text.size() : newline + 1);
        text.remove_prefix(piece.size());
        if (const std::size_t cut = lastOverwrite(piece); cut != std::string_view::npos) {
            m_open.clear();
            piece.remove_prefix(cut + 1);
        }
        if (m_open.empty() && !piece.empty() && piece.back() == '\n') {
            settle(piece); // the common case: a whole line, never copied into m_open
            continue;
        }
        m_open.append(piece);
        if (!m_open.empty() && m_open.back() == '\n') {
            settle(m_open);
            m_open.clear();
        }
    }
    trimTail();
}

void StreamText::settle(std::string_view line)
{
    if (!m_headFull) {
        if (m_headLines < m_limits.headLines && m_head.size() + line.size() <= m_limits.headBytes) {
            m_head.append(line);
            ++m_headLines;
            return;
        }
        m_headFull = true;
    }
    m_tail.append(line);
    m_tailLines.push_back(line.size());
}

void StreamText::trimTail()
{
    if (m_spillDirectory.empty() || !m_spillError.empty())
        return;
    std::size_t tailBytes = m_tail.size() - m_tailStart;
    std::size_t spillBytes = 0;
    std::size_t spillLines = 0;
    // The newest line always stays, however long: the tail is what a user sees last.
    while (m_tailLines.size() - spillLines > 1
           && (m_tailLines.size() - spillLines > m_limits.tailLines || tailBytes > m_limits.tailBytes)) {
        spillBytes += m_tailLines[spillLines];
        tailBytes -= m_tailLines[spillLines];
        ++spillLines;
    }
    if (spillLines == 0)
        return;
    if (!m_spill)
        m_spill = SpillFile::create(m_spillDirectory, &m_spillError);
    if (!m_spill)
        return; // create() said why in m_spillError; the tail keeps everything from now on
    if (!m_spill->append(std::string_view(m_tail).substr(m_tailStart, spillBytes))) {
        m_spillError = "Could not write " + m_spill->path().string() + "; the output stays in memory.";
        return;
    }
    m_spilledBytes += spillBytes;
    m_spilledLines += spillLines;
    m_tailStart += spillBytes;
    m_tailLines.erase(m_tailLines.begin(), m_tailLines.begin() + static_cast<std::ptrdiff_t>(spillLines));
    // Dropping the spilled prefix only now and then keeps appends amortised O(1) per byte.
    if (m_tailStart > m_tail.size() / 2) {
        m_tail.erase(0, m_tailStart);
        m_tailStart = 0;
    }
}

nlohmann::json StreamText::output() const
{
    nlohmann::json output = {{"output_type", "stream"}, {"name", m_name}};
    if (!isElided()) {
        std::string text;
        text.reserve(m_head.size() + tail().size() + m_open.size());
        text.append(m_head).append(tail()).append(m_open);
        output["text"] = std::move(text);
        return output;
    }
    output["text"] = m_head;
    std::string last;
    last.reserve(tail().size() + m_open.size());
    last.append(tail()).append(m_open);
    output[kElidedKey] = {{"file", m_spill->path().string()}, {"lines", m_spilledLines}, {"bytes", m_spilledBytes}, {"tail", std::move(last)}};
    return output;
}

std::string StreamText::text() const
{
    std::string text;
    forEachStreamPiece(output(), [&](std::string_view piece) { text.append(piece); });
    return text;
}

bool isElidedStream(const nlohmann::json& output)
{
    if (!output.is_object())
        return false;
    const auto elided = output.find(kElidedKey);
    return elided != output.end() && elided->is_object() && stringAt(output, "output_type") == "stream";
}

bool forEachStreamPiece(const nlohmann::json& output, const std::function<void(std::string_view)>& sink)
{
    if (!output.is_object())
        return true;
    sink(stringAt(output, "text"));
    if (!isElidedStream(output))
        return true;
    const auto& elided = output[kElidedKey];
    const auto bytes = elided.find("bytes");
    const bool read = bytes != elided.end() && bytes->is_number_unsigned()
                      && SpillFile::read(stringAt(elided, "file"), bytes->get<std::uint64_t>(), sink);
    sink(stringAt(elided, "tail"));
    return read;
}

} // namespace Notebench::Document
