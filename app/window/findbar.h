#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QToolButton;

namespace Notebench::Editor {
class Keymap;
class NotebookSearch;
class NotebookView;
class SearchHighlighter;
} // namespace Notebench::Editor

namespace Notebench::App {

/// Find and replace across the notebook, as a bar at the bottom of a tab (VS Code's notebook find
/// widget, JupyterLab's search): query and replace fields, "3 of 17", the Aa / whole-word / .* /
/// outputs toggles, next and previous (Enter, Shift+Enter), replace and replace all. The current
/// match's cell becomes the cursor cell and is scrolled to; its text is boxed in the cell editor.
/// Keys typed into its fields stay there: the notebook's shortcuts only run with the notebook focused.
class FindBar : public QWidget
{
    Q_OBJECT
public:
    FindBar(Editor::NotebookView *view, const Editor::Keymap &keymap, QWidget *parent = nullptr);

    /// Shows the bar and puts the keyboard in it; `replace` opens the replace row too. Text
    /// selected on one line of the cell being edited becomes the query, as in VS Code.
    void open(bool replace);
    /// Hides the bar and gives the keyboard back to the notebook: the cell editor in edit mode.
    void dismiss();
    void findNext();
    void findPrevious();
    /// Replaces the current match and moves on; a match in an output is read-only and skipped.
    void replaceCurrent();
    void replaceAll();

    Editor::NotebookSearch *search() const { return m_search; }
    QLineEdit *queryField() const { return m_query; }
    QLineEdit *replaceField() const { return m_replace; }
    bool isReplaceShown() const;
    /// "3 of 17", "No results", or "" with no query.
    QString counterText() const;
    /// The message under the fields: a bad regular expression, or what replace all did.
    QString messageText() const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QToolButton *addToggle(const QString &text, const QString &toolTip);
    QToolButton *addButton(const QIcon &icon, const QString &toolTip);
    void setReplaceShown(bool shown);
    void updateQuery();
    void updateCounter();
    void step(bool forward);
    /// Shows the current match; keeps the keyboard in the bar (selecting a cell in edit mode focuses its editor).
    void revealCurrent();
    void showMessage(const QString &text, bool error);

    Editor::NotebookView *m_view;
    const Editor::Keymap &m_keymap;
    Editor::NotebookSearch *m_search;
    Editor::SearchHighlighter *m_highlighter;
    QToolButton *m_replaceToggle;
    QLineEdit *m_query;
    QToolButton *m_caseToggle;
    QToolButton *m_wordToggle;
    QToolButton *m_regexToggle;
    QToolButton *m_outputsToggle;
    QLabel *m_counter;
    QLineEdit *m_replace;
    QToolButton *m_replaceOne;
    QToolButton *m_replaceAll;
    QLabel *m_message;
};

} // namespace Notebench::App
