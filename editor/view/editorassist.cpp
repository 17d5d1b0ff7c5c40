#include "view/editorassist.h"

#include "completion/textoffsets.h"
#include "model/notebookmodel.h"
#include "view/celleditor.h"
#include "view/completionpopup.h"
#include "view/docspanel.h"
#include "view/inspecttooltip.h"
#include "view/notebookview.h"

#include <QKeyEvent>

namespace Notebench::Editor {

using Completion::CompletionBroker;

namespace {
// Jedi reads the cells above as one module; past this much text it slows more than it helps.
constexpr qsizetype maxContextChars = 200'000;
constexpr int signatureDelayMs = 30;

bool isIdentifier(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c.isSurrogate() || c.isMark();
}

enum class LineEnd { Code, String, Comment };

// Where the end of a line's text stands: in code, inside a string literal, or in a comment.
LineEnd lineEnd(const QString& line)
{
    QChar quote;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (!quote.isNull()) {
            if (c == u'\\')
                ++i;
            else if (c == quote)
                quote = QChar();
        } else if (c == u'\'' || c == u'"') {
            quote = c;
        } else if (c == u'#') {
            return LineEnd::Comment;
        }
    }
    return quote.isNull() ? LineEnd::Code : LineEnd::String;
}

long caretBytes(const CellEditor* editor)
{
    return editor->SendScintilla(QsciScintillaBase::SCI_GETCURRENTPOS);
}
} // namespace

EditorAssist::EditorAssist(NotebookView* view, Completion::CompletionBroker* broker, QObject* parent)
    : QObject(parent)
    , m_view(view)
    , m_broker(broker)
    , m_popup(new CompletionPopup(view))
    , m_tooltip(new InspectTooltip(view))
{
    m_popup->hide();
    m_tooltip->hide();
    m_typingTimer.setSingleShot(true);
    m_typingTimer.setInterval(typingDelayMs);
    connect(&m_typingTimer, &QTimer::timeout, this, [this] {
        if (m_typingEditor && worthAsking(m_typingEditor))
            requestCompletion(m_typingEditor, false);
    });
    m_signatureTimer.setSingleShot(true);
    m_signatureTimer.setInterval(signatureDelayMs);
    connect(&m_signatureTimer, &QTimer::timeout, this, [this] {
        if (!m_typingEditor || !m_broker)
            return;
        m_signature = {m_typingEditor, 0, m_typingEditor->text(), caretBytes(m_typingEditor), false, 0};
        m_signature.ticket = m_broker->inspect(CompletionBroker::Lane::Signature, queryAt(m_typingEditor), 0);
    });
    m_docsTimer.setSingleShot(true);
    m_docsTimer.setInterval(docsDelayMs);
    connect(&m_docsTimer, &QTimer::timeout, this, [this] {
        if (!m_docsAsked.editor || !m_broker || !m_docs || !m_docs->isVisible())
            return;
        m_docsAsked.ticket = m_broker->inspect(CompletionBroker::Lane::Docs, queryAt(m_docsAsked.editor), 0);
    });
    if (m_broker) {
        connect(m_broker.data(), &CompletionBroker::completionsReady, this, &EditorAssist::onCompletions);
        connect(m_broker.data(), &CompletionBroker::documentationReady, this,
                [this](CompletionBroker::Lane lane, int ticket, const Completion::Documentation& documentation, bool) {
                    onDocumentation(lane, ticket, documentation);
                });
    }
    for (CellEditor* editor : m_view->viewport()->findChildren<CellEditor*>())
        hook(editor);
    connect(m_view, &NotebookView::editorAttached, this, [this](int index) {
        if (CellEditor* editor = m_view->editorFor(index))
            hook(editor);
    });
}

EditorAssist::~EditorAssist()
{
    // The editors may outlive us (they belong to the view): they must not call back in here.
    for (CellEditor* editor : m_view->viewport()->findChildren<CellEditor*>()) {
        editor->removeEventFilter(this);
        disconnect(editor, nullptr, this, nullptr);
        editor->setProperty("notebench.assisted", false);
    }
    delete m_popup;
    delete m_tooltip;
}

void EditorAssist::setDocsPanel(DocsPanel* panel)
{
    m_docs = panel;
    m_themeBackground = QColor();   // the panel takes the colours at the next answer
}

void EditorAssist::followTheme()
{
    // The window recolours the view; the popups take its colours when they next show.
    const Theme& theme = m_view->theme();
    if (theme.inputBackground == m_themeBackground && theme.codeText == m_themeText)
        return;
    m_themeBackground = theme.inputBackground;
    m_themeText = theme.codeText;
    m_popup->setTheme(theme);
    m_tooltip->setTheme(theme);
    if (m_docs)
        m_docs->setTheme(theme);
}

void EditorAssist::hook(CellEditor* editor)
{
    // Installed again on every attach: the newest filter runs first, so the popup's keys
    // (Esc above all) are ours before the view's keymap turns them into commands.
    editor->installEventFilter(this);
    if (editor->property("notebench.assisted").toBool())
        return;
    editor->setProperty("notebench.assisted", true);
    connect(editor, &QsciScintillaBase::SCN_CHARADDED, this, [this, editor](int character) { onCharAdded(editor, character); });
    connect(editor, &QsciScintilla::cursorPositionChanged, this, [this, editor] {
        const NotebookModel* model = m_view->model();
        const bool editing = model->mode() == Mode::Edit && model->cursor() == editor->index();
        if (m_docs && m_docs->isVisible() && editing && !editor->language().isEmpty()) {
            m_docsAsked.editor = editor;
            m_docsTimer.start();
        }
    });
}

bool EditorAssist::eventFilter(QObject* watched, QEvent* event)
{
    auto* editor = qobject_cast<CellEditor*>(watched);
    if (!editor)
        return false;
    if (event->type() == QEvent::KeyPress)
        return handleKey(editor, static_cast<QKeyEvent*>(event));
    if (event->type() == QEvent::FocusOut) {
        hidePopup();
        hideTips();
    }
    return false;
}

bool EditorAssist::handleKey(CellEditor* editor, QKeyEvent* event)
{
    const auto modifiers = event->modifiers() & ~Qt::KeypadModifier;
    const int key = event->key();
    const bool plain = modifiers == Qt::NoModifier;
    if (m_popup->isVisible() && m_shown.editor == editor) {
        if (plain && (key == Qt::Key_Up || key == Qt::Key_Down)) {
            m_popup->moveSelection(key == Qt::Key_Up ? -1 : 1);
            return true;
        }
        if (plain && (key == Qt::Key_PageUp || key == Qt::Key_PageDown)) {
            m_popup->moveSelection(key == Qt::Key_PageUp ? -10 : 10);
            return true;
        }
        if (plain && (key == Qt::Key_Return || key == Qt::Key_Enter || key == Qt::Key_Tab)) {
            accept();
            return true;
        }
        if (key == Qt::Key_Escape) {
            hidePopup();
            return true;
        }
        if (key == Qt::Key_Left || key == Qt::Key_Right || key == Qt::Key_Home || key == Qt::Key_End)
            hidePopup();
        else if (key == Qt::Key_Backspace)
            QMetaObject::invokeMethod(this, &EditorAssist::refilter, Qt::QueuedConnection);   // after the editor deleted
    }
    if (m_tooltip->isVisible() && key == Qt::Key_Escape) {
        hideTips();
        return true;
    }
    if (editor->language().isEmpty())
        return false;   // markdown and raw cells: Tab and Shift+Tab stay the editor's
    if (plain && key == Qt::Key_Tab) {
        if (editor->hasSelectedText() || onlyWhitespaceBeforeCaret(editor))
            return false;   // indent, as in Jupyter
        requestCompletion(editor, true);
        return true;
    }
    if (key == Qt::Key_Backtab) {
        if (editor->hasSelectedText() || onlyWhitespaceBeforeCaret(editor))
            return false;   // dedent
        const bool open = m_tooltip->isVisible() && m_inspect.editor == editor;
        if (open && m_tooltip->size() == InspectTooltip::Size::Compact)
            requestInspect(editor, 1);
        else if (open && m_tooltip->size() == InspectTooltip::Size::Expanded)
            hideTips();
        else
            requestInspect(editor, 0);
        return true;
    }
    if (m_tooltip->isVisible() && !event->text().isEmpty()) {
        // Typing closes a Shift+Tab tooltip; signature help stays through the arguments.
        if (m_tooltip->size() != InspectTooltip::Size::Signature || key == Qt::Key_Return || key == Qt::Key_Enter)
            hideTips();
    }
    return false;
}

void EditorAssist::onCharAdded(CellEditor* editor, int character)
{
    if (editor->language().isEmpty() || !m_broker)
        return;
    m_typingEditor = editor;
    const QChar c = character < 0x10000 ? QChar(character) : QChar(u'x');   // astral: a letter for us
    const bool identifier = isIdentifier(c);
    if (m_popup->isVisible() && m_shown.editor == editor) {
        if (identifier) {
            refilter();
            return;
        }
        hidePopup();
    }
    if (c == u'(' || c == u',') {
        m_signatureTimer.start();
        return;
    }
    if (c == u')') {
        if (m_tooltip->size() == InspectTooltip::Size::Signature)
            hideTips();
        return;
    }
    if (identifier || c == u'.' || c == u'\'' || c == u'"' || c == u'/')
        m_typingTimer.start();
    else
        m_typingTimer.stop();
}

bool EditorAssist::worthAsking(CellEditor* editor) const
{
    const QString line = lineBeforeCaret(editor);
    if (line.isEmpty() || lineEnd(line) == LineEnd::Comment)
        return false;
    const QChar last = line.back();
    if (last == u'.') {
        // After a name, a call or an index; not in a number ("1.") or an ellipsis.
        const QChar before = line.size() > 1 ? line[line.size() - 2] : QChar();
        if (before == u')' || before == u']')
            return true;
        qsizetype i = line.size() - 1;
        while (i > 0 && isIdentifier(line[i - 1]))
            --i;
        return i < line.size() - 1 && !line[i].isDigit();
    }
    if (last == u'\'' || last == u'"')
        return line.size() > 1 && line[line.size() - 2] == u'[';   // a dict key
    if (last == u'/')
        return lineEnd(line) == LineEnd::String;   // a path
    qsizetype i = line.size();
    while (i > 0 && isIdentifier(line[i - 1]))
        --i;
    return i < line.size() && !line[i].isDigit();
}

Completion::Query EditorAssist::queryAt(CellEditor* editor) const
{
    Completion::Query query;
    query.code = editor->text();
    query.cursor = Completion::codePointsInUtf8(query.code.toUtf8(), caretBytes(editor));
    // The code cells above, nearest last, as one module for the static analyser.
    const NotebookModel* model = m_view->model();
    QStringList above;
    qsizetype size = 0;
    for (int i = std::min(editor->index(), model->cellCount()) - 1; i >= 0 && size < maxContextChars; --i) {
        if (model->cell(i).type != Document::CellType::Code)
            continue;
        above.prepend(model->source(i));
        size += above.front().size();
    }
    query.context = above.join(u'\n');
    return query;
}

void EditorAssist::requestCompletion(CellEditor* editor, bool explicitly)
{
    m_typingTimer.stop();
    if (!m_broker || !editor)
        return;
    const Completion::Query query = queryAt(editor);
    m_completion = {editor, 0, query.code, caretBytes(editor), explicitly, 0};
    m_completion.ticket = m_broker->complete(query);
}

void EditorAssist::requestInspect(CellEditor* editor, int detailLevel)
{
    if (!m_broker || !editor)
        return;
    const Completion::Query query = queryAt(editor);
    m_inspect = {editor, 0, query.code, caretBytes(editor), true, detailLevel};
    m_inspect.ticket = m_broker->inspect(CompletionBroker::Lane::Tooltip, query, detailLevel);
}

bool EditorAssist::stillAsIs(const Asked& asked) const
{
    return asked.editor && asked.editor->isVisible() && caretBytes(asked.editor) == asked.caret && asked.editor->text() == asked.code;
}

bool EditorAssist::stillInCall(const Asked& asked) const
{
    if (!asked.editor || !asked.editor->isVisible() || caretBytes(asked.editor) < asked.caret)
        return false;
    const QByteArray before = asked.code.toUtf8().left(asked.caret);
    const QByteArray now = asked.editor->text().toUtf8();
    const QByteArray typedSince = now.mid(asked.caret, caretBytes(asked.editor) - asked.caret);
    return now.startsWith(before) && !typedSince.contains(')') && !typedSince.contains('\n');
}

void EditorAssist::onCompletions(int ticket, const Completion::Completions& completions, bool)
{
    if (ticket != m_completion.ticket || !stillAsIs(m_completion) || completions.items.isEmpty())
        return;
    CellEditor* editor = m_completion.editor;
    followTheme();
    const QByteArray utf8 = m_completion.code.toUtf8();
    const int cursor = Completion::codePointsInUtf8(utf8, m_completion.caret);
    m_shown = {editor, std::min(completions.start, cursor), cursor, std::max(completions.end, cursor)};
    if (m_completion.explicitly && completions.items.size() == 1 && !m_popup->isVisible()) {
        // Tab with one possible match completes it at once, as Jupyter does.
        m_popup->showCompletions(completions, QPoint());
        accept();
        return;
    }
    m_popup->showCompletions(completions, belowCaret(editor, Completion::utf8OffsetOfCodePoint(utf8, m_shown.start)));
    emit completionsShown(completions.source, m_popup->count());
}

void EditorAssist::onDocumentation(CompletionBroker::Lane lane, int ticket, const Completion::Documentation& documentation)
{
    if (lane == CompletionBroker::Lane::Docs) {
        if (ticket == m_docsAsked.ticket && m_docs)
            m_docs->setDocumentation(documentation);
        return;
    }
    const Asked& asked = lane == CompletionBroker::Lane::Tooltip ? m_inspect : m_signature;
    // Signature help stays good while the arguments are typed on; the tooltip wants the same text.
    const bool current = lane == CompletionBroker::Lane::Signature ? stillInCall(asked) : stillAsIs(asked);
    if (ticket != asked.ticket || !documentation.found || !current)
        return;
    if (lane == CompletionBroker::Lane::Signature && InspectTooltip::signatureOf(documentation.text).isEmpty())
        return;
    if (lane == CompletionBroker::Lane::Signature && m_tooltip->isVisible() && m_tooltip->size() != InspectTooltip::Size::Signature)
        return;   // a Shift+Tab tooltip is open: it already says more
    followTheme();
    const auto size = lane == CompletionBroker::Lane::Signature ? InspectTooltip::Size::Signature
                      : asked.detailLevel > 0                   ? InspectTooltip::Size::Expanded
                                                                : InspectTooltip::Size::Compact;
    m_tooltip->showDocumentation(documentation, belowCaret(asked.editor, asked.caret), size);
    emit tooltipShown(documentation.source);
}

void EditorAssist::refilter()
{
    CellEditor* editor = m_shown.editor;
    if (!m_popup->isVisible() || !editor)
        return;
    const QString code = editor->text();
    const int cursor = Completion::codePointsInUtf8(code.toUtf8(), caretBytes(editor));
    if (cursor < m_shown.start) {
        hidePopup();
        return;
    }
    const qsizetype from = Completion::utf16OffsetOfCodePoint(code, m_shown.start);
    const QString typed = code.mid(from, Completion::utf16OffsetOfCodePoint(code, cursor) - from);
    if (!m_popup->filter(typed))
        hidePopup();
    else
        emit completionsShown(m_popup->source(), m_popup->count());
}

void EditorAssist::accept()
{
    const auto item = m_popup->currentItem();
    const Shown shown = m_shown;
    CellEditor* editor = shown.editor;
    hidePopup();
    if (!item || !editor)
        return;
    const QByteArray utf8 = editor->text().toUtf8();
    const int cursor = Completion::codePointsInUtf8(utf8, caretBytes(editor));
    // The range grows with what was typed since the answer: replace through the caret.
    const int end = std::max(cursor, shown.askedEnd + (cursor - shown.askedCursor));
    const qsizetype from = Completion::utf8OffsetOfCodePoint(utf8, shown.start);
    const qsizetype to = Completion::utf8OffsetOfCodePoint(utf8, end);
    const QByteArray replacement = item->text.toUtf8();
    editor->beginUndoAction();
    editor->SendScintilla(QsciScintillaBase::SCI_SETTARGETRANGE, static_cast<unsigned long>(from), static_cast<long>(to));
    editor->SendScintilla(QsciScintillaBase::SCI_REPLACETARGET, static_cast<uintptr_t>(replacement.size()), replacement.constData());
    editor->SendScintilla(QsciScintillaBase::SCI_GOTOPOS, static_cast<unsigned long>(from + replacement.size()));
    editor->endUndoAction();
}

void EditorAssist::hidePopup()
{
    m_popup->hide();
    m_shown = {};
}

void EditorAssist::hideTips()
{
    m_tooltip->hide();
    m_signatureTimer.stop();
    if (m_broker) {
        m_broker->cancel(CompletionBroker::Lane::Tooltip);
        m_broker->cancel(CompletionBroker::Lane::Signature);
    }
}

QPoint EditorAssist::belowCaret(CellEditor* editor, long bytePosition) const
{
    const auto position = static_cast<unsigned long>(bytePosition);
    const int x = static_cast<int>(editor->SendScintilla(QsciScintillaBase::SCI_POINTXFROMPOSITION, 0UL, static_cast<long>(position)));
    const int y = static_cast<int>(editor->SendScintilla(QsciScintillaBase::SCI_POINTYFROMPOSITION, 0UL, static_cast<long>(position)));
    const int line = static_cast<int>(editor->SendScintilla(QsciScintillaBase::SCI_LINEFROMPOSITION, position));
    const int height = static_cast<int>(editor->SendScintilla(QsciScintillaBase::SCI_TEXTHEIGHT, static_cast<unsigned long>(line)));
    return editor->viewport()->mapToGlobal(QPoint(x - 22, y + height));   // the icon column sits left of the text
}

bool EditorAssist::onlyWhitespaceBeforeCaret(CellEditor* editor)
{
    return lineBeforeCaret(editor).trimmed().isEmpty();
}

QString EditorAssist::lineBeforeCaret(CellEditor* editor)
{
    // In bytes end to end, as Scintilla counts: no question of what a line "index" means.
    const long caret = caretBytes(editor);
    const long line = editor->SendScintilla(QsciScintillaBase::SCI_LINEFROMPOSITION, static_cast<unsigned long>(caret));
    const long start = editor->SendScintilla(QsciScintillaBase::SCI_POSITIONFROMLINE, static_cast<unsigned long>(line));
    return QString::fromUtf8(editor->text().toUtf8().mid(start, caret - start));
}

} // namespace Notebench::Editor
