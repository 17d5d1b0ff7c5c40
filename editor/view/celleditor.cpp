#include "view/celleditor.h"

#include "model/notebookmodel.h"
#include "view/lexers.h"

#include <Qsci/qscilexer.h>

#include <QFontDatabase>
#include <QKeyEvent>

namespace Notebench::Editor {

CellEditor::CellEditor(QWidget* parent)
    : QsciScintilla(parent)
{
    setUtf8(true);
    // Not in the Tab chain: showing the window must focus the view (command mode), never an editor.
    setFocusPolicy(Qt::ClickFocus);
    setFrameStyle(QFrame::NoFrame);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setAutoIndent(true);
    setBraceMatching(QsciScintilla::SloppyBraceMatch);
    setIndentationsUseTabs(false);
    setIndentationWidth(4);
    setTabWidth(4);
    setMarginWidth(1, 0);
    setMarginLineNumbers(0, true);
    setMarginWidth(0, 0);
    // No wrapping and no scroll bars: the height is then exactly lines × line height, so the
    // view's estimate for a cell it has not measured is already right and nothing jumps.
    setWrapMode(QsciScintilla::WrapNone);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    SendScintilla(SCI_SETHSCROLLBAR, 0UL);
    connect(this, &QsciScintilla::textChanged, this, &CellEditor::onTextChanged);
}

CellEditor::~CellEditor()
{
    // The lexer is ours, not QScintilla's; unhook it before it goes.
    setLexer(nullptr);
}

void CellEditor::attach(NotebookModel* model, int index, const QString& language)
{
    m_model = model;
    m_index = index;
    m_language = language;
    if (!m_lexer || language != m_lexerLanguage) {
        setLexer(nullptr);
        m_lexer = lexerForLanguage(language, QFontDatabase::systemFont(QFontDatabase::FixedFont));
        m_lexerLanguage = language;
        if (m_lexer)
            colourLexer(*m_lexer, m_theme);
        setLexer(m_lexer.get());
    }
    if (!m_lexer)
        setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_commentPrefix = commentPrefix(language);
    setLineNumbersVisible(model->lineNumbersVisible(index));
    m_loading = true;
    setText(model->source(index));
    m_loading = false;
    setCaretOffset(0);
    SendScintilla(SCI_EMPTYUNDOBUFFER);   // Ctrl+Z must not undo into the previous cell's text
}

void CellEditor::detach()
{
    m_model = nullptr;
    m_index = -1;
}

void CellEditor::reloadFromModel()
{
    if (!m_model)
        return;
    const QString source = m_model->source(m_index);
    if (source == text())
        return;
    const int caret = caretOffset();
    m_loading = true;
    setText(source);
    m_loading = false;
    setCaretOffset(std::min(caret, static_cast<int>(source.size())));
}

void CellEditor::setTheme(const Theme& theme)
{
    m_theme = theme;
    setPaper(theme.inputBackground);
    setColor(theme.codeText);
    setMarginsBackgroundColor(theme.inputBackground);
    setMarginsForegroundColor(theme.lineNumber);
    setCaretForegroundColor(theme.caret);
    setSelectionBackgroundColor(theme.selection);
    setMatchedBraceForegroundColor(theme.prompt);
    setMatchedBraceBackgroundColor(theme.inputBackground);
    applyLexerColours();
}

void CellEditor::applyLexerColours()
{
    if (m_lexer)
        colourLexer(*m_lexer, m_theme);
}

void CellEditor::setLineNumbersVisible(bool visible)
{
    setMarginWidth(0, visible ? QStringLiteral("0000") : QString());
}

int CellEditor::lineHeight() const
{
    return static_cast<int>(SendScintilla(SCI_TEXTHEIGHT, 0UL));
}

int CellEditor::contentHeight() const
{
    return std::max(1, lines()) * lineHeight();
}

int CellEditor::caretOffset() const
{
    const long bytes = SendScintilla(SCI_GETCURRENTPOS);
    return static_cast<int>(QString::fromUtf8(text().toUtf8().left(bytes)).size());
}

void CellEditor::setCaretOffset(int offset)
{
    const QString source = text();
    const auto bytes = source.left(std::clamp(offset, 0, static_cast<int>(source.size()))).toUtf8().size();
    SendScintilla(SCI_GOTOPOS, static_cast<unsigned long>(bytes));
}

void CellEditor::placeCaretOnLastLine()
{
    SendScintilla(SCI_GOTOLINE, static_cast<unsigned long>(std::max(0, lines() - 1)));
}

void CellEditor::placeCaretOnFirstLine()
{
    SendScintilla(SCI_GOTOPOS, 0UL);
}

void CellEditor::toggleComment()
{
    if (m_commentPrefix.isEmpty())
        return;
    int lineFrom = 0;
    int lineTo = 0;
    int indexFrom = 0;
    int indexTo = 0;
    if (hasSelectedText()) {
        getSelection(&lineFrom, &indexFrom, &lineTo, &indexTo);
        if (indexTo == 0 && lineTo > lineFrom)
            --lineTo;   // a selection ending at a line start does not include that line
    } else {
        getCursorPosition(&lineFrom, &indexFrom);
        lineTo = lineFrom;
    }
    // Work in Scintilla's byte positions end to end: no character/byte index conversions.
    const long start = SendScintilla(SCI_POSITIONFROMLINE, static_cast<unsigned long>(lineFrom));
    const long end = SendScintilla(SCI_GETLINEENDPOSITION, static_cast<unsigned long>(lineTo));
    QStringList block = QString::fromUtf8(text().toUtf8().mid(start, end - start)).split(u'\n');
    const auto indentOf = [](const QString& line) {
        qsizetype i = 0;
        while (i < line.size() && line[i].isSpace())
            ++i;
        return i;
    };
    bool allCommented = true;
    qsizetype indent = -1;
    for (const QString& line : block) {
        if (line.trimmed().isEmpty())
            continue;
        const qsizetype at = indentOf(line);
        indent = indent < 0 ? at : std::min(indent, at);
        allCommented = allCommented && line.mid(at).startsWith(m_commentPrefix);
    }
    if (indent < 0)
        return;   // only blank lines
    for (QString& line : block) {
        if (line.trimmed().isEmpty())
            continue;
        if (allCommented) {
            const qsizetype at = indentOf(line);
            const qsizetype length = m_commentPrefix.size() + (line.mid(at + m_commentPrefix.size()).startsWith(u' ') ? 1 : 0);
            line.remove(at, length);
        } else {
            line.insert(indent, m_commentPrefix + u' ');   // JupyterLab/CodeMirror: "# " at the block's indent
        }
    }
    const QByteArray replacement = block.join(u'\n').toUtf8();
    beginUndoAction();
    SendScintilla(SCI_SETTARGETRANGE, static_cast<unsigned long>(start), end);
    SendScintilla(SCI_REPLACETARGET, static_cast<uintptr_t>(replacement.size()), replacement.constData());
    endUndoAction();
}

void CellEditor::keyPressEvent(QKeyEvent* event)
{
    const auto modifiers = event->modifiers() & ~Qt::KeypadModifier;
    if (event->key() == Qt::Key_Slash && modifiers == Qt::ControlModifier) {
        toggleComment();
        return;
    }
    if (modifiers == Qt::NoModifier && !isListActive() && m_index >= 0) {
        int line = 0;
        int column = 0;
        getCursorPosition(&line, &column);
        if (event->key() == Qt::Key_Up && line == 0) {
            emit navigateOut(m_index, -1);
            return;
        }
        if (event->key() == Qt::Key_Down && line == lines() - 1) {
            emit navigateOut(m_index, +1);
            return;
        }
        if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) && !m_language.isEmpty()) {
            // The newline goes in at once (keeping the indent); the kernel's is_complete may deepen
            // it a moment later, when nothing has been typed on the new line yet.
            const int caret = caretOffset();
            QsciScintilla::keyPressEvent(event);
            emit lineBroken(m_index, line + 1, text().left(caret));
            return;
        }
    }
    QsciScintilla::keyPressEvent(event);
}

bool CellEditor::applyIndent(int line, const QString& indent)
{
    int caretLine = 0;
    int column = 0;
    getCursorPosition(&caretLine, &column);
    QString current = text(line);
    while (current.endsWith(u'\n') || current.endsWith(u'\r'))
        current.chop(1);
    // Only a line still empty but for its indent, with the caret at its end, is ours to change.
    if (caretLine != line || !current.trimmed().isEmpty() || column != current.size() || current == indent)
        return false;
    setSelection(line, 0, line, current.size());
    replaceSelectedText(indent);
    setCursorPosition(line, indent.size());
    return true;
}

void CellEditor::focusInEvent(QFocusEvent* event)
{
    QsciScintilla::focusInEvent(event);
    if (m_index >= 0)
        emit focusReceived(m_index);
}

void CellEditor::onTextChanged()
{
    if (!m_loading && m_model && m_index >= 0)
        m_model->setCellSource(m_index, text());
    const int height = contentHeight();
    if (height != m_lastHeight) {
        m_lastHeight = height;
        emit contentHeightChanged(m_index, height);
    }
}

} // namespace Notebench::Editor
