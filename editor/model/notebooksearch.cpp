#include "model/notebooksearch.h"

#include "model/celltransforms.h"
#include "model/notebookmodel.h"

#include <algorithm>
#include <map>

namespace Notebench::Editor {

NotebookSearch::NotebookSearch(NotebookModel* model, QObject* parent)
    : QObject(parent)
    , m_model(model)
{
    // Kernel output can arrive thousands of times a second; its matches are read again a few times a second.
    m_outputTimer.setSingleShot(true);
    m_outputTimer.setInterval(150);
    connect(&m_outputTimer, &QTimer::timeout, this, &NotebookSearch::searchPendingOutputs);
    connect(model, &NotebookModel::cellsChanged, this, &NotebookSearch::onCellsChanged);
    connect(model, &NotebookModel::outputsChanged, this, &NotebookSearch::onOutputsChanged);
    // Inserts, removes and moves shift every later match, so those search everything again.
    // The current match keeps to its cell where that is simple to follow.
    connect(model, &NotebookModel::cellsInserted, this, [this](int first, int count) {
        if (m_resumeAt.cell >= first)
            m_resumeAt.cell += count;
        searchAll();
    });
    connect(model, &NotebookModel::cellsRemoved, this, [this](int first, int count) {
        if (m_resumeAt.cell >= first + count)
            m_resumeAt.cell -= count;
        else if (m_resumeAt.cell >= first)
            m_resumeAt = {first, -1, 0, 0};
        searchAll();
    });
    connect(model, &NotebookModel::cellsMoved, this, &NotebookSearch::searchAll);
}

void NotebookSearch::setOutputText(OutputText outputText)
{
    m_outputText = std::move(outputText);
    searchAll();
}

void NotebookSearch::setQuery(const QString& query, const SearchOptions& options)
{
    m_query = query;
    m_options = options;
    m_pattern = SearchPattern(query, options);
    searchAll();
}

// --- searching ---

bool NotebookSearch::searchCell(int index, std::vector<SearchMatch>& into, std::size_t limit) const
{
    bool complete = true;
    const auto collect = [&](const QString& text, int output) {
        m_pattern.forEachMatch(text, [&](const QRegularExpressionMatch& match) {
            if (into.size() >= limit) {
                complete = false;
                return false;
            }
            into.push_back({index, output, static_cast<int>(match.capturedStart()),
                            static_cast<int>(match.capturedLength())});
            return true;
        });
    };
    collect(m_model->source(index), -1);
    const Document::Cell& cell = m_model->cell(index);
    // Collapsed outputs are not on screen, so a match there could not be shown.
    if (!complete || !searchesOutputs() || cell.outputs.empty() || CellTransforms::outputsHidden(cell))
        return complete;
    const QStringList texts = m_outputText(cell.outputs);
    for (int output = 0; output < texts.size() && complete; ++output)
        collect(texts[output], output);
    return complete;
}

void NotebookSearch::searchAllQuietly()
{
    m_matches.clear();
    m_truncated = false;
    m_pendingOutputs.clear();
    m_outputTimer.stop();
    if (!m_pattern.isSearchable())
        return;
    for (int i = 0; i < m_model->cellCount() && !m_truncated; ++i)
        m_truncated = !searchCell(i, m_matches, maxMatches);
}

void NotebookSearch::searchAll()
{
    searchAllQuietly();
    finishUpdate();
}

void NotebookSearch::searchCellsQuietly(int first, int count)
{
    if (!m_pattern.isSearchable())
        return;
    if (m_truncated) {
        searchAllQuietly();   // cells past the cut were never searched; a count near the limit must be whole
        return;
    }
    // Sorted by cell first, so a cell range is one contiguous stretch of the list.
    const auto from = std::ranges::lower_bound(m_matches, first, {}, &SearchMatch::cell);
    const auto to = std::ranges::lower_bound(m_matches, first + count, {}, &SearchMatch::cell);
    const std::size_t room = maxMatches - (m_matches.size() - static_cast<std::size_t>(to - from));
    std::vector<SearchMatch> fresh;
    for (int i = first; i < first + count; ++i) {
        if (!searchCell(i, fresh, room)) {
            searchAllQuietly();
            return;
        }
    }
    m_matches.insert(m_matches.erase(from, to), fresh.begin(), fresh.end());
}

void NotebookSearch::onCellsChanged(int first, int count)
{
    for (int i = first; i < first + count; ++i)
        m_pendingOutputs.remove(i);
    searchCellsQuietly(first, count);
    finishUpdate();
}

void NotebookSearch::onOutputsChanged(int index)
{
    if (!searchesOutputs() || !m_pattern.isSearchable())
        return;
    m_pendingOutputs.insert(index);
    if (!m_outputTimer.isActive())
        m_outputTimer.start();
}

void NotebookSearch::searchPendingOutputs()
{
    QList<int> cells = m_pendingOutputs.values();
    m_pendingOutputs.clear();
    std::sort(cells.begin(), cells.end());
    for (int index : cells)
        if (index < m_model->cellCount())
            searchCellsQuietly(index, 1);
    finishUpdate();
}

// --- the current match ---

void NotebookSearch::finishUpdate()
{
    if (m_matches.empty()) {
        m_current = -1;
    } else {
        // By place only: after the query grows or shrinks, the match at the same place is the same one.
        const SearchMatch place{m_resumeAt.cell, m_resumeAt.output, m_resumeAt.start, 0};
        const auto at = std::lower_bound(m_matches.begin(), m_matches.end(), place);
        m_current = at == m_matches.end() ? 0 : static_cast<int>(at - m_matches.begin());
        m_resumeAt = m_matches[static_cast<std::size_t>(m_current)];
    }
    emit matchesChanged();
}

int NotebookSearch::selectFrom(int cell, int offset)
{
    m_resumeAt = {cell, -1, offset, 0};
    finishUpdate();
    return m_current;
}

int NotebookSearch::step(int direction)
{
    if (m_matches.empty())
        return -1;
    const int count = static_cast<int>(m_matches.size());
    m_current = m_current < 0 ? (direction > 0 ? 0 : count - 1) : (m_current + direction + count) % count;
    m_resumeAt = m_matches[static_cast<std::size_t>(m_current)];
    emit matchesChanged();
    return m_current;
}

// --- replacing ---

bool NotebookSearch::replaceCurrent(const QString& replacement)
{
    if (m_current < 0 || !m_matches[static_cast<std::size_t>(m_current)].inSource())
        return false;
    const SearchMatch match = m_matches[static_cast<std::size_t>(m_current)];
    const QString source = m_model->source(match.cell);
    const auto found = m_pattern.matchAt(source, match.start, match.length);
    if (!found)
        return false;
    const QString inserted = m_pattern.expand(replacement, *found);
    const QString replaced = QString(source).replace(match.start, match.length, inserted);
    // Go on after the inserted text, so replacing "a" by "aa" never finds its own "a" again.
    m_resumeAt = {match.cell, -1, match.start + static_cast<int>(inserted.size()), 0};
    if (replaced == source)
        finishUpdate();   // no change, no step on the stack: just move on
    else
        m_model->setCellSources(tr("Replace"), {{match.cell, replaced}});
    return true;
}

int NotebookSearch::replaceAll(const QString& replacement)
{
    if (!m_pattern.isSearchable())
        return 0;
    // Every cell is searched afresh, so a truncated match list never limits what is replaced.
    std::map<int, QString> sources;
    int total = 0;
    for (int i = 0; i < m_model->cellCount(); ++i) {
        int count = 0;
        QString replaced = m_pattern.replaceAll(m_model->source(i), replacement, &count);
        if (count > 0)
            sources.emplace(i, std::move(replaced));
        total += count;
    }
    m_model->setCellSources(tr("Replace all"), sources);
    return total;
}

} // namespace Notebench::Editor
