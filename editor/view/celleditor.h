#pragma once

#include <Qsci/qsciscintilla.h>

#include "view/theme.h"

#include <memory>

class QsciLexer;

namespace Notebench::Editor {

class NotebookModel;

/// The text editor of one cell (QScintilla): syntax colouring for the notebook's language, brace
/// matching, auto-indent, Ctrl+/ comments, and a height that fits its text so the notebook, not
/// the editor, scrolls. Typing goes straight to NotebookModel::setCellSource. The view pools
/// and re-attaches editors as cells scroll in and out of sight.
class CellEditor : public QsciScintilla {
    Q_OBJECT
public:
    explicit CellEditor(QWidget* parent = nullptr);
    ~CellEditor() override;

    /// Shows cell `index` of `model`; `language` picks the lexer ("" or an unknown name: plain text).
    void attach(NotebookModel* model, int index, const QString& language);
    /// Stops writing to the model (the editor goes back to the pool).
    void detach();
    int index() const { return m_index; }
    /// The language it was attached with ("" for plain text).
    const QString& language() const { return m_language; }
    /// The cell moved (cells inserted, removed or moved above it).
    void setIndex(int index) { m_index = index; }
    /// Takes the model's source when it differs (undo, a command that rewrote the cell).
    void reloadFromModel();

    void setLineNumbersVisible(bool visible);
    /// Colours of text, syntax, caret and selection; the paper is the input box's fill, so the
    /// box reads as one surface.
    void setTheme(const Theme& theme);
    /// Height in pixels that shows every line without an inner scroll bar.
    int contentHeight() const;

    /// The caret as a UTF-16 offset into the cell's source (what NotebookModel::splitCell takes).
    int caretOffset() const;
    /// Puts the caret at a UTF-16 offset (QScintilla itself counts UTF-8 bytes).
    void setCaretOffset(int offset);
    /// Caret on the first or the last line, as when arriving from the cell below or above.
    void placeCaretOnLastLine();
    void placeCaretOnFirstLine();
    /// Sets the indentation of `line` when it is still blank and the caret at its end (the user has
    /// not typed there since); returns whether it did.
    bool applyIndent(int line, const QString& indent);
    /// Comments or uncomments the selected lines (or the caret line) with the language's prefix.
    void toggleComment();

signals:
    /// Up on the first line (-1) or Down on the last line (+1): the caret leaves the cell.
    void navigateOut(int index, int direction);
    /// The editor took the keyboard focus (a click into it): the view enters edit mode here.
    void focusReceived(int index);
    void contentHeightChanged(int index, int height);
    /// Enter in a code cell: a new line `line` began after `codeBefore` (the text up to the break).
    void lineBroken(int index, int line, const QString& codeBefore);

protected:
    void keyPressEvent(QKeyEvent* event) override;
    void focusInEvent(QFocusEvent* event) override;

private:
    void onTextChanged();
    int lineHeight() const;
    void applyLexerColours();

    NotebookModel* m_model = nullptr;
    int m_index = -1;
    bool m_loading = false;
    int m_lastHeight = 0;
    Theme m_theme = Theme::light();
    QString m_language;
    QString m_commentPrefix;
    std::unique_ptr<QsciLexer> m_lexer;   // owned here, reused while the language stays the same
    QString m_lexerLanguage;
};

} // namespace Notebench::Editor
