#pragma once

#include <QString>
#include <QStringView>

#include <vector>

namespace Notebench::Editor {

/// One piece of source that math protection took out of markdown, in order of appearance.
struct MathSpan {
    enum class Kind {
        Inline,    ///< $…$ or \\(…\\)
        Display,   ///< $$…$$, \\[…\\] or \begin{env}…\end{env}
        Literal,   ///< text that only looked like a placeholder ("@@3@@"); not math
    };
    Kind kind = Kind::Inline;
    QString source;   ///< exactly as written, delimiters included
    QString tex;      ///< what a TeX renderer takes: delimiters removed (environments keep theirs)
    bool operator==(const MathSpan&) const = default;
};

/// Markdown with its math replaced by "@@n@@" placeholders, n indexing `spans`.
struct ProtectedMarkdown {
    QString text;
    std::vector<MathSpan> spans;
};

/// Hides math from the markdown parser and puts it back afterwards, by JupyterLab's rules
/// (rendermime latex.ts removeMath/replaceMath): $…$, $$…$$, \\(…\\), \\[…\\] (the backslash
/// doubled in the source, as markdown escapes it) and \begin{env}…\end{env}; braces inside math
/// must balance before a closing delimiter counts; a blank line ends the search; an escaped \$
/// is text; code spans and fenced code are left alone. One rule added: a single $ followed by a
/// digit does not close inline math (pandoc's), so "$5 and $6" stays text.
/// Pure string work, no widgets: a renderer swaps each placeholder for styled text or an image.
class MarkdownMath {
public:
    static ProtectedMarkdown protect(QStringView markdown);
    /// Every placeholder in `text` replaced by its span's source (unknown indexes stay as they are).
    static QString restore(QStringView text, const std::vector<MathSpan>& spans);
    static QString placeholder(qsizetype index);
    /// The index in a placeholder ("@@12@@" → 12), or -1.
    static qsizetype placeholderIndex(QStringView text);
};

} // namespace Notebench::Editor
