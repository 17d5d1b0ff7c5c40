// The default Jupyter keymap, the user's overrides, and the errors a bad user file gives.
#include "model/keymap.h"
#include "model/notebookcommands.h"
#include "model/notebookmodel.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Notebench::Editor;

Q_DECLARE_METATYPE(Notebench::Editor::Mode)

class TestKeymap : public QObject {
    Q_OBJECT
private slots:
    void defaults_data();
    void defaults();
    void chordPrefixes();
    void everyDefaultCommandIsKnown();
    void parseKeys_data();
    void parseKeys();
    void userOverride();
    void missingUserFileIsFine();
    void badUserFile_data();
    void badUserFile();

private:
    static QString writeFile(const QTemporaryDir& dir, const QByteArray& content);
};

QString TestKeymap::writeFile(const QTemporaryDir& dir, const QByteArray& content)
{
    const QString path = dir.filePath(QStringLiteral("keymap.json"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

void TestKeymap::defaults_data()
{
    QTest::addColumn<QString>("keys");
    QTest::addColumn<Mode>("mode");
    QTest::addColumn<QString>("command");

    const Mode c = Mode::Command;
    const Mode e = Mode::Edit;
    QTest::newRow("D,D") << "D,D" << c << "delete-cells";
    QTest::newRow("I,I") << "I,I" << c << "interrupt-kernel";
    QTest::newRow("0,0") << "0,0" << c << "restart-kernel";
    QTest::newRow("A") << "A" << c << "insert-cell-above";
    QTest::newRow("B") << "B" << c << "insert-cell-below";
    QTest::newRow("Shift+V") << "Shift+V" << c << "paste-cells-above";
    QTest::newRow("Shift+M") << "Shift+M" << c << "merge-cells";
    QTest::newRow("Z") << "Z" << c << "undo-cell-action";
    QTest::newRow("Shift+Z") << "Shift+Z" << c << "redo-cell-action";
    QTest::newRow("6") << "6" << c << "markdown-heading-6";
    QTest::newRow("Ctrl+A") << "Ctrl+A" << c << "select-all";
    QTest::newRow("Enter") << "Enter" << c << "enter-edit-mode";
    QTest::newRow("Return is Enter") << "Return" << c << "enter-edit-mode";
    QTest::newRow("Ctrl+Shift+P") << "Ctrl+Shift+P" << c << "command-palette";
    QTest::newRow("single D") << "D" << c << "";
    QTest::newRow("edit Esc") << "Esc" << e << "enter-command-mode";
    QTest::newRow("edit Ctrl+M") << "Ctrl+M" << e << "enter-command-mode";
    QTest::newRow("edit Ctrl+Shift+-") << "Ctrl+Shift+-" << e << "split-cell";
    QTest::newRow("edit Ctrl+Shift+_") << "Ctrl+Shift+_" << e << "split-cell";
    QTest::newRow("edit Shift+Enter") << "Shift+Enter" << e << "run-cell-and-select-next";
    QTest::newRow("edit Ctrl+S") << "Ctrl+S" << e << "save";
    QTest::newRow("edit D,D is text") << "D,D" << e << "";
    QTest::newRow("edit A is text") << "A" << e << "";
    QTest::newRow("edit Z is text") << "Z" << e << "";
}

void TestKeymap::defaults()
{
    QFETCH(QString, keys);
    QFETCH(Mode, mode);
    const Keymap keymap;
    const QKeySequence sequence = Keymap::parseKeys(keys);
    QVERIFY2(!sequence.isEmpty(), qPrintable(keys));
    QTEST(keymap.command(sequence, mode), "command");
}

void TestKeymap::chordPrefixes()
{
    const Keymap keymap;
    QVERIFY(keymap.isChordPrefix(QKeyCombination(Qt::Key_D), Mode::Command));
    QVERIFY(keymap.isChordPrefix(QKeyCombination(Qt::Key_I), Mode::Command));
    QVERIFY(keymap.isChordPrefix(QKeyCombination(Qt::Key_0), Mode::Command));
    QVERIFY(!keymap.isChordPrefix(QKeyCombination(Qt::Key_A), Mode::Command));
    QVERIFY(!keymap.isChordPrefix(QKeyCombination(Qt::Key_D), Mode::Edit));
}

void TestKeymap::everyDefaultCommandIsKnown()
{
    // A typo in jupyter.json would silently turn a shortcut into a request nobody answers.
    NotebookModel model;
    const QStringList modelCommands = NotebookCommands(&model).modelCommands();
    const QStringList windowCommands = {
        "run-cell", "run-cell-and-select-next", "run-cell-and-insert-below", "interrupt-kernel", "restart-kernel",
        "save", "show-help", "command-palette", "scroll-down", "scroll-up", "toggle-output-scrolling", "split-cell",
        "find", "find-replace", "find-next", "find-previous",
    };
    const Keymap keymap;
    QVERIFY(keymap.bindings().size() > 40);
    for (const KeyBinding& binding : keymap.bindings()) {
        QVERIFY2(modelCommands.contains(binding.command) || windowCommands.contains(binding.command),
                 qPrintable(binding.command));
    }
}

void TestKeymap::parseKeys_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QKeySequence>("expected");
    QTest::newRow("single") << "B" << QKeySequence(Qt::Key_B);
    QTest::newRow("chord") << "D,D" << QKeySequence(Qt::Key_D, Qt::Key_D);
    QTest::newRow("chord with space") << "I, I" << QKeySequence(Qt::Key_I, Qt::Key_I);
    QTest::newRow("digits") << "0,0" << QKeySequence(Qt::Key_0, Qt::Key_0);
    QTest::newRow("modifier") << "Shift+M" << QKeySequence(Qt::SHIFT | Qt::Key_M);
    QTest::newRow("portable Ctrl") << "Ctrl+Shift+P" << QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P);
    QTest::newRow("comma key") << "Ctrl+," << QKeySequence(Qt::CTRL | Qt::Key_Comma);
    QTest::newRow("keypad Enter folds") << "Enter" << QKeySequence(Qt::Key_Return);
    QTest::newRow("three keys") << "A,B,C" << QKeySequence();
    QTest::newRow("empty") << "" << QKeySequence();
    QTest::newRow("garbage") << "Hyper+Banana" << QKeySequence();
}

void TestKeymap::parseKeys()
{
    QFETCH(QString, text);
    QTEST(Keymap::parseKeys(text), "expected");
}

void TestKeymap::userOverride()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = writeFile(dir, R"([
        {"keys": "D,D", "mode": "command", "command": "cut-cells"},
        {"keys": "Ctrl+D", "mode": "command", "command": "delete-cells"},
        {"keys": "H", "mode": "command", "command": ""},
        {"keys": "Ctrl+Shift+-", "mode": "edit", "command": "merge-cells"}
    ])");
    Keymap keymap;
    const qsizetype before = keymap.bindings().size();
    QString error;
    QVERIFY2(keymap.loadUserFile(path, &error), qPrintable(error));
    QVERIFY(error.isEmpty());
    QCOMPARE(keymap.command(Keymap::parseKeys("D,D"), Mode::Command), QString("cut-cells"));
    QCOMPARE(keymap.command(Keymap::parseKeys("Ctrl+D"), Mode::Command), QString("delete-cells"));
    QCOMPARE(keymap.command(Keymap::parseKeys("H"), Mode::Command), QString());
    QCOMPARE(keymap.command(Keymap::parseKeys("Ctrl+Shift+-"), Mode::Edit), QString("merge-cells"));
    // Same keys in the other mode are a different binding and stay.
    QCOMPARE(keymap.command(Keymap::parseKeys("B"), Mode::Command), QString("insert-cell-below"));
    QCOMPARE(keymap.bindings().size(), before + 1 - 1);   // Ctrl+D added, H removed
}

void TestKeymap::missingUserFileIsFine()
{
    Keymap keymap;
    QString error;
    QVERIFY(keymap.loadUserFile(QStringLiteral("/nonexistent/notebench/keymap.json"), &error));
    QVERIFY(error.isEmpty());
    QCOMPARE(keymap.command(Keymap::parseKeys("D,D"), Mode::Command), QString("delete-cells"));
}

void TestKeymap::badUserFile_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expectedError");
    QTest::newRow("truncated") << QByteArray("[\n  {\"keys\": \"D,D\",") << "is not valid JSON";
    QTest::newRow("line number") << QByteArray("[\n{\"keys\": \"A\" \"mode\": \"command\"}]") << "on line 2";
    QTest::newRow("empty file") << QByteArray("") << "is not valid JSON";
    QTest::newRow("garbage") << QByteArray("\x00\xff\xfe garbage", 12) << "is not valid JSON";
    QTest::newRow("object, not array") << QByteArray("{\"keys\": \"A\"}") << "must be a JSON array";
    QTest::newRow("entry not an object") << QByteArray("[1]") << "entry 1";
    QTest::newRow("no command")
        << QByteArray(R"([{"keys": "A", "mode": "command", "command": "x"}, {"keys": "B", "mode": "command"}])")
        << "entry 2";
    QTest::newRow("three-key chord") << QByteArray(R"([{"keys": "A,B,C", "mode": "command", "command": "x"}])")
                                     << "\"A,B,C\" is not a key or a two-key chord";
    QTest::newRow("bad mode") << QByteArray(R"([{"keys": "A", "mode": "insert", "command": "x"}])")
                              << "\"mode\" must be \"command\" or \"edit\"";
}

void TestKeymap::badUserFile()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, expectedError);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // A valid first entry proves nothing is applied from a file that fails further down.
    const QString path = writeFile(dir, content);
    Keymap keymap;
    const qsizetype before = keymap.bindings().size();
    QString error;
    QVERIFY(!keymap.loadUserFile(path, &error));
    QVERIFY2(error.contains(expectedError), qPrintable(error));
    QVERIFY2(error.contains(path), qPrintable(error));
    QVERIFY2(error.endsWith(QStringLiteral("The default shortcuts are in use.")), qPrintable(error));
    QCOMPARE(keymap.bindings().size(), before);
    QCOMPARE(keymap.command(Keymap::parseKeys("A"), Mode::Command), QString("insert-cell-above"));
    QCOMPARE(keymap.command(Keymap::parseKeys("D,D"), Mode::Command), QString("delete-cells"));
}

QTEST_MAIN(TestKeymap)
#include "tst_keymap.moc"
