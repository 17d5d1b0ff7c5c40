#pragma once

#include <QObject>

namespace Notebench::Editor {

class CellEditor;
class NotebookSearch;
class NotebookView;

/// Shows a NotebookSearch in a NotebookView: each match in a live cell editor gets a soft box
/// and the current one a strong box (QScintilla indicators); cells that scroll into view get
/// theirs as their editor attaches. revealCurrent() brings the current match on screen.
class SearchHighlighter : public QObject {
    Q_OBJECT
public:
    /// Scintilla's container indicators run 8–31; these two are ours.
    static constexpr int matchIndicator = 28;
    static constexpr int currentIndicator = 29;

    SearchHighlighter(NotebookView* view, NotebookSearch* search, QObject* parent = nullptr);

    /// Highlights only while active (the find bar is open); inactive clears every editor.
    void setActive(bool active);
    bool isActive() const { return m_active; }
    /// Makes the current match's cell the cursor cell and scrolls so the match is in view.
    void revealCurrent();
    /// Selects the current match's text in its cell editor, if it has one (leaving find for the editor).
    void selectCurrentInEditor();

private:
    void decorateAll();
    void decorate(CellEditor* editor);
    void clear(CellEditor* editor);
    /// The current match's range in its editor as Scintilla byte positions, or false.
    bool currentRange(CellEditor** editor, long* from, long* to) const;

    NotebookView* m_view;
    NotebookSearch* m_search;
    bool m_active = false;
};

} // namespace Notebench::Editor
