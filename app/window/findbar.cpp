#include "app/window/findbar.h"

#include "model/keymap.h"
#include "model/notebookmodel.h"
#include "model/notebooksearch.h"
#include "view/celleditor.h"
#include "view/notebookview.h"
#include "view/outputtext.h"
#include "view/searchhighlighter.h"

#include <QApplication>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QStyle>
#include <QToolButton>

namespace Notebench::App {

namespace {
constexpr int fieldWidth = 320;   // VS Code's find input is about this wide

/// Where the editor's selection starts (its caret without one), as a UTF-16 offset: with a
/// selected word as the query, that word is the first match, as in VS Code.
int selectionStart(Editor::CellEditor *editor)
{
    const long bytes = editor->SendScintilla(QsciScintillaBase::SCI_GETSELECTIONSTART);
    return static_cast<int>(QString::fromUtf8(editor->text().toUtf8().left(bytes)).size());
}

enum class Action { None, Dismiss, Next, Previous, Replace, ReplaceAll, Case, Word, Regex, Outputs, FocusFind, FocusReplace };
} // namespace

FindBar::FindBar(Editor::NotebookView *view, const Editor::Keymap &keymap, QWidget *parent)
    : QWidget(parent)
    , m_view(view)
    , m_keymap(keymap)
    , m_search(new Editor::NotebookSearch(view->model(), this))
    , m_highlighter(new Editor::SearchHighlighter(view, m_search, this))
    , m_replaceToggle(new QToolButton(this))
    , m_query(new QLineEdit(this))
    , m_caseToggle(addToggle(QStringLiteral("Aa"), tr("Match Case (Alt+C)")))
    , m_wordToggle(addToggle(QStringLiteral("ab"), tr("Match Whole Word (Alt+W)")))
    , m_regexToggle(addToggle(QStringLiteral(".*"), tr("Use Regular Expression (Alt+R)")))
    , m_outputsToggle(addToggle(tr("Out"), tr("Also Search the Text of Outputs (Alt+O)")))
    , m_counter(new QLabel(this))
    , m_replace(new QLineEdit(this))
    , m_replaceOne(new QToolButton(this))
    , m_replaceAll(new QToolButton(this))
    , m_message(new QLabel(this))
{
    m_search->setOutputText(Editor::OutputText::shown);
    QFont underlined = m_wordToggle->font();
    underlined.setUnderline(true);
    m_wordToggle->setFont(underlined);

    m_replaceToggle->setAutoRaise(true);
    m_replaceToggle->setArrowType(Qt::RightArrow);
    m_replaceToggle->setToolTip(tr("Toggle Replace"));
    m_query->setPlaceholderText(tr("Find"));
    m_query->setClearButtonEnabled(true);
    m_replace->setPlaceholderText(tr("Replace"));
    m_query->setFixedWidth(fieldWidth);
    m_replace->setFixedWidth(fieldWidth);
    m_counter->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("20000 of 20000+")));
    m_replaceOne->setText(tr("Replace"));
    m_replaceOne->setToolTip(tr("Replace (Enter)"));
    m_replaceAll->setText(tr("Replace All"));
    m_replaceAll->setToolTip(tr("Replace All (Ctrl+Alt+Enter)"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QToolButton *previous = addButton(QIcon(), tr("Previous Match (Shift+Enter)"));
    previous->setArrowType(Qt::UpArrow);
    QToolButton *next = addButton(QIcon(), tr("Next Match (Enter)"));
    next->setArrowType(Qt::DownArrow);
    QToolButton *close = addButton(style()->standardIcon(QStyle::SP_TitleBarCloseButton), tr("Close (Escape)"));

    auto *toggles = new QHBoxLayout;
    toggles->setSpacing(1);
    for (QToolButton *toggle : {m_caseToggle, m_wordToggle, m_regexToggle, m_outputsToggle})
        toggles->addWidget(toggle);
    auto *replaceButtons = new QHBoxLayout;
    replaceButtons->addWidget(m_replaceOne);
    replaceButtons->addWidget(m_replaceAll);
    replaceButtons->addStretch();

    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(6, 4, 6, 4);
    grid->setHorizontalSpacing(4);
    grid->setVerticalSpacing(2);
    grid->addWidget(m_replaceToggle, 0, 0);
    grid->addWidget(m_query, 0, 1);
    grid->addLayout(toggles, 0, 2);
    grid->addWidget(m_counter, 0, 3);
    grid->addWidget(previous, 0, 4);
    grid->addWidget(next, 0, 5);
    grid->addWidget(close, 0, 6);
    grid->addWidget(m_replace, 1, 1);
    grid->addLayout(replaceButtons, 1, 2, 1, 5);
    grid->addWidget(m_message, 2, 1, 1, 6);
    grid->setColumnStretch(7, 1);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Window);

    setTabOrder(m_query, m_replace);   // Tab goes from field to field, past the toggles
    m_query->installEventFilter(this);
    m_replace->installEventFilter(this);
    connect(m_query, &QLineEdit::textChanged, this, &FindBar::updateQuery);
    connect(m_search, &Editor::NotebookSearch::matchesChanged, this, &FindBar::updateCounter);
    connect(m_replaceToggle, &QToolButton::clicked, this, [this] { setReplaceShown(!isReplaceShown()); });
    connect(previous, &QToolButton::clicked, this, &FindBar::findPrevious);
    connect(next, &QToolButton::clicked, this, &FindBar::findNext);
    connect(close, &QToolButton::clicked, this, &FindBar::dismiss);
    connect(m_replaceOne, &QToolButton::clicked, this, &FindBar::replaceCurrent);
    connect(m_replaceAll, &QToolButton::clicked, this, &FindBar::replaceAll);
    setReplaceShown(false);
    showMessage(QString(), false);
    updateCounter();
    setVisible(false);
}

QToolButton *FindBar::addToggle(const QString &text, const QString &toolTip)
{
    auto *toggle = new QToolButton(this);
    toggle->setText(text);
    toggle->setToolTip(toolTip);
    toggle->setCheckable(true);
    toggle->setAutoRaise(true);
    connect(toggle, &QToolButton::toggled, this, &FindBar::updateQuery);
    return toggle;
}

QToolButton *FindBar::addButton(const QIcon &icon, const QString &toolTip)
{
    auto *button = new QToolButton(this);
    button->setIcon(icon);
    button->setToolTip(toolTip);
    button->setAutoRaise(true);
    return button;
}

bool FindBar::isReplaceShown() const
{
    return !m_replace->isHidden();
}

void FindBar::setReplaceShown(bool shown)
{
    m_replaceToggle->setArrowType(shown ? Qt::DownArrow : Qt::RightArrow);
    for (QWidget *widget : {static_cast<QWidget *>(m_replace), static_cast<QWidget *>(m_replaceOne),
                            static_cast<QWidget *>(m_replaceAll)})
        widget->setVisible(shown);
}

QString FindBar::counterText() const
{
    return m_counter->text();
}

QString FindBar::messageText() const
{
    return m_message->text();
}

void FindBar::showMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
    QPalette palette = m_message->palette();
    palette.setColor(QPalette::WindowText, error ? QColor(0xc4, 0x1a, 0x16) : QApplication::palette().color(QPalette::WindowText));
    m_message->setPalette(palette);
}

// --- opening and closing ---

void FindBar::open(bool replace)
{
    Editor::NotebookModel *model = m_view->model();
    int from = 0;
    if (model->mode() == Editor::Mode::Edit) {
        if (Editor::CellEditor *editor = m_view->editorFor(model->cursor())) {
            from = selectionStart(editor);
            const QString selected = editor->selectedText();
            if (!selected.isEmpty() && !selected.contains(u'\n')) {
                const QSignalBlocker blocker(m_query);
                m_query->setText(selected);
            }
        }
    }
    setReplaceShown(replace || (isVisible() && isReplaceShown()));
    show();
    m_highlighter->setActive(true);
    // The first match shown is the first one from where the user is.
    m_search->selectFrom(model->cursor(), from);
    QLineEdit *field = replace && !m_query->text().isEmpty() ? m_replace : m_query;
    field->setFocus(Qt::ShortcutFocusReason);
    field->selectAll();
    updateQuery();
}

void FindBar::dismiss()
{
    const bool hadKeyboard = isAncestorOf(QApplication::focusWidget());
    Editor::NotebookModel *model = m_view->model();
    if (model->mode() == Editor::Mode::Edit)
        m_highlighter->selectCurrentInEditor();   // VS Code leaves the found text selected
    m_highlighter->setActive(false);
    // Hidden, the search no longer follows every edit; open() searches again.
    m_search->setQuery(QString(), m_search->options());
    hide();
    if (!hadKeyboard)
        return;
    Editor::CellEditor *editor = m_view->editorFor(model->cursor());
    if (model->mode() == Editor::Mode::Edit && editor)
        editor->setFocus(Qt::OtherFocusReason);
    else
        m_view->setFocus(Qt::OtherFocusReason);
}

// --- searching ---

void FindBar::updateQuery()
{
    if (isHidden())
        return;
    Editor::SearchOptions options;
    options.caseSensitive = m_caseToggle->isChecked();
    options.wholeWord = m_wordToggle->isChecked();
    options.regularExpression = m_regexToggle->isChecked();
    options.includeOutputs = m_outputsToggle->isChecked();
    m_search->setQuery(m_query->text(), options);
    showMessage(m_search->errorString(), true);
    // As in VS Code, the match nearest to where the search started is shown while typing.
    revealCurrent();
}

void FindBar::updateCounter()
{
    const auto &matches = m_search->matches();
    const int current = m_search->current();
    QString text;
    if (!m_query->text().isEmpty() && m_search->errorString().isEmpty()) {
        if (matches.empty()) {
            text = tr("No results");
        } else {
            text = tr("%1 of %2%3").arg(current + 1).arg(matches.size()).arg(m_search->isTruncated() ? QStringLiteral("+") : QString());
            // Output text has no editor to box the match in, so say where it is.
            if (current >= 0 && !matches[static_cast<std::size_t>(current)].inSource())
                text += tr(" (output)");
        }
    }
    m_counter->setText(text);
    m_replaceOne->setEnabled(!matches.empty());
    m_replaceAll->setEnabled(!matches.empty());
}

void FindBar::revealCurrent()
{
    QWidget *keyboard = QApplication::focusWidget();
    m_highlighter->revealCurrent();
    // In edit mode selecting the cell focuses its editor; typing must go on in the bar.
    if (keyboard && isAncestorOf(keyboard) && !keyboard->hasFocus())
        keyboard->setFocus(Qt::OtherFocusReason);
}

void FindBar::step(bool forward)
{
    const auto &matches = m_search->matches();
    const int current = m_search->current();
    const int cursor = m_view->model()->cursor();
    if (current >= 0 && matches[static_cast<std::size_t>(current)].cell != cursor) {
        // The user went to another cell since: go on from there, as VS Code goes on from the caret.
        m_search->selectFrom(cursor, 0);
        if (!forward)
            m_search->previous();
    } else if (forward) {
        m_search->next();
    } else {
        m_search->previous();
    }
    revealCurrent();
}

void FindBar::findNext()
{
    step(true);
}

void FindBar::findPrevious()
{
    step(false);
}

void FindBar::replaceCurrent()
{
    const int current = m_search->current();
    if (current < 0)
        return;
    // Never replace text the user has not been shown: a match away from the cursor cell is shown first.
    if (m_search->matches()[static_cast<std::size_t>(current)].cell != m_view->model()->cursor()) {
        step(true);
        return;
    }
    if (!m_search->replaceCurrent(m_replace->text()))
        m_search->next();   // read-only output text: move on, as VS Code does
    revealCurrent();
}

void FindBar::replaceAll()
{
    const int count = m_search->replaceAll(m_replace->text());
    showMessage(count == 0 ? tr("Nothing to replace.") : count == 1 ? tr("Replaced 1 match.") : tr("Replaced %1 matches.").arg(count),
                false);
}

// --- keys ---

static Action actionFor(bool inReplaceField, QKeyCombination key, const Editor::Keymap &keymap)
{
    const Qt::KeyboardModifiers modifiers = key.keyboardModifiers();
    if (key.key() == Qt::Key_Escape && modifiers == Qt::NoModifier)
        return Action::Dismiss;
    if (key.key() == Qt::Key_Return) {
        if (inReplaceField && modifiers == (Qt::ControlModifier | Qt::AltModifier))
            return Action::ReplaceAll;
        if (modifiers == Qt::ShiftModifier)
            return Action::Previous;
        if (modifiers == Qt::NoModifier)
            return inReplaceField ? Action::Replace : Action::Next;
        return Action::None;
    }
    if (modifiers == Qt::AltModifier) {
        switch (key.key()) {
        case Qt::Key_C: return Action::Case;
        case Qt::Key_W: return Action::Word;
        case Qt::Key_R: return Action::Regex;
        case Qt::Key_O: return Action::Outputs;
        default: break;
        }
    }
    // The notebook's own find keys (Ctrl+F, Ctrl+H, F3 unless the user's keymap moved them).
    const QString command = keymap.command(QKeySequence(key), Editor::Mode::Edit);
    if (command == u"find")
        return Action::FocusFind;
    if (command == u"find-replace")
        return Action::FocusReplace;
    if (command == u"find-next")
        return Action::Next;
    if (command == u"find-previous")
        return Action::Previous;
    return Action::None;
}

bool FindBar::eventFilter(QObject *watched, QEvent *event)
{
    const bool field = watched == m_query || watched == m_replace;
    if (!field || (event->type() != QEvent::KeyPress && event->type() != QEvent::ShortcutOverride))
        return QWidget::eventFilter(watched, event);
    auto *key = static_cast<QKeyEvent *>(event);
    const Action action = actionFor(watched == m_replace, Editor::Keymap::normalized(key->keyCombination()), m_keymap);
    if (action == Action::None)
        return false;
    if (event->type() == QEvent::ShortcutOverride) {
        key->accept();   // ours, not a menu mnemonic's (Alt+R would open the Run menu)
        return true;
    }
    switch (action) {
    case Action::Dismiss: dismiss(); break;
    case Action::Next: findNext(); break;
    case Action::Previous: findPrevious(); break;
    case Action::Replace: replaceCurrent(); break;
    case Action::ReplaceAll: replaceAll(); break;
    case Action::Case: m_caseToggle->toggle(); break;
    case Action::Word: m_wordToggle->toggle(); break;
    case Action::Regex: m_regexToggle->toggle(); break;
    case Action::Outputs: m_outputsToggle->toggle(); break;
    case Action::FocusFind:
        m_query->setFocus(Qt::ShortcutFocusReason);
        m_query->selectAll();
        break;
    case Action::FocusReplace:
        setReplaceShown(true);
        m_replace->setFocus(Qt::ShortcutFocusReason);
        m_replace->selectAll();
        break;
    case Action::None: break;
    }
    return true;
}

} // namespace Notebench::App
