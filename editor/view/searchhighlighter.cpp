#include "view/searchhighlighter.h"

#include "model/notebookmodel.h"
#include "model/notebooksearch.h"
#include "view/celleditor.h"
#include "view/notebookview.h"

#include <QScrollBar>

#include <algorithm>

namespace Notebench::Editor {

namespace {

/// The bytes UTF-16 text takes as UTF-8: Scintilla positions count bytes.
long utf8Length(QStringView text)
{
    long bytes = 0;
    for (const QChar c : text) {
        const char16_t unit = c.unicode();
        bytes += unit < 0x80 ? 1 : unit < 0x800 ? 2 : c.isSurrogate() ? 2 : 3;   // a surrogate pair is 4
    }
    return bytes;
}

void defineIndicator(CellEditor* editor, int indicator, const QColor& color, int fillAlpha, int outlineAlpha)
{
    editor->SendScintilla(QsciScintillaBase::SCI_INDICSETSTYLE, indicator, QsciScintillaBase::INDIC_ROUNDBOX);
    editor->SendScintilla(QsciScintillaBase::SCI_INDICSETFORE, indicator, color);
    editor->SendScintilla(QsciScintillaBase::SCI_INDICSETALPHA, indicator, fillAlpha);
    editor->SendScintilla(QsciScintillaBase::SCI_INDICSETOUTLINEALPHA, indicator, outlineAlpha);
    // Under the text, so colouring and the caret stay readable.
    editor->SendScintilla(QsciScintillaBase::SCI_INDICSETUNDER, indicator, 1L);
}

void fill(CellEditor* editor, int indicator, long from, long length)
{
    editor->SendScintilla(QsciScintillaBase::SCI_SETINDICATORCURRENT, indicator);
    editor->SendScintilla(QsciScintillaBase::SCI_INDICATORFILLRANGE, static_cast<unsigned long>(from), length);
}

} // namespace

SearchHighlighter::SearchHighlighter(NotebookView* view, NotebookSearch* search, QObject* parent)
    : QObject(parent)
    , m_view(view)
    , m_search(search)
{
    connect(m_search, &NotebookSearch::matchesChanged, this, [this] {
        if (m_active)
            decorateAll();
    });
    connect(m_view, &NotebookView::editorAttached, this, [this](int index) {
        if (CellEditor* editor = m_view->editorFor(index))
            decorate(editor);
    });
}

void SearchHighlighter::setActive(bool active)
{
    m_active = active;
    decorateAll();
}

void SearchHighlighter::decorateAll()
{
    // The view's editors are few (those near the viewport plus a small idle pool).
    for (CellEditor* editor : m_view->viewport()->findChildren<CellEditor*>())
        if (editor->index() >= 0)
            decorate(editor);
}

void SearchHighlighter::clear(CellEditor* editor)
{
    const long length = editor->SendScintilla(QsciScintillaBase::SCI_GETLENGTH);
    for (int indicator : {matchIndicator, currentIndicator}) {
        editor->SendScintilla(QsciScintillaBase::SCI_SETINDICATORCURRENT, indicator);
        editor->SendScintilla(QsciScintillaBase::SCI_INDICATORCLEARRANGE, 0UL, length);
    }
}

void SearchHighlighter::decorate(CellEditor* editor)
{
    clear(editor);
    if (!m_active)
        return;
    defineIndicator(editor, matchIndicator, QColor(0xff, 0xd5, 0x4f), 90, 160);    // VS Code's find-match amber
    defineIndicator(editor, currentIndicator, QColor(0xf5, 0x7c, 0x00), 150, 255);
    const int index = editor->index();
    const auto& matches = m_search->matches();
    const auto begin = std::ranges::lower_bound(matches, index, {}, &SearchMatch::cell);
    const QString text = editor->text();
    long bytes = 0;
    int at = 0;
    for (auto match = begin; match != matches.end() && match->cell == index && match->inSource(); ++match) {
        bytes += utf8Length(QStringView(text).mid(at, match->start - at));
        at = match->start;
        const bool current = match - matches.begin() == m_search->current();
        fill(editor, current ? currentIndicator : matchIndicator, bytes,
             utf8Length(QStringView(text).mid(match->start, match->length)));
    }
}

bool SearchHighlighter::currentRange(CellEditor** editor, long* from, long* to) const
{
    const int current = m_search->current();
    if (current < 0)
        return false;
    const SearchMatch& match = m_search->matches()[static_cast<std::size_t>(current)];
    *editor = match.inSource() ? m_view->editorFor(match.cell) : nullptr;
    if (!*editor)
        return false;
    const QString text = (*editor)->text();
    *from = utf8Length(QStringView(text).left(match.start));
    *to = *from + utf8Length(QStringView(text).mid(match.start, match.length));
    return true;
}

void SearchHighlighter::revealCurrent()
{
    const int current = m_search->current();
    if (current < 0)
        return;
    const SearchMatch match = m_search->matches()[static_cast<std::size_t>(current)];
    NotebookModel* model = m_view->model();
    if (model->cursor() != match.cell || model->selectionFirst() != model->selectionLast())
        model->setCursor(match.cell);
    m_view->ensureCursorVisible();
    decorateAll();

    QScrollBar* bar = m_view->verticalScrollBar();
    const int viewHeight = m_view->viewport()->height();
    if (!match.inSource()) {
        // Outputs sit at the bottom of a cell: a cell taller than the view shows its end.
        const QRect cell = m_view->cellRect(match.cell);
        if (cell.bottom() >= bar->value() + viewHeight)
            bar->setValue(cell.bottom() + 1 - viewHeight);
        return;
    }
    CellEditor* editor = nullptr;
    long from = 0;
    long to = 0;
    if (!currentRange(&editor, &from, &to))
        return;   // a rendered markdown cell: selecting the cell is all there is to show
    const auto line = static_cast<int>(editor->SendScintilla(QsciScintillaBase::SCI_POINTYFROMPOSITION, 0UL, from));
    const auto lineHeight = static_cast<int>(editor->SendScintilla(QsciScintillaBase::SCI_TEXTHEIGHT, 0UL));
    const int y = editor->mapTo(m_view->viewport(), QPoint(0, line)).y();
    // A match deep in a tall cell: centre its line, as VS Code does.
    if (y < 0 || y + lineHeight > viewHeight)
        bar->setValue(bar->value() + y - (viewHeight - lineHeight) / 2);
    editor->SendScintilla(QsciScintillaBase::SCI_SCROLLRANGE, static_cast<unsigned long>(to), from);
}

void SearchHighlighter::selectCurrentInEditor()
{
    CellEditor* editor = nullptr;
    long from = 0;
    long to = 0;
    if (currentRange(&editor, &from, &to))
        editor->SendScintilla(QsciScintillaBase::SCI_SETSEL, static_cast<unsigned long>(from), to);
}

} // namespace Notebench::Editor
