// NotebookView offscreen: virtualization keeps the editor count bounded on a 5,000-cell notebook,
// and the Jupyter keys, edit mode, markdown rendering and cell-to-cell caret moves work end to end.
#include "model/notebookmodel.h"
#include "view/ansiformat.h"
#include "view/cellcontextmenu.h"
#include "view/celleditor.h"
#include "view/editorpool.h"
#include "view/inputprompt.h"
#include "view/notebookview.h"
#include "view/outputs/outputarea.h"
#include "view/outputs/textoutput.h"

#include <QApplication>
#include <QLineEdit>
#include <QMenu>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QTextCursor>
#include <QTextDocument>
#include <QWheelEvent>

using namespace Notebench;
using namespace Notebench::Editor;

namespace {

Document::Notebook notebookFrom(const QStringList& cells)
{
    Document::Notebook notebook;
    for (const QString& part : cells) {
        const QString kind = part.section(u':', 0, 0);
        const auto type = kind == u"m" ? Document::CellType::Markdown
                        : kind == u"r" ? Document::CellType::Raw
                                       : Document::CellType::Code;
        notebook.insertCell(notebook.cells.size(), type, part.section(u':', 1).toStdString());
    }
    return notebook;
}

Document::Notebook largeNotebook(int count)
{
    Document::Notebook notebook;
    for (int i = 0; i < count; ++i) {
        if (i % 5 == 4) {
            notebook.insertCell(notebook.cells.size(), Document::CellType::Markdown, "## Section " + std::to_string(i));
            continue;
        }
        Document::Cell& cell = notebook.insertCell(notebook.cells.size(), Document::CellType::Code,
                                                   "x = " + std::to_string(i) + "\nprint(x)\n");
        cell.executionCount = i;
        cell.outputs = nlohmann::json::array(
            {{{"output_type", "stream"}, {"name", "stdout"}, {"text", "\x1b[32m" + std::to_string(i) + "\x1b[0m\n"}}});
    }
    return notebook;
}

// Editors the view still owns, once deferred deletions have run.
int editorChildren(NotebookView& view)
{
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    return static_cast<int>(view.findChildren<CellEditor*>().size());
}

struct ShownView {
    explicit ShownView(Document::Notebook notebook)
        : model(std::move(notebook))
        , view(&model)
    {
        view.resize(800, 600);
        view.show();
        view.activateWindow();
    }
    NotebookModel model;
    NotebookView view;
};

} // namespace

class TestNotebookView : public QObject {
    Q_OBJECT
private slots:
    void virtualizesLargeNotebook();
    void commandKeysChangeModel();
    void editModeTypingAndEscape();
    void runKeysAreRequested();
    void markdownRendersAndEdits();
    void markdownPreviewFollowsTyping();
    void upOnFirstLineMovesToPreviousCell();
    void structuralChangesKeepEditorsOnTheirCells();
    void runStatePrompt();
    void wheelOverEditorScrollsNotebook();
    void outputsRenderAnsiAndPlaceholders();
    void hidingOutputsShrinksTheCell();
    void inputPromptFollowsItsCell();
    void contextMenuFollowsRunState_data();
    void contextMenuFollowsRunState();
};

void TestNotebookView::virtualizesLargeNotebook()
{
    ShownView s(largeNotebook(5000));
    QVERIFY(QTest::qWaitForWindowExposed(&s.view));
    const auto bound = [&s] {
        const auto [first, last] = s.view.visibleCells();
        return last - first + 1 + 2 * NotebookView::marginCells;
    };
    QVERIFY2(s.view.liveEditorCount() <= bound(), qPrintable(QString::number(s.view.liveEditorCount())));
    QVERIFY(s.view.liveEditorCount() > 0);
    QVERIFY(editorChildren(s.view) <= bound() + EditorPool::capacity);

    QScrollBar* bar = s.view.verticalScrollBar();
    for (int step = 0; step < 20; ++step)
        bar->setValue(bar->maximum() * step / 20);
    bar->setValue(bar->maximum());
    QCoreApplication::processEvents();
    const auto [first, last] = s.view.visibleCells();
    QCOMPARE(last, 4999);
    QVERIFY(first > 4900);
    QVERIFY(s.view.editorFor(4998) != nullptr);   // code cell at the bottom is live
    QVERIFY(s.view.editorFor(0) == nullptr);      // the top is not
    QVERIFY2(s.view.liveEditorCount() <= bound(), qPrintable(QString::number(s.view.liveEditorCount())));
    QVERIFY(editorChildren(s.view) <= bound() + EditorPool::capacity);
    QCOMPARE(s.view.editorFor(4998)->text(), QStringLiteral("x = 4998\nprint(x)\n"));
}

void TestNotebookView::commandKeysChangeModel()
{
    ShownView s(notebookFrom({"c:a", "c:b"}));
    QVERIFY(QTest::qWaitForWindowExposed(&s.view));
    QTest::keyClick(&s.view, Qt::Key_B);
    QCOMPARE(s.model.cellCount(), 3);
    QCOMPARE(s.model.cursor(), 1);
    QVERIFY(s.view.editorFor(1) != nullptr);
    QCOMPARE(s.view.editorFor(2)->text(), QStringLiteral("b"));
    QTest::keyClick(&s.view, Qt::Key_D);
    QTest::keyClick(&s.view, Qt::Key_D);
    QCOMPARE(s.model.cellCount(), 2);
    QCOMPARE(s.model.source(1), QStringLiteral("b"));
    QCOMPARE(s.view.editorFor(1)->text(), QStringLiteral("b"));
    QTest::keyClick(&s.view, Qt::Key_M);
    QCOMPARE(s.model.cell(1).type, Document::CellType::Markdown);
    QVERIFY(s.view.editorFor(1) == nullptr);   // rendered now
}

void TestNotebookView::editModeTypingAndEscape()
{
    ShownView s(notebookFrom({"c:a", "c:"}));
    QVERIFY(QTest::qWaitForWindowActive(&s.view));
    s.model.setCursor(1);
    QTest::keyClick(&s.view, Qt::Key_Return);
    QCOMPARE(s.model.mode(), Mode::Edit);
    CellEditor* editor = s.view.editorFor(1);
    QVERIFY(editor);
    QCOMPARE(QApplication::focusWidget(), editor);
    QTest::keyClicks(editor, "x = 1");
    QCOMPARE(s.model.source(1), QStringLiteral("x = 1"));
    QTest::keyClick(editor, Qt::Key_Return);
    QTest::keyClicks(editor, "y");
    QCOMPARE(s.model.source(1), QStringLiteral("x = 1\ny"));
    QVERIFY(editor->contentHeight() > 0);
    QCOMPARE(editor->height(), editor->contentHeight());   // grows with its text: no inner scrolling
    QTest::keyClick(editor, Qt::Key_Escape);
    QCOMPARE(s.model.mode(), Mode::Command);
    QCOMPARE(QApplication::focusWidget(), &s.view);
    QTest::keyClick(&s.view, Qt::Key_Z);   // undo in command mode is a cell action; typing merged into one step
    QCOMPARE(s.model.source(1), QString());
    QCOMPARE(s.view.editorFor(1)->text(), QString());
}

void TestNotebookView::runKeysAreRequested()
{
    ShownView s(notebookFrom({"c:a"}));
    QVERIFY(QTest::qWaitForWindowExposed(&s.view));
    QSignalSpy requested(&s.view, &NotebookView::commandRequested);
    QTest::keyClick(&s.view, Qt::Key_Return, Qt::ShiftModifier);
    QTest::keyClick(&s.view, Qt::Key_Return);
    CellEditor* editor = s.view.editorFor(0);
    QVERIFY(editor);
    QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
    QTest::keyClick(editor, Qt::Key_Return, Qt::AltModifier);
    QCOMPARE(requested.size(), 3);
    QCOMPARE(requested.at(0).at(0).toString(), QStringLiteral("run-cell-and-select-next"));
    QCOMPARE(requested.at(1).at(0).toString(), QStringLiteral("run-cell"));
    QCOMPARE(requested.at(2).at(0).toString(), QStringLiteral("run-cell-and-insert-below"));
    QCOMPARE(s.model.source(0), QStringLiteral("a"));   // the run keys typed nothing
}

void TestNotebookView::markdownRendersAndEdits()
{
    ShownView s(notebookFrom({"m:# Title\n\nSome *text*", "c:x"}));
    QVERIFY(QTest::qWaitForWindowActive(&s.view));
    QVERIFY(s.view.editorFor(0) == nullptr);
    QCOMPARE(s.view.renderedMarkdown(0), QStringLiteral("Title\nSome text"));
    QTest::keyClick(&s.view, Qt::Key_Return);
    CellEditor* editor = s.view.editorFor(0);
    QVERIFY(editor);
    QCOMPARE(editor->text(), QStringLiteral("# Title\n\nSome *text*"));
    QCOMPARE(s.view.renderedMarkdown(0), QStringLiteral("Title\nSome text"));   // now the preview under the editor
    editor->setCaretOffset(static_cast<int>(editor->text().size()));
    QTest::keyClicks(editor, " more");
    QCOMPARE(s.model.source(0), QStringLiteral("# Title\n\nSome *text* more"));
    QTest::keyClick(editor, Qt::Key_Escape);
    QVERIFY(s.view.editorFor(0) == nullptr);
    QCOMPARE(s.view.renderedMarkdown(0), QStringLiteral("Title\nSome text more"));
}

void TestNotebookView::markdownPreviewFollowsTyping()
{
    ShownView s(notebookFrom({"m:# Title", "c:x"}));
    QVERIFY(QTest::qWaitForWindowActive(&s.view));
    const int renderedHeight = s.view.cellRect(0).height();
    QVERIFY(s.view.previewRect(0).isEmpty());   // rendered only: no preview
    QTest::keyClick(&s.view, Qt::Key_Return);
    CellEditor* editor = s.view.editorFor(0);
    QVERIFY(editor);

    // Editor above, preview below it, both inside the cell, and the next cell after them.
    const int scroll = s.view.verticalScrollBar()->value();
    const QRect cell = s.view.cellRect(0);
    const QRect preview = s.view.previewRect(0);
    QVERIFY(!preview.isEmpty());
    QVERIFY(cell.contains(preview));
    QVERIFY2(preview.top() > editor->geometry().bottom() + scroll, "the preview sits under the editor");
    QVERIFY(cell.height() > renderedHeight);
    QCOMPARE(s.view.cellRect(1).top(), cell.bottom() + 1);
    QCOMPARE(s.view.renderedMarkdown(0), QStringLiteral("Title"));

    editor->setCaretOffset(static_cast<int>(editor->text().size()));
    for (const char* line : {"", "A *new* paragraph", "", "- one", "- two"}) {
        QTest::keyClick(editor, Qt::Key_Return);
        QTest::keyClicks(editor, line);
    }
    QCOMPARE(s.model.source(0), QStringLiteral("# Title\n\nA *new* paragraph\n\n- one\n- two"));
    // Typing does not wait for markdown: the preview renders after the pause, not on the key.
    QCOMPARE(s.view.renderedMarkdown(0), QStringLiteral("Title"));
    QTRY_COMPARE_WITH_TIMEOUT(s.view.renderedMarkdown(0), QStringLiteral("Title\nA new paragraph\none\ntwo"), 5000);
    QVERIFY2(s.view.previewRect(0).height() > preview.height(), "the preview grew with its text");
    QVERIFY(s.view.cellRect(0).contains(s.view.previewRect(0)));
    QCOMPARE(s.view.cellRect(1).top(), s.view.cellRect(0).bottom() + 1);
    const int editingHeight = s.view.cellRect(0).height();

    // Leaving edit mode at once still shows the latest text, rendered, without the preview.
    QTest::keyClicks(editor, " three");
    QTest::keyClick(editor, Qt::Key_Escape);
    QVERIFY(s.view.editorFor(0) == nullptr);
    QVERIFY(s.view.previewRect(0).isEmpty());
    QCOMPARE(s.view.renderedMarkdown(0), QStringLiteral("Title\nA new paragraph\none\ntwo three"));
    QVERIFY(s.view.cellRect(0).height() < editingHeight);
}

void TestNotebookView::upOnFirstLineMovesToPreviousCell()
{
    ShownView s(notebookFrom({"c:first\nlast", "c:one\ntwo"}));
    QVERIFY(QTest::qWaitForWindowActive(&s.view));
    s.model.setCursor(1);
    s.model.setMode(Mode::Edit);
    CellEditor* lower = s.view.editorFor(1);
    QCOMPARE(QApplication::focusWidget(), lower);
    lower->setCaretOffset(5);   // second line: Up stays inside the cell
    QTest::keyClick(lower, Qt::Key_Up);
    QCOMPARE(s.model.cursor(), 1);
    QTest::keyClick(lower, Qt::Key_Up);
    QCOMPARE(s.model.cursor(), 0);
    QCOMPARE(s.model.mode(), Mode::Edit);
    CellEditor* upper = s.view.editorFor(0);
    QCOMPARE(QApplication::focusWidget(), upper);
    int line = -1;
    int column = -1;
    upper->getCursorPosition(&line, &column);
    QCOMPARE(line, 1);   // arrives on the last line
    upper->placeCaretOnLastLine();
    QTest::keyClick(upper, Qt::Key_Down);
    QCOMPARE(s.model.cursor(), 1);
    QCOMPARE(QApplication::focusWidget(), s.view.editorFor(1));
}

void TestNotebookView::structuralChangesKeepEditorsOnTheirCells()
{
    ShownView s(notebookFrom({"c:a", "c:b", "c:c"}));
    QVERIFY(QTest::qWaitForWindowExposed(&s.view));
    s.model.setCursor(0);
    QTest::keyClick(&s.view, Qt::Key_Down, Qt::ControlModifier | Qt::ShiftModifier);   // move-cells-down
    QCOMPARE(s.model.source(1), QStringLiteral("a"));
    for (int i = 0; i < 3; ++i)
        QCOMPARE(s.view.editorFor(i)->text(), s.model.source(i));
    QTest::keyClick(&s.view, Qt::Key_A);
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(s.view.editorFor(i)->text(), s.model.source(i));
        QCOMPARE(s.view.editorFor(i)->index(), i);
    }
}

void TestNotebookView::runStatePrompt()
{
    ShownView s(notebookFrom({"c:a"}));
    s.view.setCellRunState(0, CellRunState::Running, QStringLiteral("2.0 s"));
    QCOMPARE(s.view.cellRunState(0), CellRunState::Running);
    QCOMPARE(CellPainter::prompt(s.model.cell(0), s.view.cellRunState(0)), QStringLiteral("[*]:"));
    QCOMPARE(CellPainter::prompt(s.model.cell(0), CellRunState::Idle), QStringLiteral("[ ]:"));
    QTest::keyClick(&s.view, Qt::Key_A);   // the state stays with its cell when cells move
    QCOMPARE(s.view.cellRunState(1), CellRunState::Running);
    QCOMPARE(s.view.cellTiming(1), QStringLiteral("2.0 s"));
    QCOMPARE(s.view.cellRunState(0), CellRunState::Idle);
}

void TestNotebookView::inputPromptFollowsItsCell()
{
    ShownView s(notebookFrom({"c:a", "c:name = input()", "c:c"}));
    const int before = s.view.cellRect(1).height();
    QSignalSpy submitted(&s.view, &NotebookView::inputSubmitted);
    s.view.showInputPrompt(1, QStringLiteral("Name? "), false);
    QVERIFY(s.view.inputPrompt());
    QVERIFY(s.view.cellRect(1).height() > before);   // the cell grew to hold the prompt
    QCOMPARE(s.view.cellRect(2).top(), s.view.cellRect(1).bottom() + 1);
    s.model.setCursor(0);
    s.model.insertCellAbove();   // the prompt's cell is now 2
    QCOMPARE(s.view.inputPromptCell(), 2);
    QTest::keyClicks(s.view.inputPrompt()->field(), QStringLiteral("Ada"));
    QTest::keyClick(s.view.inputPrompt()->field(), Qt::Key_Return);
    QCOMPARE(submitted.count(), 1);
    QCOMPARE(submitted[0].at(0).toInt(), 2);
    QCOMPARE(submitted[0].at(1).toString(), QStringLiteral("Ada"));
    QCOMPARE(s.view.inputPrompt(), nullptr);
    QCOMPARE(s.view.cellRect(2).height(), before);

    s.view.showInputPrompt(2, QString(), true);
    s.model.setCursor(2);
    s.model.deleteSelectedCells();   // the asking cell is gone, and so is its prompt
    QCOMPARE(s.view.inputPrompt(), nullptr);
    QCOMPARE(s.view.inputPromptCell(), -1);
}

void TestNotebookView::contextMenuFollowsRunState_data()
{
    QTest::addColumn<CellRunState>("state");
    QTest::addColumn<QString>("first");
    QTest::addColumn<QString>("command");
    QTest::newRow("idle") << CellRunState::Idle << QStringLiteral("Run Selected Cells") << QStringLiteral("run-cell");
    QTest::newRow("queued") << CellRunState::Queued << QStringLiteral("Cancel Queued Runs of Selected Cells")
                            << QStringLiteral("cancel-queued-cells");
    QTest::newRow("running") << CellRunState::Running << QStringLiteral("Interrupt Kernel")
                             << QStringLiteral("interrupt-kernel");
}

void TestNotebookView::contextMenuFollowsRunState()
{
    QFETCH(CellRunState, state);
    QFETCH(QString, first);
    QFETCH(QString, command);
    QMenu menu;
    QStringList ran;
    fillCellContextMenu(menu, state, [&](const QString& chosen) { ran << chosen; });
    const auto actions = menu.actions();
    QCOMPARE(actions.first()->text(), first);
    actions.first()->trigger();
    QCOMPARE(ran, QStringList{command});
    // Every entry is labelled from the catalog, none spelled out from its id.
    for (QAction* action : actions)
        QVERIFY2(action->isSeparator() || !action->text().contains(u'-'), qPrintable(action->text()));
    QCOMPARE(actions.size() - std::count_if(actions.begin(), actions.end(), [](QAction* a) { return a->isSeparator(); }), 13);
}

void TestNotebookView::wheelOverEditorScrollsNotebook()
{
    ShownView s(largeNotebook(200));
    QVERIFY(QTest::qWaitForWindowExposed(&s.view));
    CellEditor* editor = s.view.editorFor(0);
    QVERIFY(editor);
    QWheelEvent wheel(QPointF(10, 10), editor->mapToGlobal(QPointF(10, 10)), QPoint(), QPoint(0, -120), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(editor, &wheel);
    QVERIFY(s.view.verticalScrollBar()->value() > 0);
}

void TestNotebookView::outputsRenderAnsiAndPlaceholders()
{
    const nlohmann::json outputs = nlohmann::json::array({
        {{"output_type", "stream"}, {"name", "stdout"}, {"text", "\x1b[31mred\x1b[0m plain\n"}},
        {{"output_type", "display_data"}, {"data", {{"application/x-unknown", "?"}}}, {"metadata", nlohmann::json::object()}},
        {{"output_type", "execute_result"}, {"data", {{"text/plain", "42"}}}},
        {{"output_type", "error"}, {"ename", "ValueError"}, {"evalue", "bad"}, {"traceback", {"\x1b[0;31mValueError\x1b[0m: bad"}}},
    });
    OutputContext context;
    const auto area = OutputArea::build(outputs, context);
    QVERIFY(area);
    QCOMPARE(area->count(), 4);
    QVERIFY(area->height(400) > 0);
    auto* stream = dynamic_cast<TextOutput*>(area->renderer(0));
    QVERIFY(stream);
    QCOMPARE(stream->shownText(), QStringLiteral("red plain"));
    QVERIFY(!area->renderer(1));
    QVERIFY2(area->block(1).note.contains(QLatin1String("application/x-unknown")), qPrintable(area->block(1).note));
    QCOMPARE(area->renderer(2)->text(), QStringLiteral("42"));
    QCOMPARE(area->renderer(3)->text(), QStringLiteral("ValueError: bad"));
    QVERIFY(!OutputArea::build(nlohmann::json::array(), context));
}

void TestNotebookView::hidingOutputsShrinksTheCell()
{
    Document::Notebook notebook = notebookFrom({"c:print(1)"});
    notebook.cells[0].outputs = nlohmann::json::array({{{"output_type", "stream"}, {"name", "stdout"}, {"text", "1\n2\n3\n"}}});
    ShownView s(std::move(notebook));
    QVERIFY(QTest::qWaitForWindowExposed(&s.view));
    const int shown = s.view.cellRect(0).height();
    QTest::keyClick(&s.view, Qt::Key_O);
    QVERIFY2(s.view.cellRect(0).height() < shown, "outputs hidden");
    QTest::keyClick(&s.view, Qt::Key_O);
    QCOMPARE(s.view.cellRect(0).height(), shown);
}

QTEST_MAIN(TestNotebookView)
#include "tst_notebookview.moc"
