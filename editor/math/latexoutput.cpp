#include "math/latexoutput.h"

#include <QRegularExpression>

namespace Notebench::Math {

namespace {

// Where `delimiter` occurs in `text` outside a backslash escape ("\$" is a dollar sign), or -1.
qsizetype findUnescaped(QStringView text, QStringView delimiter, qsizetype from = 0)
{
    for (qsizetype i = from; i + delimiter.size() <= text.size(); ++i) {
        if (text[i] == u'\\' && delimiter[0] != u'\\') {
            ++i;   // the escaped character is text
            continue;
        }
        if (text.mid(i, delimiter.size()) == delimiter)
            return i;
    }
    return -1;
}

// The inside of `text` when it is exactly open…close with no other `close` before the end.
std::optional<QString> between(QStringView text, QStringView open, QStringView close)
{
    if (text.size() < open.size() + close.size() || !text.startsWith(open) || !text.endsWith(close))
        return std::nullopt;
    const QStringView inner = text.mid(open.size(), text.size() - open.size() - close.size());
    if (findUnescaped(inner, close) >= 0 || (open != close && findUnescaped(inner, open) >= 0))
        return std::nullopt;
    return inner.trimmed().toString();
}

bool hasMathDelimiter(QStringView text)
{
    return findUnescaped(text, u"$") >= 0 || text.contains(u"\\(") || text.contains(u"\\[");
}

} // namespace

std::optional<Formula> LatexOutput::formula(QStringView latex)
{
    const QStringView text = latex.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    // Longest delimiter first: "$$x$$" must not read as "$" around "$x$".
    if (auto inner = between(text, u"$$", u"$$"))
        return Formula{*inner, true};
    if (auto inner = between(text, u"\\[", u"\\]"))
        return Formula{*inner, true};
    if (!text.startsWith(u"$$")) {
        if (auto inner = between(text, u"$", u"$"))
            return Formula{*inner, false};
    }
    if (auto inner = between(text, u"\\(", u"\\)"))
        return Formula{*inner, false};
    static const QRegularExpression environment(
        QStringLiteral(R"(^\\begin\{([A-Za-z]+\*?)\}[\s\S]*\\end\{\1\}$)"));
    if (environment.match(text.toString()).hasMatch() && !hasMathDelimiter(text))
        return Formula{text.toString(), true};
    if (hasMathDelimiter(text) || text.contains(u"\\begin{"))
        return std::nullopt;
    return Formula{text.toString(), true};
}

} // namespace Notebench::Math
