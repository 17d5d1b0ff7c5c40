#pragma once

#include <QStringView>

#include <optional>

/// How well a filter typed into the command palette fits a label, the way VS Code's palette
/// filters: each word of the filter must appear in the label as characters in order, ignoring
/// case; characters at word starts, runs of adjacent characters and words found early in the
/// text score higher, so "ins bel" ranks "Insert Cell Below" first and "icb" finds it too.
namespace Notebench::Editor::FuzzyMatch {

/// The score (higher fits better), or nullopt when some word does not fit; an empty filter fits with 0.
std::optional<int> score(QStringView filter, QStringView text);

} // namespace Notebench::Editor::FuzzyMatch
