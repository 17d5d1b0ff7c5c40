// The command table behind the palette, the shortcut help and the menus: every keymap command has
// a label, keys read as the platform writes them, and the palette's fuzzy filter ranks sensibly.
#include "model/commandcatalog.h"
#include "model/fuzzymatch.h"
#include "model/keymap.h"

#include <QTemporaryFile>
#include <QTest>

#include <algorithm>

using namespace Notebench::Editor;

class TestCommandCatalog : public QObject {
    Q_OBJECT
private slots:
    void everyDefaultCommandHasALabel();
    void commandsAreListedOnce();
    void unknownCommandsAreSpelledOut();
    void badTableIsRefused_data();
    void badTableIsRefused();
    void keysAsTheUserReadsThem_data();
    void keysAsTheUserReadsThem();
    void userCommandsJoinTheList();
    void fuzzyFits_data();
    void fuzzyFits();
    void fuzzyRanks_data();
    void fuzzyRanks();
};

void TestCommandCatalog::everyDefaultCommandHasALabel()
{
    // A keymap entry added without a label would show its bare id in the palette and the help.
    const CommandCatalog catalog;
    const Keymap keymap;
    QVERIFY(catalog.commands().size() > 40);
    for (const KeyBinding& binding : keymap.bindings())
        QVERIFY2(catalog.contains(binding.command), qPrintable(binding.command));
    QCOMPARE(catalog.label(QStringLiteral("insert-cell-below")), QStringLiteral("Insert Cell Below"));
    QCOMPARE(catalog.group(QStringLiteral("restart-kernel")), QStringLiteral("Kernel"));
}

void TestCommandCatalog::commandsAreListedOnce()
{
    const CommandCatalog catalog;
    QStringList seen;
    for (const CommandInfo& info : catalog.commands()) {
        QVERIFY2(!seen.contains(info.command), qPrintable(info.command));
        seen << info.command;
    }
}

void TestCommandCatalog::unknownCommandsAreSpelledOut()
{
    const CommandCatalog catalog;
    QVERIFY(!catalog.contains(QStringLiteral("my-own-macro")));
    QCOMPARE(catalog.label(QStringLiteral("my-own-macro")), QStringLiteral("My own macro"));
    QCOMPARE(catalog.group(QStringLiteral("my-own-macro")), QStringLiteral("Other"));
}

void TestCommandCatalog::badTableIsRefused_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");
    QTest::newRow("not json") << QByteArray("[{") << "The command table t.json must be a JSON array of {\"command\", \"label\", \"group\"} entries.";
    QTest::newRow("object") << QByteArray("{}") << "The command table t.json must be a JSON array of {\"command\", \"label\", \"group\"} entries.";
    QTest::newRow("no label") << QByteArray(R"([{"command": "a", "label": "A", "group": "G"}, {"command": "b", "group": "G"}])")
                              << "Entry 2 of the command table t.json needs a non-empty \"command\", \"label\" and \"group\".";
}

void TestCommandCatalog::badTableIsRefused()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    QList<CommandInfo> commands{{"kept", "Kept", "G"}};
    QString message;
    QVERIFY(!CommandCatalog::parse(json, QStringLiteral("t.json"), &commands, &message));
    QCOMPARE(message, error);
    QCOMPARE(commands.size(), 1);
}

void TestCommandCatalog::keysAsTheUserReadsThem_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QStringList>("commandKeys");
    QTest::addColumn<QStringList>("editKeys");
    QTest::addColumn<QString>("both");
    QTest::newRow("chord") << "delete-cells" << QStringList{"D, D"} << QStringList{} << "D, D";
    QTest::newRow("two keys") << "select-cell-above" << QStringList{"K", "Up"} << QStringList{} << "K  /  Up";
    QTest::newRow("both modes once") << "find" << QStringList{"Ctrl+F"} << QStringList{"Ctrl+F"} << "Ctrl+F";
    QTest::newRow("edit only") << "enter-command-mode" << QStringList{} << QStringList{"Esc", "Ctrl+M"} << "Esc  /  Ctrl+M";
    QTest::newRow("Return reads Enter") << "run-cell-and-select-next" << QStringList{"Shift+Enter"}
                                        << QStringList{"Shift+Enter"} << "Shift+Enter";
    QTest::newRow("no keys") << "run-all" << QStringList{} << QStringList{} << "";
}

void TestCommandCatalog::keysAsTheUserReadsThem()
{
    QFETCH(QString, command);
    QFETCH(QStringList, commandKeys);
    QFETCH(QStringList, editKeys);
    QFETCH(QString, both);
    const Keymap keymap;
    QCOMPARE(CommandCatalog::keysFor(keymap, command, Mode::Command), commandKeys);
    QCOMPARE(CommandCatalog::keysFor(keymap, command, Mode::Edit), editKeys);
    QCOMPARE(CommandCatalog::keysText(keymap, command), both);
}

void TestCommandCatalog::userCommandsJoinTheList()
{
    Keymap keymap;
    const CommandCatalog catalog;
    const QList<CommandInfo> before = catalog.withKeymap(keymap);
    QCOMPARE(before.size(), catalog.commands().size());
    const auto listed = [](const QList<CommandInfo>& list, const QString& command) {
        return std::any_of(list.begin(), list.end(), [&](const CommandInfo& info) { return info.command == command; });
    };
    QVERIFY(!listed(before, QStringLiteral("my-macro")));

    QTemporaryFile file;
    QVERIFY(file.open());
    file.write(R"([{"keys": "Ctrl+Alt+M", "mode": "command", "command": "my-macro"}])");
    file.close();
    QVERIFY(keymap.loadUserFile(file.fileName()));
    const QList<CommandInfo> after = catalog.withKeymap(keymap);
    QCOMPARE(after.size(), catalog.commands().size() + 1);
    QCOMPARE(after.last().command, QStringLiteral("my-macro"));
    QCOMPARE(after.last().label, QStringLiteral("My macro"));
}

void TestCommandCatalog::fuzzyFits_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("fits");
    QTest::newRow("empty filter") << "" << "Insert Cell Below" << true;
    QTest::newRow("substring") << "cell bel" << "Insert Cell Below" << true;
    QTest::newRow("ignores case") << "INSERT" << "Insert Cell Below" << true;
    QTest::newRow("initials") << "icb" << "Insert Cell Below" << true;
    QTest::newRow("words in any order") << "below insert" << "Insert Cell Below" << true;
    QTest::newRow("letters out of order") << "bci" << "Insert Cell Below" << false;
    QTest::newRow("missing letter") << "insertz" << "Insert Cell Below" << false;
    QTest::newRow("unicode") << "ünï" << "Find Ünïcode" << true;
    QTest::newRow("filter longer than text") << "insert cell below now" << "Insert" << false;
}

void TestCommandCatalog::fuzzyFits()
{
    QFETCH(QString, filter);
    QFETCH(QString, text);
    QFETCH(bool, fits);
    QCOMPARE(FuzzyMatch::score(filter, text).has_value(), fits);
}

void TestCommandCatalog::fuzzyRanks_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<QString>("better");
    QTest::addColumn<QString>("worse");
    QTest::newRow("word start beats inside") << "run" << "Run All Cells" << "Interrupt Kernel";
    QTest::newRow("adjacent beats scattered") << "cell" << "Insert Cell Below" << "Collapse All Outputs";
    QTest::newRow("initials beat scattered") << "rk" << "Restart Kernel" << "Toggle Outputs of Markdown";
    QTest::newRow("both words") << "ins bel" << "Insert Cell Below" << "Insert Cell Above";
    QTest::newRow("earlier beats later") << "insert below" << "Insert Cell Below" << "Run Selected Cells and Insert Below";
}

void TestCommandCatalog::fuzzyRanks()
{
    QFETCH(QString, filter);
    QFETCH(QString, better);
    QFETCH(QString, worse);
    const auto high = FuzzyMatch::score(filter, better);
    const auto low = FuzzyMatch::score(filter, worse).value_or(-1);
    QVERIFY(high.has_value());
    QVERIFY2(*high > low, qPrintable(QStringLiteral("%1 vs %2").arg(*high).arg(low)));
}

QTEST_GUILESS_MAIN(TestCommandCatalog)
#include "tst_commandcatalog.moc"
