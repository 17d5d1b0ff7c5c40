#include "atomicfile.h"

#include "notebook.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

#ifdef _WIN32
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>
#else
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace Notebench::Document {

namespace {

std::filesystem::path resolveTarget(const std::filesystem::path& path)
{
    std::error_code error;
    if (std::filesystem::is_symlink(path, error)) {
        std::filesystem::path resolved = std::filesystem::canonical(path, error);
        if (!error)
            return resolved;
    }
    return path;
}

// The name starts with '.' so file browsers and sync tools skip it (jupyter/notebook PR #45).
std::filesystem::path temporaryPathFor(const std::filesystem::path& target)
{
    std::string name(1, '.');
    name.append(target.filename().string()).append(".notebench-").append(newCellId()).append(".tmp");
    return target.parent_path() / name;
}

std::string directoryOf(const std::filesystem::path& target)
{
    return target.parent_path().empty() ? std::string(".") : target.parent_path().string();
}

std::string systemError()
{
#ifdef _WIN32
    return std::system_category().message(static_cast<int>(GetLastError()));
#else
    return std::strerror(errno);
#endif
}

} // namespace

AtomicFile::AtomicFile(std::filesystem::path target) : m_path(std::move(target)) {}

AtomicFile::~AtomicFile()
{
    discard();
}

void AtomicFile::fail(const std::string& problem)
{
    if (m_error.empty())
        m_error = "Could not save " + m_path.string() + ": " + problem + ".";
    discard();
}

#ifdef _WIN32

bool AtomicFile::open()
{
    m_target = resolveTarget(m_path);
    m_temp = temporaryPathFor(m_target);
    HANDLE file = CreateFileW(m_temp.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (file == INVALID_HANDLE_VALUE) {
        m_temp.clear();
        fail("cannot create a temporary file in " + directoryOf(m_target) + " (" + systemError() + ")");
        return false;
    }
    m_handle = file;
    return true;
}

bool AtomicFile::write(std::string_view bytes)
{
    while (m_handle != nullptr && !bytes.empty()) {
        const DWORD chunk = static_cast<DWORD>(std::min<std::size_t>(bytes.size(), 1u << 30));
        DWORD done = 0;
        if (!WriteFile(static_cast<HANDLE>(m_handle), bytes.data(), chunk, &done, nullptr)) {
            fail("writing failed (" + systemError() + ")");
            return false;
        }
        bytes.remove_prefix(done);
    }
    return m_handle != nullptr;
}

bool AtomicFile::commit()
{
    if (m_handle == nullptr)
        return false;
    if (!FlushFileBuffers(static_cast<HANDLE>(m_handle))) {
        fail("flushing to disk failed (" + systemError() + ")");
        return false;
    }
    CloseHandle(static_cast<HANDLE>(m_handle));
    m_handle = nullptr;
    // REPLACE_EXISTING swaps the target in one step; WRITE_THROUGH returns once the move is on disk.
    if (!MoveFileExW(m_temp.c_str(), m_target.c_str(), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
        fail("replacing the file failed (" + systemError() + ")");
        return false;
    }
    m_temp.clear();
    return true;
}

void AtomicFile::discard()
{
    if (m_handle != nullptr)
        CloseHandle(static_cast<HANDLE>(m_handle));
    m_handle = nullptr;
    if (!m_temp.empty())
        DeleteFileW(m_temp.c_str());
    m_temp.clear();
}

#else

bool AtomicFile::open()
{
    m_target = resolveTarget(m_path);
    m_temp = temporaryPathFor(m_target);
    // 0666 lets the umask decide a new file's permissions, as for any ordinary save.
    m_fd = ::open(m_temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (m_fd < 0) {
        m_temp.clear();
        fail("cannot create a temporary file in " + directoryOf(m_target) + " (" + systemError() + ")");
        return false;
    }
    return true;
}

bool AtomicFile::write(std::string_view bytes)
{
    while (m_fd >= 0 && !bytes.empty()) {
        const ssize_t done = ::write(m_fd, bytes.data(), bytes.size());
        if (done < 0 && errno == EINTR)
            continue;
        if (done < 0) {
            fail("writing failed (" + systemError() + ")");
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(done));
    }
    return m_fd >= 0;
}

bool AtomicFile::commit()
{
    if (m_fd < 0)
        return false;
    struct stat existing {};
    if (::stat(m_target.c_str(), &existing) == 0 && ::fchmod(m_fd, existing.st_mode & 07777) != 0) {
        fail("cannot keep the file's permissions (" + systemError() + ")");
        return false;
    }
    if (::fsync(m_fd) != 0) {
        fail("flushing to disk failed (" + systemError() + ")");
        return false;
    }
    const int fd = m_fd;
    m_fd = -1;
    if (::close(fd) != 0) {
        fail("writing failed (" + systemError() + ")");
        return false;
    }
    if (::rename(m_temp.c_str(), m_target.c_str()) != 0) {
        fail("replacing the file failed (" + systemError() + ")");
        return false;
    }
    m_temp.clear();
    // Make the rename itself durable; a failure here cannot undo the completed replacement.
    const int directory = ::open(directoryOf(m_target).c_str(), O_RDONLY | O_CLOEXEC);
    if (directory >= 0) {
        ::fsync(directory);
        ::close(directory);
    }
    return true;
}

void AtomicFile::discard()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
    if (!m_temp.empty())
        ::unlink(m_temp.c_str());
    m_temp.clear();
}

#endif

} // namespace Notebench::Document
