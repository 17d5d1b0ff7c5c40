#include "model/fuzzymatch.h"

#include <QList>
#include <QString>

#include <algorithm>
#include <limits>
#include <vector>

namespace Notebench::Editor::FuzzyMatch {

namespace {

constexpr int none = std::numeric_limits<int>::min() / 2;
constexpr int matchPoints = 1;
constexpr int wordStartPoints = 8;
constexpr int adjacentPoints = 6;
constexpr std::size_t maxLeadPenalty = 8;

bool isWordStart(QStringView text, qsizetype at)
{
    if (at == 0)
        return true;
    const QChar before = text[at - 1];
    const QChar here = text[at];
    return !before.isLetterOrNumber() || (here.isUpper() && before.isLower()) || (here.isDigit() && !before.isDigit());
}

/// The best placement of `word`'s characters in `text`, by dynamic programming over
/// (characters of the word placed, where the last one went): greedy placement would take the
/// "c" of "Insert" for "cell" and miss the word start.
std::optional<int> wordScore(QStringView word, QStringView text)
{
    const auto length = static_cast<std::size_t>(text.size());
    std::vector<int> previous(length, none);
    std::vector<int> current(length, none);
    for (qsizetype i = 0; i < word.size(); ++i) {
        const QChar wanted = word[i].toCaseFolded();
        int bestEarlier = none;   // best of previous[0 .. j-2]: placed before, not adjacent
        for (std::size_t j = 0; j < length; ++j) {
            if (j >= 2)
                bestEarlier = std::max(bestEarlier, previous[j - 2]);
            current[j] = none;
            if (text[static_cast<qsizetype>(j)].toCaseFolded() != wanted)
                continue;
            const int here = matchPoints + (isWordStart(text, static_cast<qsizetype>(j)) ? wordStartPoints : 0);
            // A word found early in the label fits better ("insert" in "Insert Cell Below" rather
            // than in "Run Selected Cells and Insert Below").
            int before = i == 0 ? -static_cast<int>(std::min<std::size_t>(j, maxLeadPenalty * 4)) / 4 : bestEarlier;
            if (i > 0 && j >= 1 && previous[j - 1] != none)
                before = std::max(before, previous[j - 1] + adjacentPoints);
            if (before != none)
                current[j] = before + here;
        }
        std::swap(previous, current);
    }
    const int best = previous.empty() ? none : *std::max_element(previous.begin(), previous.end());
    return best == none ? std::nullopt : std::optional<int>(best);
}

} // namespace

std::optional<int> score(QStringView filter, QStringView text)
{
    int total = 0;
    for (const QStringView word : filter.split(u' ', Qt::SkipEmptyParts)) {
        const std::optional<int> points = wordScore(word, text);
        if (!points)
            return std::nullopt;
        total += *points;
    }
    return total;
}

} // namespace Notebench::Editor::FuzzyMatch
