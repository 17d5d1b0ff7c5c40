// NotebookModel beyond the keyboard table: JEP 62 ids, Jupyter's type-change rules, the modified
// flag against the undo stack's clean state, edit coalescing, and the order of change signals.
#include "notebookfixture.h"

#include "model/celltransforms.h"
#include "model/notebookmodel.h"

#include <QSignalSpy>
#include <QTest>

#include <set>

using namespace Notebench;
using namespace Notebench::Editor;
using NotebookFixture::describe;
using NotebookFixture::notebookFrom;

class TestNotebookModel : public QObject {
    Q_OBJECT
private slots:
    void insertedCellsGetFreshIds();
    void copyPasteGivesFreshIds();
    void cutPasteKeepsIdUnlessItCollides();
    void splitTopKeepsId();
    void mergeKeepsFirstId();
    void notebooksWithoutIdsStayWithout();
    void codeToMarkdownDropsOutputs();
    void markdownToCodeDropsAttachments();
    void mergeDropsOutputsKeepsFirstMetadata();
    void splitKeepsOutputsOnTheLowerHalf();
    void outputsHiddenWritesBothFlags();
    void modifiedFollowsUndoToClean();
    void kernelResultsModifyWithoutUndo();
    void viewStateIsNotAModification();
    void typingCoalescesUntilSaved();
    void typingBackToTheStartLeavesNoStep();
    void signalsArriveInOrder();
    void modeSignalsOnlyOnChange();

private:
    static std::set<std::string> ids(const NotebookModel& model);
};

std::set<std::string> TestNotebookModel::ids(const NotebookModel& model)
{
    std::set<std::string> result;
    for (const Document::Cell& cell : model.notebook().cells) {
        if (!Document::isValidCellId(cell.id))
            qFatal("invalid cell id '%s'", cell.id.c_str());
        result.insert(cell.id);
    }
    if (result.size() != model.notebook().cells.size())
        qFatal("duplicate cell ids");
    return result;
}

// QCOMPARE cannot print nlohmann::json, but it can show two dumps side by side.
static QString dump(const nlohmann::json& json)
{
    return QString::fromStdString(json.dump());
}

static Document::Cell codeCellWithOutput(const std::string& source)
{
    Document::Notebook scratch;
    Document::Cell cell = scratch.insertCell(0, Document::CellType::Code, source);
    cell.outputs = nlohmann::json::array({{{"output_type", "stream"}, {"name", "stdout"}, {"text", "1\n"}}});
    cell.executionCount = 7;
    cell.metadata = {{"tags", {"keep"}}};
    return cell;
}

void TestNotebookModel::insertedCellsGetFreshIds()
{
    NotebookModel model(notebookFrom("c:a|c:b"));
    const auto before = ids(model);
    model.insertCellBelow();
    model.insertCellAbove();
    QCOMPARE(model.cellCount(), 4);
    const auto after = ids(model);   // checks validity and uniqueness
    QCOMPARE(after.size(), 4u);
    QVERIFY(std::includes(after.begin(), after.end(), before.begin(), before.end()));
}

void TestNotebookModel::copyPasteGivesFreshIds()
{
    NotebookModel model(notebookFrom("c:a|c:b"));
    const std::string original = model.cell(0).id;
    model.copySelectedCells();
    model.pasteCellsBelow();
    model.pasteCellsAbove();
    QCOMPARE(describe(model), QString("c:a|c:a|c:a|c:b"));
    QCOMPARE(ids(model).size(), 4u);
    QCOMPARE(model.cell(0).id, original);
}

void TestNotebookModel::cutPasteKeepsIdUnlessItCollides()
{
    NotebookModel model(notebookFrom("c:a|c:b|c:c"));
    const std::string idA = model.cell(0).id;
    model.cutSelectedCells();
    model.setCursor(1);
    model.pasteCellsBelow();
    QCOMPARE(describe(model), QString("c:b|c:c|c:a"));
    QCOMPARE(model.cell(2).id, idA);          // a move keeps its id
    model.pasteCellsBelow();                  // the same cell again would collide
    QCOMPARE(describe(model), QString("c:b|c:c|c:a|c:a"));
    QVERIFY(model.cell(3).id != idA);
    QCOMPARE(ids(model).size(), 4u);
}

void TestNotebookModel::splitTopKeepsId()
{
    NotebookModel model(notebookFrom("c:x|c:hello\nworld"));
    const std::string id = model.cell(1).id;
    model.setCursor(1);
    model.splitCell(5);
    QCOMPARE(describe(model), QString("c:x|c:hello|c:world"));
    QCOMPARE(model.cell(1).id, id);
    QCOMPARE(ids(model).size(), 3u);
    model.undo();
    QCOMPARE(describe(model), QString("c:x|c:hello\nworld"));
    QCOMPARE(model.cell(1).id, id);
}

void TestNotebookModel::mergeKeepsFirstId()
{
    NotebookModel model(notebookFrom("c:a|m:b|c:c"));
    const std::string first = model.cell(1).id;
    model.setSelection({2, 1});
    model.mergeSelectedCells();
    QCOMPARE(describe(model), QString("c:a|m:b\nc"));
    QCOMPARE(model.cell(1).id, first);
}

void TestNotebookModel::notebooksWithoutIdsStayWithout()
{
    NotebookModel model(notebookFrom("c:a|c:b", 4));
    QVERIFY(!model.notebook().usesCellIds());
    model.insertCellBelow();
    model.copySelectedCells();
    model.pasteCellsAbove();
    model.splitCell(0);
    for (const Document::Cell& cell : model.notebook().cells)
        QCOMPARE(cell.id, std::string());
}

void TestNotebookModel::codeToMarkdownDropsOutputs()
{
    Document::Notebook notebook;
    notebook.cells.push_back(codeCellWithOutput("print(1)"));
    NotebookModel model(std::move(notebook));
    model.changeSelectedCellType(Document::CellType::Markdown);
    QCOMPARE(model.cell(0).type, Document::CellType::Markdown);
    QCOMPARE(model.cell(0).cellTypeName, std::string("markdown"));
    QVERIFY(model.cell(0).outputs.empty());
    QVERIFY(!model.cell(0).executionCount);
    QCOMPARE(dump(model.cell(0).metadata), dump(nlohmann::json({{"tags", {"keep"}}})));
    model.changeSelectedCellType(Document::CellType::Code);
    QVERIFY(model.cell(0).outputs.empty());   // gone, as in Jupyter
    model.undo();
    model.undo();
    QCOMPARE(model.cell(0).outputs.size(), 1u);   // but undo brings them back
    QCOMPARE(model.cell(0).executionCount.value_or(0), 7LL);
}

void TestNotebookModel::markdownToCodeDropsAttachments()
{
    Document::Notebook notebook = notebookFrom("m:![x](attachment:x.png)");
    notebook.cells[0].attachments = {{"x.png", {{"image/png", "iVBOR"}}}};
    NotebookModel model(std::move(notebook));
    model.changeSelectedCellType(Document::CellType::Raw);
    QVERIFY(model.cell(0).attachments.is_object());
    model.changeSelectedCellType(Document::CellType::Code);
    QVERIFY(model.cell(0).attachments.is_null());
}

void TestNotebookModel::mergeDropsOutputsKeepsFirstMetadata()
{
    Document::Notebook notebook = notebookFrom("c:b");
    notebook.cells.insert(notebook.cells.begin(), codeCellWithOutput("a"));
    notebook.cells[1].metadata = {{"tags", {"other"}}};
    NotebookModel model(std::move(notebook));
    model.mergeSelectedCells();
    QCOMPARE(describe(model), QString("c:a\nb"));
    QVERIFY(model.cell(0).outputs.empty());
    QVERIFY(!model.cell(0).executionCount);
    QCOMPARE(dump(model.cell(0).metadata), dump(nlohmann::json({{"tags", {"keep"}}})));
}

void TestNotebookModel::splitKeepsOutputsOnTheLowerHalf()
{
    Document::Notebook notebook;
    notebook.cells.push_back(codeCellWithOutput("x = 1\nprint(x)"));
    NotebookModel model(std::move(notebook));
    model.splitCell(6);
    QCOMPARE(describe(model), QString("c:x = 1|c:print(x)"));
    QVERIFY(model.cell(0).outputs.empty());
    QCOMPARE(model.cell(1).outputs.size(), 1u);
    QCOMPARE(dump(model.cell(1).metadata), dump(model.cell(0).metadata));
}

void TestNotebookModel::outputsHiddenWritesBothFlags()
{
    Document::Notebook notebook = notebookFrom("c:a");
    notebook.cells[0].metadata = {{"tags", {"t"}}};
    NotebookModel model(std::move(notebook));
    model.toggleOutputsHidden();
    QCOMPARE(dump(model.cell(0).metadata), dump(nlohmann::json({{"tags", {"t"}}, {"collapsed", true}, {"jupyter", {{"outputs_hidden", true}}}})));
    model.toggleOutputsHidden();
    QCOMPARE(dump(model.cell(0).metadata), dump(nlohmann::json({{"tags", {"t"}}})));   // nothing left behind
}

void TestNotebookModel::modifiedFollowsUndoToClean()
{
    NotebookModel model(notebookFrom("c:a"));
    QList<bool> changes;
    connect(&model, &NotebookModel::modifiedChanged, this, [&changes](bool modified) { changes << modified; });
    QVERIFY(!model.isModified());
    model.insertCellBelow();
    model.deleteSelectedCells();
    QVERIFY(model.isModified());
    model.undo();
    model.undo();
    QVERIFY(!model.isModified());
    QCOMPARE(changes, (QList<bool>{true, false}));
    model.insertCellBelow();
    model.markSaved();
    QVERIFY(!model.isModified());
    model.undo();   // undoing past the save point is a modification too
    QVERIFY(model.isModified());
    model.redo();
    QVERIFY(!model.isModified());
    QCOMPARE(changes, (QList<bool>{true, false, true, false, true, false}));
}

void TestNotebookModel::viewStateIsNotAModification()
{
    NotebookModel model(notebookFrom("c:a|c:b"));
    model.toggleLineNumbers();
    model.toggleAllLineNumbers();
    model.moveCursorDown();
    model.setMode(Mode::Edit);
    QVERIFY(!model.isModified());
    QCOMPARE(model.undoStack()->count(), 0);
}

void TestNotebookModel::typingCoalescesUntilSaved()
{
    NotebookModel model(notebookFrom("c:|c:"));
    model.setCellSource(0, "p");
    model.setCellSource(0, "pr");
    model.setCellSource(0, "print");
    QCOMPARE(model.undoStack()->count(), 1);
    model.markSaved();
    model.setCellSource(0, "print(");
    QCOMPARE(model.undoStack()->count(), 2);   // never merged across the saved state
    model.setCellSource(1, "x");
    QCOMPARE(model.undoStack()->count(), 3);   // another cell is another step
    model.undo();
    model.undo();
    QCOMPARE(describe(model), QString("c:print|c:"));
    QVERIFY(!model.isModified());
    QCOMPARE(model.source(0), QString("print"));
}

void TestNotebookModel::typingBackToTheStartLeavesNoStep()
{
    NotebookModel model(notebookFrom("c:a"));
    model.setCellSource(0, "ab");
    model.setCellSource(0, "a");
    QCOMPARE(model.undoStack()->count(), 0);
    QVERIFY(!model.isModified());
    QCOMPARE(describe(model), QString("c:a"));
}

void TestNotebookModel::signalsArriveInOrder()
{
    NotebookModel model(notebookFrom("c:a|c:b|c:c"));
    QStringList events;
    const auto record = [&events](const char* name) {
        return [&events, name](auto... args) {
            QStringList parts{QString::fromLatin1(name)};
            (parts << ... << QString::number(args));
            events << parts.join(u' ');
        };
    };
    connect(&model, &NotebookModel::cellsInserted, this, record("inserted"));
    connect(&model, &NotebookModel::cellsRemoved, this, record("removed"));
    connect(&model, &NotebookModel::cellsChanged, this, record("changed"));
    connect(&model, &NotebookModel::cellsMoved, this, record("moved"));
    connect(&model, &NotebookModel::selectionChanged, this, record("selection"));
    connect(&model, &NotebookModel::modifiedChanged, this, record("modified"));

    model.selectAll();
    model.mergeSelectedCells();
    model.undo();
    model.moveSelectedCellsUp();   // the whole notebook is selected: nothing can move
    model.setCursor(0);
    model.moveSelectedCellsDown();
    model.insertCellAbove();
    model.deleteSelectedCells();
    QCOMPARE(events, (QStringList{
                         "selection 2 0",
                         "changed 0 1", "removed 1 2", "selection 0 0", "modified 1",
                         "changed 0 1", "inserted 1 2", "selection 2 0", "modified 0",
                         "selection 0 0",
                         "moved 0 1 1", "selection 1 1", "modified 1",
                         "inserted 1 1",
                         "removed 1 1",
                     }));
    QCOMPARE(describe(model), QString("c:b|c:a|c:c"));
}

void TestNotebookModel::modeSignalsOnlyOnChange()
{
    NotebookModel model(notebookFrom("c:a"));
    QList<Mode> modes;
    connect(&model, &NotebookModel::modeChanged, this, [&modes](Mode mode) { modes << mode; });
    model.setMode(Mode::Edit);
    model.setMode(Mode::Edit);
    model.setMode(Mode::Command);
    QCOMPARE(modes, (QList<Mode>{Mode::Edit, Mode::Command}));
}

void TestNotebookModel::kernelResultsModifyWithoutUndo()
{
    Document::Notebook notebook;
    notebook.insertCell(0, Document::CellType::Code, "print(1)");
    Editor::NotebookModel model(std::move(notebook));
    QSignalSpy modified(&model, &Editor::NotebookModel::modifiedChanged);
    QSignalSpy changed(&model, &Editor::NotebookModel::outputsChanged);
    model.kernelOutputs(0).push_back({{"output_type", "stream"}, {"name", "stdout"}, {"text", "1\n"}});
    model.setExecutionCount(0, 1);
    QVERIFY(model.isModified());
    QCOMPARE(modified.count(), 1);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.undoStack()->count(), 0); // results are not undo steps
    QCOMPARE(model.cell(0).executionCount.value_or(-1), 1);
    model.markSaved();
    QVERIFY(!model.isModified());
    QCOMPARE(modified.count(), 2);
    QCOMPARE(modified.last().first().toBool(), false);
    // An edit plus results: one save clears both, with one notification.
    model.setCellSource(0, QStringLiteral("print(2)"));
    model.notifyOutputsChanged(0);
    model.markSaved();
    QVERIFY(!model.isModified());
    QCOMPARE(modified.last().first().toBool(), false);
}

QTEST_MAIN(TestNotebookModel)
#include "tst_notebookmodel.moc"
