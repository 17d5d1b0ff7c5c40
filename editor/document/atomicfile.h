#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace Notebench::Document {

/// Replaces a file so that readers see either the old contents or the new, never a mix (like QSaveFile):
/// bytes go to a temporary file in the same directory, commit() fsyncs it, renames it over the target and
/// fsyncs the directory. A symlinked target is written through the link; an existing file's permissions
/// are kept. Destroying an uncommitted AtomicFile removes the temporary file and leaves the target untouched.
class AtomicFile {
public:
    explicit AtomicFile(std::filesystem::path target);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    /// Creates the temporary file; false (see error()) when that is impossible, e.g. a read-only directory.
    bool open();
    /// Appends bytes; false after the first failure.
    bool write(std::string_view bytes);
    /// Makes the new contents the target's; false (see error()) leaves the target as it was.
    bool commit();
    /// "" or a sentence naming the file and the problem.
    const std::string& error() const { return m_error; }

private:
    void fail(const std::string& problem);
    void discard();

    std::filesystem::path m_path;   // as the caller named it, for messages
    std::filesystem::path m_target; // symlinks resolved
    std::filesystem::path m_temp;
    std::string m_error;
#ifdef _WIN32
    void* m_handle = nullptr;
#else
    int m_fd = -1;
#endif
};

} // namespace Notebench::Document
