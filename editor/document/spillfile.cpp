#include "spillfile.h"

#include <array>
#include <cstdio>
#include <random>
#include <system_error>

namespace Notebench::Document {

namespace {
constexpr std::size_t kReadChunk = 1 << 20;

std::string randomName()
{
    std::random_device device;
    std::uniform_int_distribution<unsigned> digit(0, 15);
    std::string name = "stream-";
    for (int i = 0; i < 16; ++i)
        name += "0123456789abcdef"[digit(device)];
    return name + ".txt";
}
} // namespace

std::shared_ptr<SpillFile> SpillFile::create(const std::filesystem::path& directory, std::string* error)
{
    std::error_code code;
    std::filesystem::create_directories(directory, code);
    for (int attempt = 0; attempt < 8; ++attempt) {
        const auto path = directory / randomName();
        // "x": fails rather than open a file someone else made under that name (C11 exclusive mode).
        if (std::FILE* file = std::fopen(path.string().c_str(), "wbx"))
            return std::shared_ptr<SpillFile>(new SpillFile(path, file));
    }
    if (error)
        *error = "Could not create a file for a long output in " + directory.string() + ".";
    return nullptr;
}

SpillFile::~SpillFile()
{
    std::fclose(m_file);
    std::error_code ignored; // a file already gone is what we want anyway
    std::filesystem::remove(m_path, ignored);
}

bool SpillFile::append(std::string_view bytes)
{
    if (bytes.empty())
        return true;
    if (std::fwrite(bytes.data(), 1, bytes.size(), m_file) != bytes.size() || std::fflush(m_file) != 0)
        return false;
    m_size += bytes.size();
    return true;
}

bool SpillFile::read(const std::filesystem::path& path, std::uint64_t length,
                     const std::function<void(std::string_view)>& sink)
{
    if (length == 0)
        return true;
    std::FILE* file = std::fopen(path.string().c_str(), "rb");
    if (!file)
        return false;
    std::string buffer;
    std::string chunk(kReadChunk, '\0');
    std::uint64_t left = length;
    bool ok = true;
    while (left > 0) {
        const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(left, kReadChunk));
        const std::size_t got = std::fread(chunk.data(), 1, want, file);
        if (got == 0) {
            ok = false; // shorter than promised: the file was truncated or removed behind our back
            break;
        }
        left -= got;
        buffer.append(chunk.data(), got);
        const auto lastNewline = buffer.rfind('\n');
        if (left > 0 && lastNewline != std::string::npos && lastNewline + 1 < buffer.size()) {
            sink(std::string_view(buffer).substr(0, lastNewline + 1));
            buffer.erase(0, lastNewline + 1);
        } else if (left > 0 && lastNewline == buffer.size() - 1) {
            sink(buffer);
            buffer.clear();
        }
    }
    if (ok && !buffer.empty())
        sink(buffer);
    std::fclose(file);
    return ok;
}

} // namespace Notebench::Document
