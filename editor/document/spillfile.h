#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace Notebench::Document {

/// The middle of a long stream output, kept on disk instead of in memory: an append-only file,
/// removed when its owner (the recorder of a window's or a headless run's outputs) lets it go.
/// Bytes once written never change, so a copy of a document that remembers how many bytes it
/// refers to can read them on another thread while the stream goes on appending.
class SpillFile {
public:
    /// A new empty file with a fresh name in `directory` (created when missing); null and a
    /// sentence in `error` when that is not possible.
    static std::shared_ptr<SpillFile> create(const std::filesystem::path& directory, std::string* error = nullptr);
    ~SpillFile();
    SpillFile(const SpillFile&) = delete;
    SpillFile& operator=(const SpillFile&) = delete;

    /// Appends and flushes to the OS, so readers see the bytes; false on a write error (disk full).
    bool append(std::string_view bytes);
    std::uint64_t size() const { return m_size; }
    const std::filesystem::path& path() const { return m_path; }
    /// Hands the first `length` bytes of the file at `path` to sink in pieces of about 1 MiB, each
    /// ending after a '\n' when the data has one (the last piece gets the rest). Opens its own
    /// handle, so it may run on any thread. False when the file cannot be read or is shorter.
    static bool read(const std::filesystem::path& path, std::uint64_t length,
                     const std::function<void(std::string_view)>& sink);

private:
    SpillFile(std::filesystem::path path, std::FILE* file) : m_path(std::move(path)), m_file(file) {}

    std::filesystem::path m_path;
    std::FILE* m_file;
    std::uint64_t m_size = 0;
};

} // namespace Notebench::Document
