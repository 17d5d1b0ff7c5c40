#include "completion/textoffsets.h"

#include <algorithm>

namespace Notebench::Completion {

namespace {
// A UTF-8 continuation byte (10xxxxxx) never starts a code point.
bool startsCodePoint(char byte)
{
    return (static_cast<unsigned char>(byte) & 0xC0) != 0x80;
}
} // namespace

int codePointsInUtf8(QByteArrayView utf8, qsizetype byteOffset)
{
    const qsizetype end = std::clamp<qsizetype>(byteOffset, 0, utf8.size());
    int count = 0;
    for (qsizetype i = 0; i < end; ++i)
        count += startsCodePoint(utf8[i]) ? 1 : 0;
    // An offset inside a multi-byte sequence has not reached that character yet.
    if (count > 0 && end < utf8.size() && !startsCodePoint(utf8[end]))
        --count;
    return count;
}

qsizetype utf8OffsetOfCodePoint(QByteArrayView utf8, int codePoint)
{
    if (codePoint <= 0)
        return 0;
    int seen = 0;
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        if (startsCodePoint(utf8[i]) && seen++ == codePoint)
            return i;
    }
    return utf8.size();
}

int codePointsInUtf16(QStringView text, qsizetype utf16Offset)
{
    const qsizetype end = std::clamp<qsizetype>(utf16Offset, 0, text.size());
    int count = 0;
    for (qsizetype i = 0; i < end; ++i)
        count += text[i].isLowSurrogate() && i > 0 && text[i - 1].isHighSurrogate() ? 0 : 1;
    // An offset between the two halves of a surrogate pair has not reached that character yet.
    if (end > 0 && end < text.size() && text[end - 1].isHighSurrogate() && text[end].isLowSurrogate())
        --count;
    return count;
}

qsizetype utf16OffsetOfCodePoint(QStringView text, int codePoint)
{
    qsizetype i = 0;
    for (int seen = 0; seen < codePoint && i < text.size(); ++seen)
        i += text[i].isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate() ? 2 : 1;
    return i;
}

} // namespace Notebench::Completion
