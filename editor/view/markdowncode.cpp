#include "view/markdowncode.h"

#include <unordered_map>

namespace Notebench::Editor {

namespace {

qsizetype runLength(QStringView text, qsizetype at, QChar mark)
{
    qsizetype end = at;
    while (end < text.size() && text[end] == mark)
        ++end;
    return end - at;
}

bool isBlank(QStringView line)
{
    return line.trimmed().isEmpty();
}

// Code spans of one paragraph: each backtick run opens a span that the next run of the same
// length closes. `next` links every run to the following run of its length, so a paragraph full
// of unmatched runs stays linear.
void addCodeSpans(QStringView text, qsizetype begin, qsizetype end, std::vector<MarkdownCodeRange>& out)
{
    struct Run {
        qsizetype at;
        qsizetype length;
    };
    std::vector<Run> runs;
    for (qsizetype i = begin; i < end;) {
        if (text[i] != u'`') {
            ++i;
            continue;
        }
        const qsizetype length = std::min(runLength(text, i, u'`'), end - i);
        if (i == begin || text[i - 1] != u'\\')   // an escaped backtick opens and closes nothing
            runs.push_back({i, length});
        i += length;
    }
    std::vector<std::size_t> next(runs.size(), runs.size());
    std::unordered_map<qsizetype, std::size_t> seen;
    for (std::size_t k = runs.size(); k-- > 0;) {
        if (const auto it = seen.find(runs[k].length); it != seen.end())
            next[k] = it->second;
        seen[runs[k].length] = k;
    }
    for (std::size_t k = 0; k < runs.size();) {
        if (next[k] == runs.size()) {
            ++k;   // unmatched: literal backticks
            continue;
        }
        const Run& close = runs[next[k]];
        out.push_back({runs[k].at, close.at + close.length, false});
        k = next[k] + 1;
    }
}

} // namespace

qsizetype MarkdownCode::indentation(QStringView line)
{
    qsizetype n = 0;
    while (n < line.size() && line[n] == u' ')
        ++n;
    return n;
}

MarkdownCode::Fence MarkdownCode::openingFence(QStringView line)
{
    const qsizetype indent = indentation(line);
    if (indent > 3 || indent >= line.size() || (line[indent] != u'`' && line[indent] != u'~'))
        return {};
    const QChar mark = line[indent];
    const qsizetype length = runLength(line, indent, mark);
    if (length < 3)
        return {};
    // CommonMark: a backtick fence's info string may not contain a backtick (it is a code span then).
    if (mark == u'`' && line.mid(indent + length).contains(u'`'))
        return {};
    return {mark.unicode(), length};
}

bool MarkdownCode::closesFence(QStringView line, Fence fence)
{
    const qsizetype indent = indentation(line);
    if (indent > 3 || indent >= line.size() || line[indent] != QChar(fence.mark))
        return false;
    const qsizetype length = runLength(line, indent, line[indent]);
    return length >= fence.length && isBlank(line.mid(indent + length));
}

std::vector<MarkdownCodeRange> MarkdownCode::ranges(QStringView text)
{
    std::vector<MarkdownCodeRange> out;
    qsizetype paragraph = -1;   // start of the paragraph being collected, -1 when none
    qsizetype fenceStart = -1;
    Fence fence;
    const auto endParagraph = [&](qsizetype at) {
        if (paragraph >= 0)
            addCodeSpans(text, paragraph, at, out);
        paragraph = -1;
    };
    for (qsizetype lineStart = 0; lineStart < text.size();) {
        qsizetype lineEnd = text.indexOf(u'\n', lineStart);
        if (lineEnd < 0)
            lineEnd = text.size();
        const QStringView line = text.mid(lineStart, lineEnd - lineStart);
        const qsizetype nextLine = std::min(lineEnd + 1, text.size());
        if (fenceStart >= 0) {
            if (closesFence(line, fence)) {
                out.push_back({fenceStart, lineEnd, true});
                fenceStart = -1;
            }
        } else if (const Fence opened = openingFence(line); opened.length > 0) {
            endParagraph(lineStart);
            fence = opened;
            fenceStart = lineStart;
        } else if (isBlank(line)) {
            endParagraph(lineStart);
        } else if (paragraph < 0) {
            paragraph = lineStart;
        }
        lineStart = nextLine;
    }
    if (fenceStart >= 0)
        out.push_back({fenceStart, text.size(), true});   // CommonMark: an unclosed fence runs to the end
    endParagraph(text.size());
    return out;
}

} // namespace Notebench::Editor
