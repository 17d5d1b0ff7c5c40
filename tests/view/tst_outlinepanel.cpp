// The outline: headings found in markdown source (fenced code ignored, setext headings too), a
// tree that follows edits to the notebook, and a click that takes the notebook to the heading.
#include "model/notebookmodel.h"
#include "view/markdownheadings.h"
#include "view/notebookview.h"
#include "view/outlinepanel.h"

#include <QScrollBar>
#include <QTest>

#include <functional>

using namespace Notebench;
using namespace Notebench::Editor;

namespace {

// "level:text" per heading.
QStringList describe(const std::vector<MarkdownHeading>& headings)
{
    QStringList out;
    for (const MarkdownHeading& heading : headings)
        out << QStringLiteral("%1:%2").arg(heading.level).arg(heading.text);
    return out;
}

// One line per item, two spaces per nesting level, and the item's cell: "  Section @2".
QStringList describe(const QTreeWidget& tree)
{
    QStringList out;
    const std::function<void(const QTreeWidgetItem*, int)> walk = [&](const QTreeWidgetItem* item, int depth) {
        out << QString(depth * 2, u' ') + item->text(0) + QStringLiteral(" @")
                   + QString::number(item->data(0, OutlinePanel::CellRole).toInt());
        for (int i = 0; i < item->childCount(); ++i)
            walk(item->child(i), depth + 1);
    };
    for (int i = 0; i < tree.topLevelItemCount(); ++i)
        walk(tree.topLevelItem(i), 0);
    return out;
}

Document::Notebook notebook(const std::vector<std::pair<Document::CellType, std::string>>& cells)
{
    Document::Notebook result;
    for (const auto& [type, source] : cells)
        result.insertCell(result.cells.size(), type, source);
    return result;
}

constexpr auto md = Document::CellType::Markdown;
constexpr auto code = Document::CellType::Code;

} // namespace

class TestOutlinePanel : public QObject {
    Q_OBJECT
private slots:
    void scan_data();
    void scan();
    void treeFromNotebook();
    void followsEdits();
    void clickNavigates();
    void highlightsCursorSection();
    void viewDeletedFirst();
};

void TestOutlinePanel::scan_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QStringList>("headings");
    const auto row = [](const char* name, const char* source, const QStringList& headings) {
        QTest::newRow(name) << QString::fromUtf8(source) << headings;
    };
    row("levels", "# One\n## Two\n###### Six\n####### seven is text", {"1:One", "2:Two", "6:Six"});
    row("closing hashes", "## Title ##\n# C# #\n# #hashtag", {"2:Title", "1:C#", "1:#hashtag"});
    row("no space is no heading", "#hashtag\n##nope", {});
    row("indent up to three", "   # three\n    # four is code", {"1:three"});
    row("setext", "Big\n===\n\nSmall\n-----", {"1:Big", "2:Small"});
    row("setext over two lines", "first line\nsecond line\n===", {"1:first line second line"});
    row("thematic break is no heading", "text\n\n---\n\n***", {});
    row("list item then dashes", "- item\n---", {});
    row("fenced code ignored", "# In\n```python\n# comment\nx\n---\n```\n# Out", {"1:In", "1:Out"});
    row("tilde fence ignored", "~~~\n# no\n~~~\n## yes", {"2:yes"});
    row("unclosed fence hides the rest", "```\n# no\n# none", {});
    row("inline markup removed", "# **Bold** _it_ `code` [link](http://x) ~~s~~", {"1:Bold it code link s"});
    row("math kept", "## Area $a_b * c_d$", {"2:Area $a_b * c_d$"});
    row("snake_case kept", "# my_var_name", {"1:my_var_name"});
    row("escapes resolved", "# 1\\. not a list \\*", {"1:1. not a list *"});
    row("html heading", "<h2 id=\"x\">Html <em>title</em></h2>", {"2:Html title"});
    row("crlf", "# A\r\nB\r\n===\r\n", {"1:A", "1:B"});
    row("empty", "", {});
}

void TestOutlinePanel::scan()
{
    QFETCH(QString, source);
    QFETCH(QStringList, headings);
    QCOMPARE(describe(MarkdownHeadings::scan(source)), headings);
}

void TestOutlinePanel::treeFromNotebook()
{
    NotebookModel model(notebook({{md, "# Title\nintro"},
                                  {code, "# a comment, not a heading"},
                                  {md, "## Part one\n```\n# not a heading\n```\n### Detail"},
                                  {md, "Part two\n--------"},
                                  {md, "# Appendix"}}));
    NotebookView view(&model);
    OutlinePanel panel;
    panel.setView(&view);
    QCOMPARE(describe(panel), (QStringList{"Title @0", "  Part one @2", "    Detail @2", "  Part two @3", "Appendix @4"}));
}

void TestOutlinePanel::followsEdits()
{
    NotebookModel model(notebook({{md, "# Title"}, {code, "x = 1"}, {md, "## Old"}}));
    NotebookView view(&model);
    OutlinePanel panel;
    panel.setView(&view);
    QCOMPARE(describe(panel), (QStringList{"Title @0", "  Old @2"}));

    model.setCellSource(2, QStringLiteral("## New name\n### Sub"));
    QTRY_COMPARE_WITH_TIMEOUT(describe(panel), (QStringList{"Title @0", "  New name @2", "    Sub @2"}), 5000);

    model.setCursor(0);
    model.insertCellAbove();   // an empty code cell: every heading moves down one cell
    QTRY_COMPARE_WITH_TIMEOUT(describe(panel), (QStringList{"Title @1", "  New name @3", "    Sub @3"}), 5000);

    model.setCursor(3);
    model.moveSelectedCellsUp();
    model.moveSelectedCellsUp();   // the "New name" cell now comes before "Title"
    QTRY_COMPARE_WITH_TIMEOUT(describe(panel), (QStringList{"New name @1", "  Sub @1", "Title @2"}), 5000);

    model.setCursor(1);
    model.changeSelectedCellType(Document::CellType::Code);
    QTRY_COMPARE_WITH_TIMEOUT(describe(panel), (QStringList{"Title @2"}), 5000);

    model.setCursor(2);
    model.deleteSelectedCells();
    QTRY_COMPARE_WITH_TIMEOUT(describe(panel), QStringList{}, 5000);
}

void TestOutlinePanel::clickNavigates()
{
    std::vector<std::pair<Document::CellType, std::string>> cells{{md, "# Top"}};
    for (int i = 0; i < 60; ++i)
        cells.push_back({code, "x = " + std::to_string(i) + "\nprint(x)"});
    cells.push_back({md, "## Far below"});
    for (int i = 0; i < 20; ++i)
        cells.push_back({code, "y = 1"});
    NotebookModel model(notebook(cells));
    NotebookView view(&model);
    view.resize(700, 500);
    view.show();
    OutlinePanel panel;
    panel.resize(250, 300);
    panel.setView(&view);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    model.setMode(Mode::Edit);   // a click in the outline leaves edit mode, as JupyterLab's does

    QTreeWidgetItem* far = panel.topLevelItem(0)->child(0);
    QCOMPARE(far->text(0), QStringLiteral("Far below"));
    QTest::mouseClick(panel.viewport(), Qt::LeftButton, {}, panel.visualItemRect(far).center());
    QCOMPARE(model.cursor(), 61);
    QCOMPARE(model.mode(), Mode::Command);
    QCOMPARE(view.verticalScrollBar()->value(), view.cellRect(61).top());   // the heading's cell at the top
    const auto [first, last] = view.visibleCells();
    QCOMPARE(first, 61);
    QVERIFY(last > first);

    QTest::mouseClick(panel.viewport(), Qt::LeftButton, {}, panel.visualItemRect(panel.topLevelItem(0)).center());
    QCOMPARE(model.cursor(), 0);
    QCOMPARE(view.verticalScrollBar()->value(), 0);
}

void TestOutlinePanel::highlightsCursorSection()
{
    NotebookModel model(notebook({{code, "setup"}, {md, "# A"}, {code, "a"}, {md, "## B\n## C"}, {code, "c"}}));
    NotebookView view(&model);
    OutlinePanel panel;
    panel.setView(&view);
    const auto current = [&panel] { return panel.currentItem() ? panel.currentItem()->text(0) : QString(); };
    QCOMPARE(current(), QString());   // cell 0 comes before any heading
    model.setCursor(2);
    QCOMPARE(current(), QStringLiteral("A"));
    model.setCursor(3);
    QCOMPARE(current(), QStringLiteral("C"));   // the last heading of the cursor cell
    model.setCursor(4);
    QCOMPARE(current(), QStringLiteral("C"));
    model.setCursor(1);
    QCOMPARE(current(), QStringLiteral("A"));
    // Clicking the first heading of a cell with two keeps that heading highlighted.
    QTreeWidgetItem* b = panel.topLevelItem(0)->child(0);
    QCOMPARE(b->text(0), QStringLiteral("B"));
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QTest::mouseClick(panel.viewport(), Qt::LeftButton, {}, panel.visualItemRect(b).center());
    QCOMPARE(model.cursor(), 3);
    QCOMPARE(current(), QStringLiteral("B"));
}

void TestOutlinePanel::viewDeletedFirst()
{
    OutlinePanel panel;
    {
        NotebookModel model(notebook({{md, "# Gone soon"}}));
        NotebookView view(&model);
        panel.setView(&view);
        QCOMPARE(panel.topLevelItemCount(), 1);
    }
    QVERIFY(panel.view() == nullptr);
    panel.setView(nullptr);
    QCOMPARE(panel.topLevelItemCount(), 0);
}

QTEST_MAIN(TestOutlinePanel)
#include "tst_outlinepanel.moc"
