#include "memory.h"

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

#include <cstdint>

namespace Notebench::Document::Detail {

void prefaultForWrite(void* data, std::size_t size)
{
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
    if (size < kPrefaultThreshold)
        return;
    static const auto pageSize = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    // madvise needs a page-aligned start; the rounded range stays inside pages the allocation already owns.
    const auto begin = reinterpret_cast<std::uintptr_t>(data) & ~(pageSize - 1);
    const auto end = reinterpret_cast<std::uintptr_t>(data) + size;
    ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_WRITE); // failure only costs speed
#else
    (void)data;
    (void)size;
#endif
}

std::string copyLargeString(std::string_view text)
{
    std::string copy;
    copy.reserve(text.size());
    prefaultForWrite(copy.data(), text.size());
    copy.append(text);
    return copy;
}

} // namespace Notebench::Document::Detail
