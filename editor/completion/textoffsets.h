#pragma once

#include <QByteArrayView>
#include <QStringView>

namespace Notebench::Completion {

/// Three ways to count a position in a cell: QScintilla counts UTF-8 bytes, Qt counts UTF-16
/// units, and the Jupyter messaging spec (5.2+) counts Unicode code points (jupyter/notebook#2509).
/// Offsets out of range are clamped, and an offset inside a character counts that character as
/// not yet reached, so bad input never yields a position outside the text.

/// Code points in the first `byteOffset` bytes of UTF-8 text.
int codePointsInUtf8(QByteArrayView utf8, qsizetype byteOffset);
/// The byte offset at which code point number `codePoint` starts (the size past the end).
qsizetype utf8OffsetOfCodePoint(QByteArrayView utf8, int codePoint);
/// Code points in the first `utf16Offset` UTF-16 units.
int codePointsInUtf16(QStringView text, qsizetype utf16Offset);
/// The UTF-16 offset at which code point number `codePoint` starts (the size past the end).
qsizetype utf16OffsetOfCodePoint(QStringView text, int codePoint);

} // namespace Notebench::Completion
