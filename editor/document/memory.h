#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace Notebench::Document::Detail {

/// Buffers at least this large are prefaulted in one system call (see prefaultForWrite).
inline constexpr std::size_t kPrefaultThreshold = 64 * 1024;

/// Maps the pages of a freshly allocated buffer in one madvise(MADV_POPULATE_WRITE) call. Faulting them in
/// one at a time dominates reading a notebook of large images on virtual machines (about 20 µs per 4 KiB
/// page on some). A no-op where unsupported; the buffer's contents are unaffected.
void prefaultForWrite(void* data, std::size_t size);

/// A std::string holding text, its memory prefaulted when large.
std::string copyLargeString(std::string_view text);

} // namespace Notebench::Document::Detail
