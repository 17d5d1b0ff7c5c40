// Find and replace across cells without widgets: matches in every cell with the case, whole-word and
// regex toggles, a bad pattern's message, wrap-around navigation, outputs as read-only matches, and
// replacements (captures, length changes, unicode) that are one undo step each.
#include "notebookfixture.h"

#include "model/notebookmodel.h"
#include "model/notebooksearch.h"

#include <QSignalSpy>
#include <QTest>

using namespace Notebench;
using namespace Notebench::Editor;
using NotebookFixture::describe;
using NotebookFixture::notebookFrom;

namespace {

/// "c" case-sensitive, "w" whole word, "r" regular expression, "o" outputs too.
SearchOptions optionsFrom(const QString& flags)
{
    SearchOptions options;
    options.caseSensitive = flags.contains(u'c');
    options.wholeWord = flags.contains(u'w');
    options.regularExpression = flags.contains(u'r');
    options.includeOutputs = flags.contains(u'o');
    return options;
}

/// "1:4+3" is cell 1, offset 4, length 3; "2/o0:0+1" is in cell 2's first output.
QString describeMatches(const NotebookSearch& search)
{
    QStringList parts;
    for (const SearchMatch& match : search.matches()) {
        const QString where = match.inSource() ? QString::number(match.cell)
                                               : QStringLiteral("%1/o%2").arg(match.cell).arg(match.output);
        parts << QStringLiteral("%1:%2+%3").arg(where).arg(match.start).arg(match.length);
    }
    return parts.join(u' ');
}

QString describeCurrent(const NotebookSearch& search)
{
    if (search.current() < 0)
        return QStringLiteral("none");
    const SearchMatch& match = search.matches()[static_cast<std::size_t>(search.current())];
    return QStringLiteral("%1:%2").arg(match.cell).arg(match.start);
}

/// Stream outputs' text, one entry per output: enough to test the model without the view.
QStringList streamTexts(const nlohmann::json& outputs)
{
    QStringList texts;
    for (const auto& output : outputs)
        texts << QString::fromStdString(output.value("text", std::string()));
    return texts;
}

void addStream(Document::Notebook& notebook, int cell, const std::string& text)
{
    notebook.cells[static_cast<std::size_t>(cell)].outputs.push_back(
        {{"output_type", "stream"}, {"name", "stdout"}, {"text", text}});
}

} // namespace

class TestNotebookSearch : public QObject {
    Q_OBJECT
private slots:
    void findMatches_data();
    void findMatches();
    void navigation_data();
    void navigation();
    void outputsAreSearchedOnlyWhenAsked();
    void replaceAll_data();
    void replaceAll();
    void replaceAllOverManyCellsIsOneUndoStep();
    void replaceCurrentThenUndo();
    void replaceSkipsOutputMatches();
    void matchesFollowEdits();
    void tooManyMatchesAreCutButAllReplaced();
};

void TestNotebookSearch::findMatches_data()
{
    QTest::addColumn<QString>("cells");
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("flags");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("error");

    QTest::newRow("across cells and types") << "c:x = 1|m:# x marks|r:raw|c:print(x)" << "x" << ""
                                            << "0:0+1 1:2+1 3:6+1" << "";
    QTest::newRow("ignores case by default") << "c:Foo foo FOO" << "foo" << "" << "0:0+3 0:4+3 0:8+3" << "";
    QTest::newRow("case sensitive") << "c:Foo foo FOO" << "foo" << "c" << "0:4+3" << "";
    QTest::newRow("whole word") << "c:cat concat cat_ cats (cat)" << "cat" << "w" << "0:0+3 0:22+3" << "";
    QTest::newRow("whole word punctuation query") << "c:x=1 xx=2" << "x=" << "w" << "0:0+2" << "";
    QTest::newRow("whole word after rejected overlap") << "c:aab ab" << "ab" << "w" << "0:4+2" << "";
    QTest::newRow("regex") << "c:a1 b22|c:c333" << "\\d+" << "r" << "0:1+1 0:4+2 1:1+3" << "";
    QTest::newRow("regex anchors each line") << "c:x\ny\nx" << "^x" << "r" << "0:0+1 0:4+1" << "";
    QTest::newRow("regex and whole word") << "c:f1 f12 xf1" << "f\\d" << "rw" << "0:0+2" << "";
    QTest::newRow("regex empty matches") << "c:ab\ncd" << "^" << "r" << "0:0+0 0:3+0" << "";
    QTest::newRow("regex star after a match") << "c:ab" << "a*" << "r" << "0:0+1 0:2+0" << "";
    QTest::newRow("plain text is not a pattern") << "c:a.b axb a\\b" << "a.b" << "" << "0:0+3" << "";
    QTest::newRow("plain backslash") << "c:a.b axb a\\b" << "a\\b" << "" << "0:8+3" << "";
    QTest::newRow("unicode offsets are UTF-16") << "c:😀 Ünïcode x ünïcode" << "ünïcode" << ""
                                                << "0:3+7 0:13+7" << "";
    QTest::newRow("unicode whole word") << "c:café cafés 😀café" << "café" << "w" << "0:0+4 0:13+4" << "";
    QTest::newRow("multi-line plain text") << "c:a\nb\na b" << "a" << "" << "0:0+1 0:4+1" << "";
    QTest::newRow("no match") << "c:alpha|m:beta" << "gamma" << "" << "" << "";
    QTest::newRow("empty query") << "c:alpha|m:beta" << "" << "r" << "" << "";
    QTest::newRow("empty notebook") << "" << "x" << "" << "" << "";
    QTest::newRow("bad regex") << "c:f(x)" << "f(" << "r" << ""
                               << "Not a valid regular expression: missing closing parenthesis at character 3.";
    QTest::newRow("bad regex quantifier") << "c:x" << "*x" << "r" << ""
                                          << "Not a valid regular expression: quantifier does not follow a repeatable item at character 1.";
    QTest::newRow("bad regex is fine as plain text") << "c:f(x)" << "f(" << "" << "0:0+2" << "";
}

void TestNotebookSearch::findMatches()
{
    QFETCH(QString, cells);
    QFETCH(QString, query);
    QFETCH(QString, flags);
    QFETCH(QString, expected);
    QFETCH(QString, error);
    NotebookModel model(notebookFrom(cells));
    NotebookSearch search(&model);
    search.setQuery(query, optionsFrom(flags));
    QCOMPARE(describeMatches(search), expected);
    QCOMPARE(search.errorString(), error);
    QCOMPARE(search.current(), expected.isEmpty() ? -1 : 0);
}

void TestNotebookSearch::navigation_data()
{
    QTest::addColumn<int>("fromCell");
    QTest::addColumn<int>("fromOffset");
    QTest::addColumn<QString>("steps");
    QTest::addColumn<QString>("expected");

    // Cells: "a", "b a", "a a" → matches 0:0, 1:2, 2:0, 2:2.
    QTest::newRow("from a cell start") << 1 << 0 << "" << "1:2";
    QTest::newRow("at a match") << 2 << 2 << "" << "2:2";
    QTest::newRow("inside the cursor cell") << 2 << 1 << "" << "2:2";
    QTest::newRow("past the last wraps") << 2 << 3 << "" << "0:0";
    QTest::newRow("next") << 0 << 0 << "n n" << "1:2 2:0";
    QTest::newRow("next wraps to the first") << 2 << 2 << "n" << "0:0";
    QTest::newRow("previous wraps to the last") << 0 << 0 << "p p" << "2:2 2:0";
    QTest::newRow("there and back") << 1 << 0 << "n p p" << "2:0 1:2 0:0";
}

void TestNotebookSearch::navigation()
{
    QFETCH(int, fromCell);
    QFETCH(int, fromOffset);
    QFETCH(QString, steps);
    QFETCH(QString, expected);
    NotebookModel model(notebookFrom(QStringLiteral("c:a|c:b a|c:a a")));
    NotebookSearch search(&model);
    search.setQuery(QStringLiteral("a"), {});
    search.selectFrom(fromCell, fromOffset);
    QStringList visited;
    for (const QString& step : steps.split(u' ', Qt::SkipEmptyParts)) {
        step == u"n" ? search.next() : search.previous();
        visited << describeCurrent(search);
    }
    QCOMPARE(steps.isEmpty() ? describeCurrent(search) : visited.join(u' '), expected);
}

void TestNotebookSearch::outputsAreSearchedOnlyWhenAsked()
{
    Document::Notebook notebook = notebookFrom(QStringLiteral("c:print('loss')|c:x|m:loss"));
    addStream(notebook, 0, "loss 0.5\nloss 0.25\n");
    addStream(notebook, 1, "no match\n");
    addStream(notebook, 1, "final loss\n");
    NotebookModel model(std::move(notebook));
    NotebookSearch search(&model);
    search.setOutputText(streamTexts);

    search.setQuery(QStringLiteral("loss"), optionsFrom(QString()));
    QCOMPARE(describeMatches(search), QStringLiteral("0:7+4 2:0+4"));
    search.setQuery(QStringLiteral("loss"), optionsFrom(QStringLiteral("o")));
    QCOMPARE(describeMatches(search), QStringLiteral("0:7+4 0/o0:0+4 0/o0:9+4 1/o1:6+4 2:0+4"));

    // Kernel output arriving later is searched too (after a short coalescing delay).
    model.kernelOutputs(1).push_back({{"output_type", "stream"}, {"name", "stdout"}, {"text", "loss again"}});
    model.notifyOutputsChanged(1);
    QTRY_COMPARE(describeMatches(search), QStringLiteral("0:7+4 0/o0:0+4 0/o0:9+4 1/o1:6+4 1/o2:0+4 2:0+4"));

    // Collapsed outputs are off screen, so they are not matches.
    model.setCursor(0);
    model.toggleOutputsHidden();
    QCOMPARE(describeMatches(search), QStringLiteral("0:7+4 1/o1:6+4 1/o2:0+4 2:0+4"));
}

void TestNotebookSearch::replaceAll_data()
{
    QTest::addColumn<QString>("cells");
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("flags");
    QTest::addColumn<QString>("replacement");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<int>("count");

    QTest::newRow("longer") << "c:a a|m:# a|c:b" << "a" << "" << "xyz" << "c:xyz xyz|m:# xyz|c:b" << 3;
    QTest::newRow("shorter") << "c:hello world|c:hello" << "hello" << "" << "" << "c: world|c:" << 2;
    QTest::newRow("contains the query") << "c:a|c:aa" << "a" << "" << "aa" << "c:aa|c:aaaa" << 3;
    QTest::newRow("ignores case") << "c:Foo FOO foo" << "foo" << "" << "bar" << "c:bar bar bar" << 3;
    QTest::newRow("case sensitive") << "c:Foo FOO foo" << "foo" << "c" << "bar" << "c:Foo FOO bar" << 1;
    QTest::newRow("whole word") << "c:i = i + inner(i)" << "i" << "w" << "k" << "c:k = k + inner(k)" << 3;
    QTest::newRow("regex $1") << "c:foo(1)|c:foo(22)" << "foo\\((\\d+)\\)" << "r" << "bar[$1]"
                              << "c:bar[1]|c:bar[22]" << 2;
    QTest::newRow("regex \\1 swaps") << "c:a=b\nc=d" << "(\\w+)=(\\w+)" << "r" << "\\2=\\1" << "c:b=a\nd=c" << 2;
    QTest::newRow("regex $& and $$") << "c:cost" << "cost" << "r" << "$$$&" << "c:$cost" << 1;
    QTest::newRow("regex $0") << "c:ab" << "b" << "r" << "[$0]" << "c:a[b]" << 1;
    QTest::newRow("regex named group") << "c:x1 y22" << "(?<n>\\d+)" << "r" << "<${n}>" << "c:x<1> y<22>" << 2;
    QTest::newRow("regex missing group is literal") << "c:ab" << "(a)" << "r" << "$2\\3" << "c:$2\\3b" << 1;
    QTest::newRow("regex $12 with one group") << "c:ab" << "(a)" << "r" << "$12" << "c:a2b" << 1;
    QTest::newRow("regex \\n and \\t") << "c:a, b" << ", " << "r" << "\\n\\t" << "c:a\n\tb" << 1;
    QTest::newRow("regex empty match inserts") << "c:a\nb|c:c" << "^" << "r" << "# " << "c:# a\n# b|c:# c" << 3;
    QTest::newRow("plain keeps $1") << "c:x" << "x" << "" << "$1\\n" << "c:$1\\n" << 1;
    QTest::newRow("unicode") << "c:😀 Ünïcode ünïcode 😀" << "ünïcode" << "" << "u" << "c:😀 u u 😀" << 2;
    QTest::newRow("unicode replacement") << "c:pi = 3.14" << "pi" << "w" << "π" << "c:π = 3.14" << 1;
    QTest::newRow("no match") << "c:alpha|m:beta" << "gamma" << "" << "x" << "c:alpha|m:beta" << 0;
    QTest::newRow("empty query") << "c:alpha" << "" << "" << "x" << "c:alpha" << 0;
    QTest::newRow("bad regex") << "c:f(x)" << "f(" << "r" << "g" << "c:f(x)" << 0;
}

void TestNotebookSearch::replaceAll()
{
    QFETCH(QString, cells);
    QFETCH(QString, query);
    QFETCH(QString, flags);
    QFETCH(QString, replacement);
    QFETCH(QString, expected);
    QFETCH(int, count);
    NotebookModel model(notebookFrom(cells));
    NotebookSearch search(&model);
    search.setQuery(query, optionsFrom(flags));
    const QString original = describe(model);

    QCOMPARE(search.replaceAll(replacement), count);
    QCOMPARE(describe(model), expected);
    QCOMPARE(model.undoStack()->count(), count > 0 ? 1 : 0);
    QCOMPARE(model.isModified(), count > 0);
    model.undo();
    QCOMPARE(describe(model), original);
    QVERIFY(!model.isModified());
    model.redo();
    QCOMPARE(describe(model), expected);
}

void TestNotebookSearch::replaceAllOverManyCellsIsOneUndoStep()
{
    QStringList cells;
    for (int i = 0; i < 50; ++i)
        cells << (i % 3 == 2 ? QStringLiteral("m:nothing here") : QStringLiteral("c:value_%1 = value_%1 * 2").arg(i));
    NotebookModel model(notebookFrom(cells.join(u'|')));
    model.setCursor(7);
    NotebookSearch search(&model);
    search.setQuery(QStringLiteral("value_(\\d+)"), optionsFrom(QStringLiteral("r")));
    QCOMPARE(search.matches().size(), std::size_t(68));
    const QString original = describe(model);
    QSignalSpy changed(&model, &NotebookModel::cellsChanged);

    QCOMPARE(search.replaceAll(QStringLiteral("v[$1]")), 68);
    QCOMPARE(model.source(0), QStringLiteral("v[0] = v[0] * 2"));
    QCOMPARE(model.source(49), QStringLiteral("v[49] = v[49] * 2"));
    QCOMPARE(model.source(2), QStringLiteral("nothing here"));
    QCOMPARE(model.undoStack()->count(), 1);
    QCOMPARE(model.undoStack()->undoText(), QStringLiteral("Replace all"));
    QCOMPARE(changed.size(), 17);   // one signal per run of adjacent changed cells
    QCOMPARE(model.cursor(), 7);
    QVERIFY(search.matches().empty());

    model.undo();
    QCOMPARE(describe(model), original);
    QCOMPARE(search.matches().size(), std::size_t(68));
    QCOMPARE(model.cursor(), 7);
}

void TestNotebookSearch::replaceCurrentThenUndo()
{
    NotebookModel model(notebookFrom(QStringLiteral("c:a a|c:a")));
    NotebookSearch search(&model);
    search.setQuery(QStringLiteral("a"), {});
    search.selectFrom(0, 0);

    QVERIFY(search.replaceCurrent(QStringLiteral("bab")));
    QCOMPARE(describe(model), QStringLiteral("c:bab a|c:a"));
    // The next match is after the inserted text, not the "a" inside it.
    QCOMPARE(describeCurrent(search), QStringLiteral("0:4"));
    QVERIFY(search.replaceCurrent(QStringLiteral("x")));
    QCOMPARE(describe(model), QStringLiteral("c:bab x|c:a"));
    QCOMPARE(describeCurrent(search), QStringLiteral("1:0"));
    // Each replacement is its own step, not merged as typing would be.
    QCOMPARE(model.undoStack()->count(), 2);

    model.undo();
    QCOMPARE(describe(model), QStringLiteral("c:bab a|c:a"));
    model.undo();
    QCOMPARE(describe(model), QStringLiteral("c:a a|c:a"));
    QVERIFY(!model.isModified());
    QCOMPARE(describeMatches(search), QStringLiteral("0:0+1 0:2+1 1:0+1"));
}

void TestNotebookSearch::replaceSkipsOutputMatches()
{
    Document::Notebook notebook = notebookFrom(QStringLiteral("c:x|c:y"));
    addStream(notebook, 0, "x\n");
    NotebookModel model(std::move(notebook));
    NotebookSearch search(&model);
    search.setOutputText(streamTexts);
    search.setQuery(QStringLiteral("x"), optionsFrom(QStringLiteral("o")));
    QCOMPARE(describeMatches(search), QStringLiteral("0:0+1 0/o0:0+1"));
    search.next();
    QVERIFY(!search.replaceCurrent(QStringLiteral("z")));   // output text is read-only
    QCOMPARE(search.replaceAll(QStringLiteral("z")), 1);
    QCOMPARE(describe(model), QStringLiteral("c:z|c:y"));
    QCOMPARE(QString::fromStdString(model.cell(0).outputs[0]["text"].get<std::string>()), QStringLiteral("x\n"));
}

void TestNotebookSearch::matchesFollowEdits()
{
    NotebookModel model(notebookFrom(QStringLiteral("c:a|c:b|c:a")));
    NotebookSearch search(&model);
    QSignalSpy changed(&search, &NotebookSearch::matchesChanged);
    search.setQuery(QStringLiteral("a"), {});
    search.selectFrom(2, 0);
    QCOMPARE(describeCurrent(search), QStringLiteral("2:0"));

    model.setCellSource(1, QStringLiteral("b a"));
    QCOMPARE(describeMatches(search), QStringLiteral("0:0+1 1:2+1 2:0+1"));
    QCOMPARE(describeCurrent(search), QStringLiteral("2:0"));   // the current match stays where it was

    model.setCursor(0);
    model.insertCellAbove();
    QCOMPARE(describeMatches(search), QStringLiteral("1:0+1 2:2+1 3:0+1"));
    QCOMPARE(describeCurrent(search), QStringLiteral("3:0"));
    QVERIFY(changed.size() >= 4);

    model.setCursor(3);
    model.deleteSelectedCells();
    QCOMPARE(describeMatches(search), QStringLiteral("1:0+1 2:2+1"));
}

void TestNotebookSearch::tooManyMatchesAreCutButAllReplaced()
{
    const QString many = QString(NotebookSearch::maxMatches / 2 + 10, u'x');
    NotebookModel model(notebookFrom(QStringLiteral("c:%1|c:%1|c:%1").arg(many)));
    NotebookSearch search(&model);
    search.setQuery(QStringLiteral("x"), {});
    QVERIFY(search.isTruncated());
    QCOMPARE(search.matches().size(), std::size_t(NotebookSearch::maxMatches));
    QCOMPARE(search.replaceAll(QStringLiteral("y")), 3 * static_cast<int>(many.size()));
    QVERIFY(!search.isTruncated());
    QVERIFY(search.matches().empty());
}

QTEST_GUILESS_MAIN(TestNotebookSearch)
#include "tst_notebooksearch.moc"
