#pragma once

#include <QRegularExpression>
#include <QString>
#include <QStringView>

#include <functional>
#include <optional>

namespace Notebench::Editor {

/// How a find query is read (the Aa, whole-word and .* toggles of VS Code and JupyterLab).
struct SearchOptions {
    bool caseSensitive = false;
    bool wholeWord = false;
    bool regularExpression = false;
    /// Also search the text the cells' outputs show; those matches are read-only.
    bool includeOutputs = false;
    bool operator==(const SearchOptions&) const = default;
};

/// One query compiled for searching text: typed text or a regular expression, case and whole-word
/// rules applied, and replacement templates expanded ($1, \1, $&, ${name} in regex mode).
/// Offsets are UTF-16, as in QString. An empty query matches nothing.
class SearchPattern {
public:
    /// Matches nothing.
    SearchPattern() = default;
    SearchPattern(const QString& query, const SearchOptions& options);

    /// True when there is something to search for: a non-empty query that compiled.
    bool isSearchable() const { return m_searchable; }
    /// A sentence for the user when the regular expression does not compile, else "".
    const QString& errorString() const { return m_error; }

    /// Calls `found` with each match in `text`, in order, until it returns false. Empty matches
    /// (such as "^") count, so a pattern can insert text; they never repeat at one place.
    void forEachMatch(const QString& text, const std::function<bool(const QRegularExpressionMatch&)>& found) const;
    /// The match starting exactly at `start` with length `length`, if the pattern still finds it there.
    std::optional<QRegularExpressionMatch> matchAt(const QString& text, int start, int length) const;
    /// What `replacement` stands for at `match`: the text itself for a plain query; in regex mode
    /// $1…$99, \1…\99, $& or $0, ${name}, $$, \n, \t and \\ are expanded (VS Code's syntax, plus Qt's \1).
    QString expand(const QString& replacement, const QRegularExpressionMatch& match) const;
    /// `text` with every match replaced; `count` (when given) gets how many.
    QString replaceAll(const QString& text, const QString& replacement, int* count = nullptr) const;

private:
    bool isWholeWord(QStringView text, qsizetype start, qsizetype end) const;

    QRegularExpression m_expression;
    SearchOptions m_options;
    bool m_searchable = false;
    QString m_error;
};

} // namespace Notebench::Editor
