#include "view/markdownheadings.h"

#include "view/markdowncode.h"
#include "view/markdownmath.h"

#include <QRegularExpression>

namespace Notebench::Editor {

namespace {

// "## Title ##" → level 2, "Title"; level 0 when the line is no ATX heading.
int atxHeading(QStringView line, QStringView& text)
{
    const qsizetype indent = MarkdownCode::indentation(line);
    if (indent > 3)
        return 0;
    qsizetype hashes = 0;
    while (indent + hashes < line.size() && line[indent + hashes] == u'#')
        ++hashes;
    const qsizetype after = indent + hashes;
    if (hashes < 1 || hashes > 6 || (after < line.size() && line[after] != u' ' && line[after] != u'\t'))
        return 0;
    text = line.mid(after).trimmed();
    // A closing run of #s goes when a space precedes it (or it is all there is).
    qsizetype end = text.size();
    while (end > 0 && text[end - 1] == u'#')
        --end;
    if (end == 0 || text[end - 1] == u' ' || text[end - 1] == u'\t')
        text = text.left(end).trimmed();
    return static_cast<int>(hashes);
}

// "<h2>Title</h2>" on one line, which JupyterLab's table of contents lists too.
int htmlHeading(QStringView line, QStringView& text)
{
    static const QRegularExpression heading(QStringLiteral(R"(^\s*<h([1-6])(?:\s[^>]*)?>(.*?)</h\1>\s*$)"),
                                            QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = heading.match(line);
    if (!match.hasMatch())
        return 0;
    text = match.capturedView(2);
    return match.capturedView(1).toInt();
}

// 1 for a "===" underline, 2 for "---", 0 otherwise.
int setextUnderline(QStringView line)
{
    const qsizetype indent = MarkdownCode::indentation(line);
    const QStringView rest = line.mid(indent).trimmed();
    if (indent > 3 || rest.isEmpty() || (rest[0] != u'=' && rest[0] != u'-'))
        return 0;
    for (QChar c : rest)
        if (c != rest[0])
            return 0;
    return rest[0] == u'=' ? 1 : 2;
}

// Lines that start a block of their own rather than continue a paragraph a setext line could underline.
bool startsOtherBlock(QStringView line)
{
    static const QRegularExpression marker(QStringLiteral(R"(^ {0,3}([-*+]|\d{1,9}[.)])(\s|$)|^ {0,3}>)"));
    return MarkdownCode::indentation(line) >= 4 || marker.match(line).hasMatch();
}

} // namespace

std::vector<MarkdownHeading> MarkdownHeadings::scan(QStringView source)
{
    std::vector<MarkdownHeading> headings;
    QStringList paragraph;   // the open paragraph's lines, which a setext underline turns into a heading
    MarkdownCode::Fence fence;
    int lineNumber = 0;
    for (QStringView rawLine : source.split(u'\n')) {
        const int number = lineNumber++;
        const QStringView line = rawLine.endsWith(u'\r') ? rawLine.chopped(1) : rawLine;
        if (fence.length > 0) {
            if (MarkdownCode::closesFence(line, fence))
                fence = {};
            continue;
        }
        if (const MarkdownCode::Fence opened = MarkdownCode::openingFence(line); opened.length > 0) {
            fence = opened;
            paragraph.clear();
            continue;
        }
        QStringView text;
        if (const int level = atxHeading(line, text)) {
            headings.push_back({level, plainText(text), number});
            paragraph.clear();
        } else if (const int underline = setextUnderline(line); underline && !paragraph.isEmpty()) {
            headings.push_back({underline, plainText(paragraph.join(u' ')), number});
            paragraph.clear();
        } else if (const int htmlLevel = htmlHeading(line, text)) {
            headings.push_back({htmlLevel, plainText(text), number});
            paragraph.clear();
        } else if (line.trimmed().isEmpty() || (paragraph.isEmpty() && startsOtherBlock(line)) || underline == 2) {
            paragraph.clear();   // a blank line, a list or quote, or a thematic break ("---")
        } else {
            paragraph << line.trimmed().toString();
        }
    }
    return headings;
}

QString MarkdownHeadings::plainText(QStringView markdown)
{
    struct Rule {
        QRegularExpression pattern;
        QString replacement;
    };
    static const std::vector<Rule> rules{
        {QRegularExpression(QStringLiteral(R"(!?\[([^\]]*)\]\([^)]*\))")), QStringLiteral("\\1")},   // links, images
        {QRegularExpression(QStringLiteral(R"(<[^<>]+>)")), QString()},                               // HTML tags
        {QRegularExpression(QStringLiteral(R"((`+)\s?(.*?)\s?\1)")), QStringLiteral("\\2")},         // code spans
        {QRegularExpression(QStringLiteral(R"((\*\*|__|~~)(?=\S)(.+?)(?<=\S)\1)")), QStringLiteral("\\2")},
        {QRegularExpression(QStringLiteral(R"((?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*]))")), QStringLiteral("\\1")},
        {QRegularExpression(QStringLiteral(R"((?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w))")), QStringLiteral("\\1")},
        {QRegularExpression(QStringLiteral(R"(\\([!-/:-@\[-`{-~]))")), QStringLiteral("\\1")},     // escapes
    };
    const ProtectedMarkdown math = MarkdownMath::protect(markdown);
    QString text = math.text;
    for (const Rule& rule : rules)
        text.replace(rule.pattern, rule.replacement);
    return MarkdownMath::restore(text, math.spans).simplified();
}

} // namespace Notebench::Editor
