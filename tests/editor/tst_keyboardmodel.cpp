// The Jupyter keyboard model end to end: key presses → KeyDispatcher → NotebookCommands → NotebookModel.
#include "notebookfixture.h"

#include "model/keydispatcher.h"
#include "model/keymap.h"
#include "model/notebookcommands.h"
#include "model/notebookmodel.h"

#include <QKeyEvent>
#include <QTest>

using namespace Notebench::Editor;
using NotebookFixture::describe;
using NotebookFixture::marks;
using NotebookFixture::notebookFrom;

class TestKeyboardModel : public QObject {
    Q_OBJECT
private slots:
    void keys_data();
    void keys();
    void dispatcherOutcomes();
    void chordTimesOutOnTheRealClock();
};

void TestKeyboardModel::keys_data()
{
    QTest::addColumn<QString>("start");
    QTest::addColumn<int>("startCursor");
    // Space-separated keys in QKeySequence text; "~N" lets N ms pass, "@N" puts the editor caret
    // at offset N, "type:TEXT" is edit-mode typing that sets the cursor cell's source to TEXT.
    QTest::addColumn<QString>("keys");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<int>("cursor");
    QTest::addColumn<int>("anchor");
    QTest::addColumn<QString>("marks");
    QTest::addColumn<QString>("requested");

    const QString abc = QStringLiteral("c:a|c:b|c:c");
    // clang-format off
    QTest::newRow("B inserts below")          << "c:a|c:b" << 0 << "B" << "c:a|c:|c:b" << 1 << 1 << "" << "";
    QTest::newRow("A inserts above")          << "c:a|c:b" << 1 << "A" << "c:a|c:|c:b" << 1 << 1 << "" << "";
    QTest::newRow("A into empty notebook")    << "" << 0 << "A" << "c:" << 0 << 0 << "" << "";
    QTest::newRow("B B K D D Z")              << "c:a" << 0 << "B B K D D Z" << "c:a|c:|c:" << 1 << 1 << "" << "";
    QTest::newRow("D,D deletes")              << abc << 1 << "D D" << "c:a|c:c" << 1 << 1 << "" << "";
    QTest::newRow("D,D on last cell")         << abc << 2 << "D D" << "c:a|c:b" << 1 << 1 << "" << "";
    QTest::newRow("D,D on selection")         << abc << 0 << "Shift+J D D" << "c:c" << 0 << 0 << "" << "";
    QTest::newRow("D,D on all keeps one")     << abc << 0 << "Ctrl+A D D" << "c:" << 0 << 0 << "" << "";
    QTest::newRow("single D waits")           << abc << 0 << "D" << abc << 0 << 0 << "" << "";
    QTest::newRow("chord timeout")            << abc << 0 << "D ~1100 D" << abc << 0 << 0 << "" << "";
    QTest::newRow("chord just in time")       << abc << 0 << "D ~990 D" << "c:b|c:c" << 0 << 0 << "" << "";
    QTest::newRow("late key starts anew")     << abc << 0 << "D ~1100 D D" << "c:b|c:c" << 0 << 0 << "" << "";
    QTest::newRow("D then A inserts above")   << "c:a" << 0 << "D A" << "c:|c:a" << 0 << 0 << "" << "";
    QTest::newRow("D J D deletes nothing")    << abc << 0 << "D J D" << abc << 1 << 1 << "" << "";
    QTest::newRow("Shift between D and D")    << abc << 0 << "D Shift D" << "c:b|c:c" << 0 << 0 << "" << "";
    QTest::newRow("undo delete")              << abc << 1 << "D D Z" << abc << 1 << 1 << "" << "";
    QTest::newRow("redo delete")              << abc << 1 << "D D Z Shift+Z" << "c:a|c:c" << 1 << 1 << "" << "";
    QTest::newRow("undo two deletes")         << abc << 0 << "D D D D Z Z" << abc << 0 << 0 << "" << "";
    QTest::newRow("undo with nothing to undo") << abc << 0 << "Z Shift+Z" << abc << 0 << 0 << "" << "";
    QTest::newRow("X V moves a cell down")    << abc << 0 << "X V" << "c:b|c:a|c:c" << 1 << 1 << "" << "";
    QTest::newRow("C V copies")               << abc << 0 << "C V" << "c:a|c:a|c:b|c:c" << 1 << 1 << "" << "";
    QTest::newRow("C V V")                    << "c:a" << 0 << "C V V" << "c:a|c:a|c:a" << 2 << 2 << "" << "";
    QTest::newRow("Shift+V pastes above")     << abc << 0 << "X J Shift+V" << "c:b|c:a|c:c" << 1 << 1 << "" << "";
    QTest::newRow("cut two, paste below")     << abc << 0 << "Shift+J X V" << "c:c|c:a|c:b" << 2 << 2 << "" << "";
    QTest::newRow("V with empty clipboard")   << abc << 0 << "V Shift+V" << abc << 0 << 0 << "" << "";
    QTest::newRow("undo paste")               << abc << 0 << "C V Z" << abc << 0 << 0 << "" << "";
    QTest::newRow("M")                        << abc << 0 << "M" << "m:a|c:b|c:c" << 0 << 0 << "" << "";
    QTest::newRow("R")                        << abc << 1 << "R" << "c:a|r:b|c:c" << 1 << 1 << "" << "";
    QTest::newRow("M Y")                      << abc << 0 << "M Y" << abc << 0 << 0 << "" << "";
    QTest::newRow("M on a selection")         << abc << 0 << "Shift+J M" << "m:a|m:b|c:c" << 1 << 0 << "" << "";
    QTest::newRow("M Z")                      << abc << 0 << "M Z" << abc << 0 << 0 << "" << "";
    QTest::newRow("1")                        << "c:a" << 0 << "1" << "m:# a" << 0 << 0 << "" << "";
    QTest::newRow("2")                        << "c:a" << 0 << "2" << "m:## a" << 0 << 0 << "" << "";
    QTest::newRow("3 replaces a heading")     << "m:# a" << 0 << "3" << "m:### a" << 0 << 0 << "" << "";
    QTest::newRow("4")                        << "m:a" << 0 << "4" << "m:#### a" << 0 << 0 << "" << "";
    QTest::newRow("5")                        << "r:a" << 0 << "5" << "m:##### a" << 0 << 0 << "" << "";
    QTest::newRow("6 strips leading space")   << "m:   a" << 0 << "6" << "m:###### a" << 0 << 0 << "" << "";
    QTest::newRow("1 Z")                      << "c:a" << 0 << "1 Z" << "c:a" << 0 << 0 << "" << "";
    QTest::newRow("J J J stops at the end")   << abc << 0 << "J J J" << abc << 2 << 2 << "" << "";
    QTest::newRow("K at the top")             << abc << 0 << "K" << abc << 0 << 0 << "" << "";
    QTest::newRow("Down Down Up")             << abc << 0 << "Down Down Up" << abc << 1 << 1 << "" << "";
    QTest::newRow("Shift+J Shift+J")          << abc << 0 << "Shift+J Shift+J" << abc << 2 << 0 << "" << "";
    QTest::newRow("Shift+K upwards")          << abc << 2 << "Shift+K" << abc << 1 << 2 << "" << "";
    QTest::newRow("Shift+Down Shift+Up")      << abc << 0 << "Shift+Down Shift+Up" << abc << 0 << 0 << "" << "";
    QTest::newRow("J collapses selection")    << abc << 0 << "Shift+J J" << abc << 2 << 2 << "" << "";
    QTest::newRow("Ctrl+A")                   << abc << 1 << "Ctrl+A" << abc << 2 << 0 << "" << "";
    QTest::newRow("Shift+M merges selection") << abc << 0 << "Shift+J Shift+M" << "c:a\nb|c:c" << 0 << 0 << "" << "";
    QTest::newRow("Shift+M merges with next") << abc << 1 << "Shift+M" << "c:a|c:b\nc" << 1 << 1 << "" << "";
    QTest::newRow("Shift+M on the last cell") << abc << 2 << "Shift+M" << abc << 2 << 2 << "" << "";
    QTest::newRow("merge keeps first type")   << "m:x|c:y" << 0 << "Shift+M" << "m:x\ny" << 0 << 0 << "" << "";
    QTest::newRow("merge all, undo")          << abc << 0 << "Ctrl+A Shift+M Z" << abc << 2 << 0 << "" << "";
    QTest::newRow("merge all, undo, redo")    << abc << 0 << "Ctrl+A Shift+M Z Shift+Z" << "c:a\nb\nc" << 0 << 0 << "" << "";
    QTest::newRow("split")                    << "c:ab" << 0 << "Enter @1 Ctrl+Shift+-" << "c:a|c:b" << 1 << 1 << "edit" << "";
    QTest::newRow("split at a line break")    << "c:x\ny" << 0 << "Enter @2 Ctrl+Shift+-" << "c:x|c:y" << 1 << 1 << "edit" << "";
    QTest::newRow("split at the end")         << "m:ab" << 0 << "Enter @9 Ctrl+Shift+-" << "m:ab|m:" << 1 << 1 << "edit" << "";
    QTest::newRow("split, undo")              << "c:ab" << 0 << "Enter @1 Ctrl+Shift+- Esc Z" << "c:ab" << 0 << 0 << "" << "";
    QTest::newRow("no split in command mode") << "c:ab" << 0 << "@1 Ctrl+Shift+-" << "c:ab" << 0 << 0 << "" << "";
    QTest::newRow("move down")                << abc << 0 << "Ctrl+Shift+Down" << "c:b|c:a|c:c" << 1 << 1 << "" << "";
    QTest::newRow("move up")                  << abc << 1 << "Ctrl+Shift+Up" << "c:b|c:a|c:c" << 0 << 0 << "" << "";
    QTest::newRow("move block down")          << abc << 0 << "Shift+J Ctrl+Shift+Down" << "c:c|c:a|c:b" << 2 << 1 << "" << "";
    QTest::newRow("move at the top")          << abc << 0 << "Ctrl+Shift+Up" << abc << 0 << 0 << "" << "";
    QTest::newRow("move at the bottom")       << abc << 2 << "Ctrl+Shift+Down" << abc << 2 << 2 << "" << "";
    QTest::newRow("move, undo")               << abc << 0 << "Ctrl+Shift+Down Z" << abc << 0 << 0 << "" << "";
    QTest::newRow("typing")                   << "c:" << 0 << "Enter type:x type:xy Esc" << "c:xy" << 0 << 0 << "" << "";
    QTest::newRow("typing undoes in one step") << "c:" << 0 << "Enter type:x type:xy Esc Z" << "c:" << 0 << 0 << "" << "";
    QTest::newRow("typing two cells, Z")      << "c:|c:" << 0 << "Enter type:x Esc J Enter type:y Esc Z" << "c:x|c:" << 1 << 1 << "" << "";
    QTest::newRow("edit mode ignores D,D")    << abc << 0 << "Enter D D" << abc << 0 << 0 << "edit" << "";
    QTest::newRow("Ctrl+M leaves edit mode")  << abc << 0 << "Enter Ctrl+M D D" << "c:b|c:c" << 0 << 0 << "" << "";
    QTest::newRow("Esc leaves edit mode")     << abc << 0 << "Enter Esc D D" << "c:b|c:c" << 0 << 0 << "" << "";
    QTest::newRow("O hides outputs")          << abc << 1 << "O" << abc << 1 << 1 << "h1" << "";
    QTest::newRow("O O")                      << abc << 1 << "O O" << abc << 1 << 1 << "" << "";
    QTest::newRow("O on a selection")         << abc << 0 << "Shift+J O" << abc << 1 << 0 << "h0 h1" << "";
    QTest::newRow("O Z")                      << abc << 0 << "O Z" << abc << 0 << 0 << "" << "";
    QTest::newRow("O skips markdown")         << "m:a" << 0 << "O" << "m:a" << 0 << 0 << "" << "";
    QTest::newRow("L")                        << abc << 1 << "L" << abc << 1 << 1 << "n1" << "";
    QTest::newRow("L L")                      << abc << 1 << "L L" << abc << 1 << 1 << "" << "";
    QTest::newRow("Shift+L")                  << abc << 0 << "Shift+L" << abc << 0 << 0 << "n0 n1 n2" << "";
    QTest::newRow("Shift+L, new cells follow") << "c:a" << 0 << "Shift+L B" << "c:a|c:" << 1 << 1 << "n0 n1" << "";
    QTest::newRow("L is not undoable")        << abc << 0 << "L Z" << abc << 0 << 0 << "n0" << "";
    QTest::newRow("L travels with its cell")  << abc << 0 << "L Ctrl+Shift+Down" << "c:b|c:a|c:c" << 1 << 1 << "n1" << "";
    QTest::newRow("I,I interrupts")           << abc << 0 << "I I" << abc << 0 << 0 << "" << "interrupt-kernel";
    QTest::newRow("I, late I")                << abc << 0 << "I ~1500 I" << abc << 0 << 0 << "" << "";
    QTest::newRow("0,0 restarts")             << abc << 0 << "0 0" << abc << 0 << 0 << "" << "restart-kernel";
    QTest::newRow("run keys")                 << abc << 0 << "Shift+Return Ctrl+Return Alt+Return" << abc << 0 << 0 << ""
                                              << "run-cell-and-select-next,run-cell,run-cell-and-insert-below";
    QTest::newRow("keypad Enter runs too")    << abc << 0 << "Shift+Enter" << abc << 0 << 0 << "" << "run-cell-and-select-next";
    QTest::newRow("run keys in edit mode")    << abc << 0 << "Enter Shift+Return" << abc << 0 << 0 << "edit" << "run-cell-and-select-next";
    QTest::newRow("save, help, palette")      << abc << 0 << "S Ctrl+S H Ctrl+Shift+P" << abc << 0 << 0 << ""
                                              << "save,save,show-help,command-palette";
    QTest::newRow("Ctrl+S in edit mode")      << abc << 0 << "Enter Ctrl+S" << abc << 0 << 0 << "edit" << "save";
    // clang-format on
}

void TestKeyboardModel::keys()
{
    QFETCH(QString, start);
    QFETCH(int, startCursor);
    QFETCH(QString, keys);

    NotebookModel model(notebookFrom(start));
    model.setCursor(startCursor);
    Keymap keymap;
    KeyDispatcher dispatcher(&keymap);
    qint64 now = 1000;
    dispatcher.setClock([&now] { return now; });
    NotebookCommands commands(&model);
    int caret = 0;
    commands.setCaretOffsetProvider([&caret] { return caret; });
    QStringList requested;
    connect(&commands, &NotebookCommands::requested, this, [&requested](const QString& c) { requested << c; });

    for (const QString& token : keys.split(u' ', Qt::SkipEmptyParts)) {
        if (token.startsWith(u'~')) {
            now += token.mid(1).toInt();
            continue;
        }
        if (token.startsWith(u'@')) {
            caret = token.mid(1).toInt();
            continue;
        }
        if (token.startsWith(u"type:")) {
            model.setCellSource(model.cursor(), token.mid(5));
            continue;
        }
        // A bare modifier press arrives on its own before the key it modifies.
        const QKeySequence sequence = token == u"Shift" ? QKeySequence(Qt::Key_Shift)
                                                        : QKeySequence::fromString(token, QKeySequence::PortableText);
        QVERIFY2(sequence.count() == 1, qPrintable(QStringLiteral("bad key in table: ") + token));
        // Through a real QKeyEvent, as the notebook view will hand them over.
        const QKeyEvent event(QEvent::KeyPress, sequence[0].key(), sequence[0].keyboardModifiers());
        const KeyDispatcher::Result result = dispatcher.feed(&event, model.mode());
        if (result.outcome == KeyDispatcher::Outcome::Command)
            commands.execute(result.command);
        now += 10;
    }

    QTEST(describe(model), "expected");
    QTEST(model.cursor(), "cursor");
    QTEST(model.selection().anchor, "anchor");
    QTEST(marks(model), "marks");
    QTEST(requested.join(u','), "requested");
}

void TestKeyboardModel::dispatcherOutcomes()
{
    using Outcome = KeyDispatcher::Outcome;
    const Keymap keymap;
    KeyDispatcher dispatcher(&keymap);
    QStringList triggered;
    connect(&dispatcher, &KeyDispatcher::commandTriggered, this, [&triggered](const QString& c) { triggered << c; });
    const auto feed = [&dispatcher](QKeyCombination key, Mode mode) { return dispatcher.feed(key, mode); };

    QCOMPARE(feed(Qt::Key_D, Mode::Command).outcome, Outcome::Pending);
    QVERIFY(dispatcher.hasPendingChord());
    QCOMPARE(feed(Qt::Key_Shift, Mode::Command).outcome, Outcome::Unhandled);
    QVERIFY(dispatcher.hasPendingChord());   // a bare modifier keeps the chord open
    const KeyDispatcher::Result chord = feed(Qt::Key_D, Mode::Command);
    QCOMPARE(chord.outcome, Outcome::Command);
    QCOMPARE(chord.command, QString("delete-cells"));
    QVERIFY(!dispatcher.hasPendingChord());
    QCOMPARE(feed(Qt::Key_Q, Mode::Command).outcome, Outcome::Unhandled);
    // Edit mode: letters and chord keys belong to the text editor.
    QCOMPARE(feed(Qt::Key_A, Mode::Edit).outcome, Outcome::Unhandled);
    QCOMPARE(feed(Qt::Key_D, Mode::Edit).outcome, Outcome::Unhandled);
    QVERIFY(!dispatcher.hasPendingChord());
    QCOMPARE(feed(Qt::Key_Escape, Mode::Edit).command, QString("enter-command-mode"));
    QCOMPARE(feed(Qt::CTRL | Qt::SHIFT | Qt::Key_Underscore, Mode::Edit).command, QString("split-cell"));
    // A chord begun in command mode does not finish in edit mode.
    QCOMPARE(feed(Qt::Key_I, Mode::Command).outcome, Outcome::Pending);
    QCOMPARE(feed(Qt::Key_I, Mode::Edit).outcome, Outcome::Unhandled);
    QCOMPARE(feed(Qt::KeypadModifier | Qt::Key_Enter, Mode::Command).command, QString("enter-edit-mode"));
    QCOMPARE(triggered, (QStringList{"delete-cells", "enter-command-mode", "split-cell", "enter-edit-mode"}));
}

void TestKeyboardModel::chordTimesOutOnTheRealClock()
{
    const Keymap keymap;
    KeyDispatcher dispatcher(&keymap);
    dispatcher.setChordTimeout(50);
    QCOMPARE(dispatcher.feed(Qt::Key_D, Mode::Command).outcome, KeyDispatcher::Outcome::Pending);
    QTest::qWait(120);
    QCOMPARE(dispatcher.feed(Qt::Key_D, Mode::Command).outcome, KeyDispatcher::Outcome::Pending);
    QCOMPARE(dispatcher.feed(Qt::Key_D, Mode::Command).command, QString("delete-cells"));
}

QTEST_MAIN(TestKeyboardModel)
#include "tst_keyboardmodel.moc"
