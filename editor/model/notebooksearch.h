#pragma once

#include "model/searchpattern.h"

#include <nlohmann/json.hpp>

#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <compare>
#include <cstddef>
#include <functional>
#include <vector>

namespace Notebench::Editor {

class NotebookModel;

/// A match in a notebook: in cell `cell`'s source (output -1) or in the shown text of its output
/// number `output` (read-only). `start` and `length` are UTF-16 offsets into that text.
/// Ordered as the notebook reads: by cell, the source before the outputs, then by position.
struct SearchMatch {
    int cell = 0;
    int output = -1;
    int start = 0;
    int length = 0;
    bool inSource() const { return output < 0; }
    auto operator<=>(const SearchMatch&) const = default;
};

/// Find and replace across a notebook's cells, without widgets: every match of a SearchPattern in
/// the sources (and, optionally, in what the outputs show), the current match with wrap-around
/// next/previous, and replacements that are each one undo step on the model. The matches follow
/// the model as it changes: an edited cell is searched again, and the current match stays put.
class NotebookSearch : public QObject {
    Q_OBJECT
public:
    /// Beyond this many matches the count reads "20000+" and only the first ones are kept.
    static constexpr int maxMatches = 20000;
    /// The texts a cell's outputs show, one per shown output (the view's business: ANSI, \r, streams).
    using OutputText = std::function<QStringList(const nlohmann::json& outputs)>;

    explicit NotebookSearch(NotebookModel* model, QObject* parent = nullptr);

    /// Without one, outputs are not searched even when SearchOptions::includeOutputs is set.
    void setOutputText(OutputText outputText);
    /// Searches again; the current match becomes the first one at or after the old current one.
    void setQuery(const QString& query, const SearchOptions& options);
    const QString& query() const { return m_query; }
    const SearchOptions& options() const { return m_options; }
    /// A sentence for the user when the query is a bad regular expression, else "".
    const QString& errorString() const { return m_pattern.errorString(); }

    const std::vector<SearchMatch>& matches() const { return m_matches; }
    /// True when the search stopped at maxMatches.
    bool isTruncated() const { return m_truncated; }
    /// The index of the current match, or -1.
    int current() const { return m_current; }
    /// Makes the first match at or after UTF-16 offset `offset` of cell `cell`'s source current,
    /// wrapping to the first match; returns its index, or -1 when there are no matches.
    int selectFrom(int cell, int offset);
    /// The next (previous) match becomes current, wrapping around the notebook; returns its index.
    int next() { return step(+1); }
    int previous() { return step(-1); }

    /// Replaces the current match when it is in a source, as one undo step, and makes the next
    /// match after the inserted text current. False when there is nothing to replace.
    bool replaceCurrent(const QString& replacement);
    /// Replaces every match in every cell's source as one undo step; returns how many.
    int replaceAll(const QString& replacement);

signals:
    /// The matches, their count or the current one changed.
    void matchesChanged();

private:
    /// Appends cell `index`'s matches to `into` while it holds fewer than `limit`; false when cut short.
    bool searchCell(int index, std::vector<SearchMatch>& into, std::size_t limit) const;
    void searchAll();
    void searchAllQuietly();
    void searchCellsQuietly(int first, int count);
    void onCellsChanged(int first, int count);
    void onOutputsChanged(int index);
    void searchPendingOutputs();
    /// After any change: the current match is the first at or after m_resumeAt, wrapping; tells observers.
    void finishUpdate();
    int step(int direction);
    bool searchesOutputs() const { return m_options.includeOutputs && bool(m_outputText); }

    NotebookModel* m_model;
    OutputText m_outputText;
    QString m_query;
    SearchOptions m_options;
    SearchPattern m_pattern;
    std::vector<SearchMatch> m_matches;
    bool m_truncated = false;
    int m_current = -1;
    SearchMatch m_resumeAt;       // where the current match is, kept across changes
    QSet<int> m_pendingOutputs;   // cells whose outputs changed since the last search of them
    QTimer m_outputTimer;
};

} // namespace Notebench::Editor
