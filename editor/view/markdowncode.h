#pragma once

#include <QStringView>

#include <vector>

namespace Notebench::Editor {

/// A stretch of markdown source that markdown shows verbatim: [begin, end) in UTF-16 units.
struct MarkdownCodeRange {
    qsizetype begin = 0;
    qsizetype end = 0;
    bool fenced = false;   ///< a ``` or ~~~ block (whole lines, fences included); else a `code span`
    bool operator==(const MarkdownCodeRange&) const = default;
};

/// Finds the code in markdown source, so that the passes which run before the markdown parser
/// (math protection, heading scans, HTML fixes) leave it alone. CommonMark's rules, simplified:
/// a fence is 3+ backticks or tildes indented at most 3 spaces and runs to a closing fence of the
/// same kind and at least its length, or to the end; a code span is a backtick run closed by the
/// next run of the same length within its paragraph. Linear in the length of the text.
class MarkdownCode {
public:
    /// Sorted, non-overlapping.
    static std::vector<MarkdownCodeRange> ranges(QStringView text);
    /// Fence character and length when `line` opens a fenced block, else {0, 0}.
    struct Fence {
        char16_t mark = 0;
        qsizetype length = 0;
    };
    static Fence openingFence(QStringView line);
    static bool closesFence(QStringView line, Fence fence);
    /// The spaces a line starts with (CommonMark's block rules allow at most 3 before a marker).
    static qsizetype indentation(QStringView line);
};

} // namespace Notebench::Editor
