// CellEditor on its own: lexer choice, comment toggling, UTF-16 caret offsets over QScintilla's
// UTF-8 positions, a height that fits its lines, and typing written through to the model.
#include "model/notebookmodel.h"
#include "view/celleditor.h"
#include "view/lexers.h"

#include <Qsci/qscilexer.h>

#include <QTest>

using namespace Notebench;
using namespace Notebench::Editor;

namespace {

Document::Notebook oneCell(const std::string& source)
{
    Document::Notebook notebook;
    notebook.insertCell(0, Document::CellType::Code, source);
    return notebook;
}

} // namespace

class TestCellEditor : public QObject {
    Q_OBJECT
private slots:
    void lexerFromLanguage();
    void lexersForKernelLanguages_data();
    void lexersForKernelLanguages();
    void darkThemeLiftsDarkLexerColours();
    void toggleComment_data();
    void toggleComment();
    void caretOffsetsAreUtf16();
    void heightFitsLines();
    void typingWritesTheModel();
};

void TestCellEditor::lexerFromLanguage()
{
    NotebookModel model(oneCell("x"));
    CellEditor editor;
    editor.attach(&model, 0, QStringLiteral("python"));
    QVERIFY(editor.lexer() != nullptr);
    QCOMPARE(QString::fromLatin1(editor.lexer()->language()), QStringLiteral("Python"));
    editor.attach(&model, 0, QStringLiteral("julia"));
    QVERIFY(editor.lexer() == nullptr);
    editor.attach(&model, 0, QString());
    QVERIFY(editor.lexer() == nullptr);
}

void TestCellEditor::lexersForKernelLanguages_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("lexer");     // QsciLexer::language(), "" for none
    QTest::addColumn<QString>("comment");
    QTest::newRow("python") << "Python" << "Python" << "#";
    QTest::newRow("c++ (xeus-cling)") << "c++" << "C++" << "//";
    QTest::newRow("javascript") << "javascript" << "JavaScript" << "//";
    QTest::newRow("bash") << "bash" << "Bash" << "#";
    QTest::newRow("sql") << "sql" << "SQL" << "--";
    QTest::newRow("octave") << "octave" << "Octave" << "%";
    QTest::newRow("ruby") << "ruby" << "Ruby" << "#";
    QTest::newRow("julia (no lexer)") << "julia" << "" << "#";
    QTest::newRow("R (no lexer)") << "R" << "" << "#";
    QTest::newRow("plain text") << "" << "" << "";
}

void TestCellEditor::lexersForKernelLanguages()
{
    QFETCH(QString, language);
    QFETCH(QString, lexer);
    QFETCH(QString, comment);
    const auto made = lexerForLanguage(language, QFont());
    QCOMPARE(made ? QString::fromLatin1(made->language()) : QString(), lexer);
    QCOMPARE(commentPrefix(language), comment);
}

void TestCellEditor::darkThemeLiftsDarkLexerColours()
{
    const auto lexer = lexerForLanguage(QStringLiteral("c++"), QFont());
    QVERIFY(lexer);
    colourLexer(*lexer, Theme::dark());
    for (int style = 0; style < 128; ++style) {
        if (!lexer->description(style).isEmpty())
            QVERIFY2(lexer->color(style).lightness() >= 128, qPrintable(lexer->description(style)));
    }
    QCOMPARE(lexer->paper(0), Theme::dark().inputBackground);
}

void TestCellEditor::toggleComment_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<int>("lineFrom");   // -1: no selection, caret on line 0
    QTest::addColumn<int>("lineTo");
    QTest::addColumn<QString>("expected");
    QTest::newRow("caret line") << "a = 1\nb = 2" << -1 << -1 << "# a = 1\nb = 2";
    QTest::newRow("uncomment") << "# a = 1\nb = 2" << -1 << -1 << "a = 1\nb = 2";
    QTest::newRow("uncomment without space") << "#a\nb" << -1 << -1 << "a\nb";
    QTest::newRow("block at least indent") << "if x:\n    y\n\n    z" << 0 << 3 << "# if x:\n#     y\n\n#     z";
    QTest::newRow("mixed block comments all") << "# a\nb" << 0 << 1 << "# # a\n# b";
    QTest::newRow("indented uncomment") << "    # y\n    # z" << 0 << 1 << "    y\n    z";
    QTest::newRow("non-ascii") << "é = 'ü'" << -1 << -1 << "# é = 'ü'";
}

void TestCellEditor::toggleComment()
{
    QFETCH(QString, source);
    QFETCH(int, lineFrom);
    QFETCH(int, lineTo);
    QFETCH(QString, expected);
    NotebookModel model(oneCell(source.toStdString()));
    CellEditor editor;
    editor.attach(&model, 0, QStringLiteral("python"));
    if (lineFrom >= 0)
        editor.setSelection(lineFrom, 0, lineTo, editor.text(lineTo).size());
    QTest::keyClick(&editor, Qt::Key_Slash, Qt::ControlModifier);
    QCOMPARE(editor.text(), expected);
    QCOMPARE(model.source(0), expected);
}

void TestCellEditor::caretOffsetsAreUtf16()
{
    // "é" is 2 UTF-8 bytes and 1 UTF-16 unit; "😀" is 4 bytes and 2 units.
    NotebookModel model(oneCell("é😀x\nab"));
    CellEditor editor;
    editor.attach(&model, 0, QStringLiteral("python"));
    editor.setCaretOffset(3);   // before "x"
    QCOMPARE(editor.caretOffset(), 3);
    QCOMPARE(editor.SendScintilla(QsciScintillaBase::SCI_GETCURRENTPOS), 6L);
    editor.setCaretOffset(6);   // before "b"
    QCOMPARE(editor.caretOffset(), 6);
    editor.setCaretOffset(100);
    QCOMPARE(editor.caretOffset(), 7);
}

void TestCellEditor::heightFitsLines()
{
    NotebookModel model(oneCell("a"));
    CellEditor editor;
    editor.attach(&model, 0, QStringLiteral("python"));
    const int one = editor.contentHeight();
    QVERIFY(one > 0);
    editor.setText(QStringLiteral("a\nb\nc"));
    QCOMPARE(editor.contentHeight(), 3 * one);
}

void TestCellEditor::typingWritesTheModel()
{
    NotebookModel model(oneCell(""));
    CellEditor editor;
    editor.attach(&model, 0, QStringLiteral("python"));
    QTest::keyClicks(&editor, "def f():");
    QTest::keyClick(&editor, Qt::Key_Return);
    QTest::keyClicks(&editor, "    return 1");
    QCOMPARE(model.source(0), QStringLiteral("def f():\n    return 1"));
    QCOMPARE(model.undoStack()->count(), 1);   // one merged edit step
    editor.detach();
    editor.setText(QStringLiteral("ignored"));
    QCOMPARE(model.source(0), QStringLiteral("def f():\n    return 1"));
}

QTEST_MAIN(TestCellEditor)
#include "tst_celleditor.moc"
