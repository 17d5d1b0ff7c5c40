#pragma once

#include <QString>
#include <QStringView>

#include <vector>

namespace Notebench::Editor {

/// One heading of a markdown cell, as an outline lists it.
struct MarkdownHeading {
    int level = 1;   ///< 1–6
    QString text;    ///< inline markup removed ("**Big** `x`" → "Big x"); math kept as written
    int line = 0;    ///< 0-based line of the heading (of its underline for setext headings)
    bool operator==(const MarkdownHeading&) const = default;
};

/// Finds the headings of markdown source by CommonMark's block rules: ATX ("## Title", at most
/// three spaces of indent, optional closing #s) and setext (a paragraph underlined with === or
/// ---), plus one-line HTML headings as JupyterLab's table of contents lists them; nothing inside
/// fenced code. Pure string work, linear in the source.
class MarkdownHeadings {
public:
    static std::vector<MarkdownHeading> scan(QStringView source);
    /// A heading's inline markdown as plain text: emphasis, code, links, images and HTML tags
    /// removed, backslash escapes resolved; math left exactly as written.
    static QString plainText(QStringView markdown);
};

} // namespace Notebench::Editor
