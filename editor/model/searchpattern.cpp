#include "model/searchpattern.h"

#include <QCoreApplication>

namespace Notebench::Editor {

namespace {

char32_t codePointAt(QStringView text, qsizetype at)
{
    const QChar high = text[at];
    if (high.isHighSurrogate() && at + 1 < text.size() && text[at + 1].isLowSurrogate())
        return QChar::surrogateToUcs4(high, text[at + 1]);
    return high.unicode();
}

char32_t codePointBefore(QStringView text, qsizetype at)
{
    const QChar low = text[at - 1];
    if (low.isLowSurrogate() && at >= 2 && text[at - 2].isHighSurrogate())
        return QChar::surrogateToUcs4(text[at - 2], low);
    return low.unicode();
}

bool isWordCharacter(char32_t c)
{
    return c == U'_' || QChar::isLetterOrNumber(c) || QChar::isMark(c);
}

/// The offset one character (a whole surrogate pair) after `at`.
qsizetype nextCharacter(QStringView text, qsizetype at)
{
    if (at < text.size() && text[at].isHighSurrogate() && at + 1 < text.size() && text[at + 1].isLowSurrogate())
        return at + 2;
    return at + 1;
}

bool isAsciiDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

/// A group number written at `at` ("12" when group 12 exists, else "1"); -1 when there is none.
/// JavaScript's rule, which VS Code follows: "$12" with two groups means group 1 then "2".
int groupNumberAt(QStringView text, qsizetype at, int groups, qsizetype* digits)
{
    if (at >= text.size() || !isAsciiDigit(text[at]))
        return -1;
    const int one = text[at].digitValue();
    if (at + 1 < text.size() && isAsciiDigit(text[at + 1])) {
        const int two = one * 10 + text[at + 1].digitValue();
        if (two <= groups) {
            *digits = 2;
            return two;
        }
    }
    if (one > groups)
        return -1;
    *digits = 1;
    return one;
}

} // namespace

SearchPattern::SearchPattern(const QString& query, const SearchOptions& options)
    : m_options(options)
{
    if (query.isEmpty())
        return;
    // Multiline: ^ and $ meet every line of a cell, as in VS Code's and JupyterLab's search.
    QRegularExpression::PatternOptions flags = QRegularExpression::MultilineOption
                                             | QRegularExpression::UseUnicodePropertiesOption;
    if (!options.caseSensitive)
        flags |= QRegularExpression::CaseInsensitiveOption;
    m_expression.setPattern(options.regularExpression ? query : QRegularExpression::escape(query));
    m_expression.setPatternOptions(flags);
    if (!m_expression.isValid()) {
        m_error = QCoreApplication::translate("Notebench::Editor::SearchPattern",
                                              "Not a valid regular expression: %1 at character %2.")
                      .arg(m_expression.errorString(), QString::number(m_expression.patternErrorOffset() + 1));
        return;
    }
    m_expression.optimize();
    m_searchable = true;
}

bool SearchPattern::isWholeWord(QStringView text, qsizetype start, qsizetype end) const
{
    // VS Code's rule: a side is a boundary when the neighbour is not a word character, or when the
    // match itself starts (ends) with a non-word character, so "x=" is found whole in "x=1".
    const bool leftBoundary = start == 0 || !isWordCharacter(codePointBefore(text, start))
                           || (end > start && !isWordCharacter(codePointAt(text, start)));
    const bool rightBoundary = end == text.size() || !isWordCharacter(codePointAt(text, end))
                            || (end > start && !isWordCharacter(codePointBefore(text, end)));
    return leftBoundary && rightBoundary;
}

void SearchPattern::forEachMatch(const QString& text,
                                 const std::function<bool(const QRegularExpressionMatch&)>& found) const
{
    if (!m_searchable)
        return;
    qsizetype offset = 0;
    qsizetype lastEnd = -1;
    while (offset <= text.size()) {
        const QRegularExpressionMatch match = m_expression.match(text, offset);
        if (!match.hasMatch())
            return;
        const qsizetype start = match.capturedStart();
        const qsizetype end = match.capturedEnd();
        const bool empty = start == end;
        // An empty match right where the previous one ended is the same place again ("a*" after "a").
        const bool accepted = !(empty && start == lastEnd) && (!m_options.wholeWord || isWholeWord(text, start, end));
        if (accepted) {
            if (!found(match))
                return;
            lastEnd = end;
        }
        // A rejected match may hide an accepted one that starts inside it, so step one character on.
        offset = accepted && !empty ? end : nextCharacter(text, start);
    }
}

std::optional<QRegularExpressionMatch> SearchPattern::matchAt(const QString& text, int start, int length) const
{
    if (!m_searchable || start < 0 || start > text.size())
        return std::nullopt;
    const QRegularExpressionMatch match = m_expression.match(text, start, QRegularExpression::NormalMatch,
                                                             QRegularExpression::AnchorAtOffsetMatchOption);
    if (!match.hasMatch() || match.capturedLength() != length)
        return std::nullopt;
    if (m_options.wholeWord && !isWholeWord(text, start, start + length))
        return std::nullopt;
    return match;
}

QString SearchPattern::expand(const QString& replacement, const QRegularExpressionMatch& match) const
{
    if (!m_options.regularExpression)
        return replacement;
    const int groups = m_expression.captureCount();
    QString result;
    result.reserve(replacement.size());
    for (qsizetype i = 0; i < replacement.size(); ++i) {
        const QChar c = replacement[i];
        const QChar next = i + 1 < replacement.size() ? replacement[i + 1] : QChar();
        qsizetype digits = 0;
        if (c == u'$' && (next == u'$' || next == u'&')) {
            result += next == u'$' ? QString(u'$') : match.captured(0);
            ++i;
        } else if (c == u'$' && next == u'{' && replacement.indexOf(u'}', i + 2) > 0) {
            const qsizetype close = replacement.indexOf(u'}', i + 2);
            const QString name = replacement.mid(i + 2, close - i - 2);
            if (!m_expression.namedCaptureGroups().contains(name)) {
                result += c;
                continue;
            }
            result += match.captured(name);
            i = close;
        } else if (c == u'\\' && (next == u'n' || next == u't' || next == u'\\')) {
            result += next == u'n' ? u'\n' : next == u't' ? u'\t' : u'\\';
            ++i;
        } else if (const int group = (c == u'$' || c == u'\\') ? groupNumberAt(replacement, i + 1, groups, &digits) : -1;
                   group >= 0) {
            result += match.captured(group);
            i += digits;
        } else {
            result += c;   // anything else, a group that does not exist included, is literal
        }
    }
    return result;
}

QString SearchPattern::replaceAll(const QString& text, const QString& replacement, int* count) const
{
    QString result;
    qsizetype copied = 0;
    int replaced = 0;
    forEachMatch(text, [&](const QRegularExpressionMatch& match) {
        result += QStringView(text).mid(copied, match.capturedStart() - copied);
        result += expand(replacement, match);
        copied = match.capturedEnd();
        ++replaced;
        return true;
    });
    if (count)
        *count = replaced;
    if (replaced == 0)
        return text;
    result += QStringView(text).mid(copied);
    return result;
}

} // namespace Notebench::Editor
