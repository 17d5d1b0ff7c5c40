// The find bar offscreen, driven by keys: the count as you type, Enter and Shift+Enter moving the
// cursor cell, the current match boxed in its cell editor (also in a cell scrolled in from far
// away), replace and replace all as single undo steps, Esc giving the keyboard back, and keys
// typed into the fields never reaching the notebook's keymap. Ctrl+F is tried through a real tab.
#include "../editor/notebookfixture.h"

#include "app/window/findbar.h"
#include "app/window/mainwindow.h"
#include "app/window/notebooktab.h"
#include "model/keymap.h"
#include "model/notebookcommands.h"
#include "model/notebookmodel.h"
#include "model/notebooksearch.h"
#include "view/celleditor.h"
#include "view/notebookview.h"
#include "view/searchhighlighter.h"

#include <QApplication>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QVBoxLayout>

using namespace Notebench;
using Editor::NotebookModel;
using Editor::NotebookView;
using NotebookFixture::describe;
using NotebookFixture::notebookFrom;

namespace {

/// A view with a find bar under it, shown and active, the notebook focused in command mode.
struct Shown {
    explicit Shown(const QString &cells)
        : model(notebookFrom(cells))
    {
        auto *layout = new QVBoxLayout(&host);
        view = new NotebookView(&model, &keymap, &host);
        bar = new App::FindBar(view, keymap, &host);
        layout->addWidget(view);
        layout->addWidget(bar);
        host.resize(900, 600);
        host.show();
        host.activateWindow();
        view->setFocus();
    }
    bool ready() { return QTest::qWaitForWindowActive(&host) && view->hasFocus(); }
    /// Keys go where a user's would: to the widget with the keyboard.
    static QWidget *keyboard() { return QApplication::focusWidget(); }

    Editor::Keymap keymap;
    NotebookModel model;
    QWidget host;
    NotebookView *view = nullptr;
    App::FindBar *bar = nullptr;
};

long indicatorAt(Editor::CellEditor *editor, int indicator, long bytePosition)
{
    return editor->SendScintilla(QsciScintillaBase::SCI_INDICATORVALUEAT, static_cast<unsigned long>(indicator), bytePosition);
}

} // namespace

class TestFindBar : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void typingShowsTheCount_data();
    void typingShowsTheCount();
    void enterMovesTheCursorCell_data();
    void enterMovesTheCursorCell();
    void currentMatchIsBoxedInTheEditor();
    void farCellGetsItsBoxWhenScrolledIn();
    void replaceAllIsOneUndoStep();
    void replaceOneThenUndo();
    void keysInTheFieldsDoNotReachTheKeymap();
    void selectedWordIsTheQueryAndTheFirstMatch();
    void escapeGivesTheKeyboardBack_data();
    void escapeGivesTheKeyboardBack();
    void ctrlFOpensTheBarInBothModes();
};

void TestFindBar::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);   // the window's journal and settings stay out of the user's
}

void TestFindBar::typingShowsTheCount_data()
{
    QTest::addColumn<QString>("toggles");   // Alt+letter keys pressed first: c, w, r
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("counter");
    QTest::addColumn<QString>("message");
    QTest::newRow("plain") << "" << "print" << "1 of 3" << "";
    QTest::newRow("ignores case") << "" << "PRINT" << "1 of 3" << "";
    QTest::newRow("match case") << "c" << "PRINT" << "No results" << "";
    QTest::newRow("whole word") << "w" << "x" << "1 of 2" << "";
    QTest::newRow("regex") << "r" << "x\\s*=" << "1 of 1" << "";
    QTest::newRow("bad regex") << "r" << "print(" << ""
                               << "Not a valid regular expression: missing closing parenthesis at character 7.";
    QTest::newRow("no match") << "" << "zzz" << "No results" << "";
}

void TestFindBar::typingShowsTheCount()
{
    QFETCH(QString, toggles);
    QFETCH(QString, typed);
    QFETCH(QString, counter);
    QFETCH(QString, message);
    Shown shown(QStringLiteral("c:print(1)|m:# print me|c:x = 2\nprint(x)|c:xx"));
    QVERIFY(shown.ready());
    shown.bar->open(false);
    QCOMPARE(Shown::keyboard(), shown.bar->queryField());
    for (const QChar toggle : toggles)
        QTest::keyClick(Shown::keyboard(), Qt::Key(toggle.toUpper().unicode()), Qt::AltModifier);
    QTest::keyClicks(Shown::keyboard(), typed);
    QCOMPARE(shown.bar->queryField()->text(), typed);
    QCOMPARE(shown.bar->counterText(), counter);
    QCOMPARE(shown.bar->messageText(), message);
    QCOMPARE(shown.model.cellCount(), 4);
}

void TestFindBar::enterMovesTheCursorCell_data()
{
    QTest::addColumn<QString>("keys");   // n: Enter, p: Shift+Enter, f: F3
    QTest::addColumn<QString>("cursors");
    QTest::addColumn<QString>("counter");
    // Matches of "a": cells 0, 2 and 4 (the markdown cell 3 has none).
    QTest::newRow("typing shows the first") << "" << "" << "1 of 3";
    QTest::newRow("enter") << "n" << "2" << "2 of 3";
    QTest::newRow("enter twice") << "n n" << "2 4" << "3 of 3";
    QTest::newRow("enter wraps") << "n n n" << "2 4 0" << "1 of 3";
    QTest::newRow("shift+enter wraps back") << "p" << "4" << "3 of 3";
    QTest::newRow("there and back") << "n n p" << "2 4 2" << "2 of 3";
    QTest::newRow("F3") << "f f" << "2 4" << "3 of 3";
}

void TestFindBar::enterMovesTheCursorCell()
{
    QFETCH(QString, keys);
    QFETCH(QString, cursors);
    QFETCH(QString, counter);
    Shown shown(QStringLiteral("c:a = 1|c:b = 2|c:a + b|m:none|c:a"));
    QVERIFY(shown.ready());
    shown.bar->open(false);
    QTest::keyClicks(Shown::keyboard(), QStringLiteral("a"));
    QCOMPARE(shown.model.cursor(), 0);
    QStringList visited;
    for (const QString &key : keys.split(u' ', Qt::SkipEmptyParts)) {
        if (key == u"f")
            QTest::keyClick(Shown::keyboard(), Qt::Key_F3);
        else
            QTest::keyClick(Shown::keyboard(), Qt::Key_Return, key == u"p" ? Qt::ShiftModifier : Qt::NoModifier);
        visited << QString::number(shown.model.cursor());
    }
    QCOMPARE(visited.join(u' '), cursors);
    QCOMPARE(shown.bar->counterText(), counter);
    QCOMPARE(Shown::keyboard(), shown.bar->queryField());
    QCOMPARE(shown.model.mode(), Editor::Mode::Command);
}

void TestFindBar::currentMatchIsBoxedInTheEditor()
{
    using Editor::SearchHighlighter;
    Shown shown(QStringLiteral("c:a = 1|c:b = 2|c:ünï = 'a'"));
    QVERIFY(shown.ready());
    shown.bar->open(false);
    QTest::keyClicks(Shown::keyboard(), QStringLiteral("a"));
    QTest::keyClick(Shown::keyboard(), Qt::Key_Return);
    QCOMPARE(shown.model.cursor(), 2);
    Editor::CellEditor *current = shown.view->editorFor(2);
    Editor::CellEditor *other = shown.view->editorFor(0);
    QVERIFY(current && other);
    // "ünï = '" is 7 UTF-16 units but 9 UTF-8 bytes, and Scintilla counts bytes.
    QCOMPARE(indicatorAt(current, SearchHighlighter::currentIndicator, 9), 1L);
    QCOMPARE(indicatorAt(current, SearchHighlighter::currentIndicator, 8), 0L);
    QCOMPARE(indicatorAt(current, SearchHighlighter::currentIndicator, 10), 0L);
    QCOMPARE(indicatorAt(other, SearchHighlighter::matchIndicator, 0), 1L);
    QCOMPARE(indicatorAt(other, SearchHighlighter::currentIndicator, 0), 0L);

    QTest::keyClick(Shown::keyboard(), Qt::Key_Escape);
    QCOMPARE(indicatorAt(current, SearchHighlighter::currentIndicator, 9), 0L);
    QCOMPARE(indicatorAt(other, SearchHighlighter::matchIndicator, 0), 0L);
}

void TestFindBar::farCellGetsItsBoxWhenScrolledIn()
{
    QStringList cells;
    for (int i = 0; i < 300; ++i)
        cells << (i == 250 ? QStringLiteral("c:needle = 1") : QStringLiteral("c:x = %1").arg(i));
    Shown shown(cells.join(u'|'));
    QVERIFY(shown.ready());
    QVERIFY(!shown.view->editorFor(250));
    shown.bar->open(false);
    QTest::keyClicks(Shown::keyboard(), QStringLiteral("needle"));
    QCOMPARE(shown.model.cursor(), 250);
    QCOMPARE(shown.bar->counterText(), QStringLiteral("1 of 1"));
    const auto [first, last] = shown.view->visibleCells();
    QVERIFY(first <= 250 && 250 <= last);
    Editor::CellEditor *editor = shown.view->editorFor(250);
    QVERIFY(editor);
    QCOMPARE(indicatorAt(editor, Editor::SearchHighlighter::currentIndicator, 0), 1L);
    QCOMPARE(indicatorAt(editor, Editor::SearchHighlighter::currentIndicator, 6), 0L);
}

void TestFindBar::replaceAllIsOneUndoStep()
{
    Shown shown(QStringLiteral("c:foo(1) + foo(2)|m:# foo|c:bar"));
    QVERIFY(shown.ready());
    shown.bar->open(true);
    QVERIFY(shown.bar->isReplaceShown());
    QTest::keyClicks(Shown::keyboard(), QStringLiteral("foo\\((\\d)\\)"));
    QTest::keyClick(Shown::keyboard(), Qt::Key_R, Qt::AltModifier);
    QCOMPARE(shown.bar->counterText(), QStringLiteral("1 of 2"));
    QTest::keyClick(Shown::keyboard(), Qt::Key_Tab);
    QCOMPARE(Shown::keyboard(), shown.bar->replaceField());
    QTest::keyClicks(Shown::keyboard(), QStringLiteral("baz[$1]"));
    QTest::keyClick(Shown::keyboard(), Qt::Key_Return, Qt::ControlModifier | Qt::AltModifier);

    QCOMPARE(describe(shown.model), QStringLiteral("c:baz[1] + baz[2]|m:# foo|c:bar"));
    QCOMPARE(shown.bar->messageText(), QStringLiteral("Replaced 2 matches."));
    QCOMPARE(shown.bar->counterText(), QStringLiteral("No results"));
    QCOMPARE(shown.model.undoStack()->count(), 1);
    QCOMPARE(shown.view->editorFor(0)->text(), QStringLiteral("baz[1] + baz[2]"));

    shown.model.undo();
    QCOMPARE(describe(shown.model), QStringLiteral("c:foo(1) + foo(2)|m:# foo|c:bar"));
    QCOMPARE(shown.view->editorFor(0)->text(), QStringLiteral("foo(1) + foo(2)"));
    QCOMPARE(shown.bar->counterText(), QStringLiteral("1 of 2"));
}

void TestFindBar::replaceOneThenUndo()
{
    Shown shown(QStringLiteral("c:x = 1|c:y = x|c:x"));
    QVERIFY(shown.ready());
    shown.model.setCursor(1);
    shown.bar->open(true);
    QTest::keyClicks(Shown::keyboard(), QStringLiteral("x"));
    QCOMPARE(shown.model.cursor(), 1);   // the first match from the cursor cell
    shown.bar->replaceField()->setFocus();
    QTest::keyClicks(Shown::keyboard(), QStringLiteral("value"));
    QTest::keyClick(Shown::keyboard(), Qt::Key_Return);
    QCOMPARE(describe(shown.model), QStringLiteral("c:x = 1|c:y = value|c:x"));
    QCOMPARE(shown.model.cursor(), 2);   // and on to the next
    QCOMPARE(shown.bar->counterText(), QStringLiteral("2 of 2"));
    QTest::keyClick(Shown::keyboard(), Qt::Key_Return);
    QCOMPARE(describe(shown.model), QStringLiteral("c:x = 1|c:y = value|c:value"));
    QCOMPARE(shown.model.undoStack()->count(), 2);
    shown.model.undo();
    QCOMPARE(describe(shown.model), QStringLiteral("c:x = 1|c:y = value|c:x"));
}

void TestFindBar::keysInTheFieldsDoNotReachTheKeymap()
{
    Shown shown(QStringLiteral("c:one|m:two"));
    QVERIFY(shown.ready());
    QSignalSpy requested(shown.view, &NotebookView::commandRequested);
    // The same keys on the notebook run commands: B inserts a cell.
    QTest::keyClick(Shown::keyboard(), Qt::Key_B);
    QCOMPARE(shown.model.cellCount(), 3);
    shown.model.undo();

    shown.bar->open(true);
    for (QLineEdit *field : {shown.bar->queryField(), shown.bar->replaceField()}) {
        field->setFocus();
        QTest::keyClicks(Shown::keyboard(), QStringLiteral("abddzyxcvh1o"));
        QTest::keyClick(Shown::keyboard(), 'M', Qt::ShiftModifier);
        QTest::keyClick(Shown::keyboard(), Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier);
        QTest::keyClick(Shown::keyboard(), Qt::Key_Space);
        QCOMPARE(field->text(), QStringLiteral("abddzyxcvh1oM "));
    }
    QCOMPARE(describe(shown.model), QStringLiteral("c:one|m:two"));
    QCOMPARE(shown.model.undoStack()->count(), 1);   // the insert above, undone and not redone
    QCOMPARE(shown.model.undoStack()->index(), 0);
    QVERIFY(requested.isEmpty());
    QVERIFY(shown.bar->isVisible());
}

void TestFindBar::selectedWordIsTheQueryAndTheFirstMatch()
{
    Shown shown(QStringLiteral("c:x = 1|c:total = total + 1"));
    QVERIFY(shown.ready());
    shown.model.setCursor(1);
    shown.model.setMode(Editor::Mode::Edit);
    shown.view->editorFor(1)->setSelection(0, 8, 0, 13);   // the second "total"
    shown.bar->open(false);
    QCOMPARE(shown.bar->queryField()->text(), QStringLiteral("total"));
    QCOMPARE(shown.bar->counterText(), QStringLiteral("2 of 2"));
    QCOMPARE(Shown::keyboard(), shown.bar->queryField());
    QCOMPARE(shown.bar->queryField()->selectedText(), QStringLiteral("total"));   // typing replaces it
}

void TestFindBar::escapeGivesTheKeyboardBack_data()
{
    QTest::addColumn<bool>("editMode");
    QTest::newRow("command mode: the notebook") << false;
    QTest::newRow("edit mode: the cell editor, match selected") << true;
}

void TestFindBar::escapeGivesTheKeyboardBack()
{
    QFETCH(bool, editMode);
    Shown shown(QStringLiteral("c:alpha|c:beta gamma"));
    QVERIFY(shown.ready());
    shown.model.setCursor(1);
    if (editMode)
        shown.model.setMode(Editor::Mode::Edit);
    QWidget *before = Shown::keyboard();
    QCOMPARE(before, editMode ? static_cast<QWidget *>(shown.view->editorFor(1)) : shown.view);
    shown.bar->open(false);
    QTest::keyClicks(Shown::keyboard(), QStringLiteral("gam"));
    QCOMPARE(shown.model.mode(), editMode ? Editor::Mode::Edit : Editor::Mode::Command);
    QTest::keyClick(Shown::keyboard(), Qt::Key_Escape);
    QVERIFY(shown.bar->isHidden());
    QCOMPARE(Shown::keyboard(), before);
    if (editMode)
        QCOMPARE(shown.view->editorFor(1)->selectedText(), QStringLiteral("gam"));
}

void TestFindBar::ctrlFOpensTheBarInBothModes()
{
    App::MainWindow window;
    window.show();
    window.newNotebook();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    App::NotebookTab *tab = window.currentTab();
    tab->model()->setCellSource(0, QStringLiteral("total = 1"));
    QTRY_VERIFY(tab->view()->hasFocus());

    QTest::keyClick(Shown::keyboard(), Qt::Key_F, Qt::ControlModifier);
    QVERIFY(tab->findBar()->isVisible());
    QCOMPARE(Shown::keyboard(), tab->findBar()->queryField());
    QTest::keyClick(Shown::keyboard(), Qt::Key_Escape);
    QCOMPARE(Shown::keyboard(), tab->view());

    // In edit mode the selected word becomes the query; Ctrl+H opens replace too.
    tab->model()->setMode(Editor::Mode::Edit);
    Editor::CellEditor *editor = tab->view()->editorFor(0);
    QCOMPARE(Shown::keyboard(), editor);
    editor->setSelection(0, 0, 0, 5);
    QTest::keyClick(Shown::keyboard(), Qt::Key_H, Qt::ControlModifier);
    QVERIFY(tab->findBar()->isReplaceShown());
    QCOMPARE(tab->findBar()->queryField()->text(), QStringLiteral("total"));
    QCOMPARE(tab->findBar()->counterText(), QStringLiteral("1 of 1"));
    QCOMPARE(Shown::keyboard(), tab->findBar()->replaceField());
    QCOMPARE(tab->model()->source(0), QStringLiteral("total = 1"));
}

QTEST_MAIN(TestFindBar)
#include "tst_findbar.moc"
