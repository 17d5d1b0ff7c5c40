// The command palette and the shortcut help, offscreen: typing narrows the palette, Enter runs the
// chosen command through the keys' path (insert-cell-below adds a cell), Esc closes; the help lists
// the loaded keymap grouped by mode, filters it, and shows a binding from the user's keymap.json,
// also one written after the window started. Both open from their keys and from the menus.
#include "../editor/notebookfixture.h"

#include "app/window/commandpalette.h"
#include "app/window/findbar.h"
#include "app/window/mainwindow.h"
#include "app/window/notebooktab.h"
#include "app/window/shortcutsdialog.h"
#include "model/commandcatalog.h"
#include "model/keymap.h"
#include "model/notebookcommands.h"
#include "model/notebookmodel.h"
#include "view/notebookview.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLineEdit>
#include <QMenuBar>
#include <QPointer>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace Notebench;
using NotebookFixture::describe;
using NotebookFixture::notebookFrom;

namespace {

QAction *menuAction(QMainWindow &window, const QString &menu, const QString &text)
{
    for (QAction *top : window.menuBar()->actions()) {
        if (top->text() != menu || !top->menu())
            continue;
        for (QAction *action : top->menu()->actions())
            if (action->text().section(u'\t', 0, 0) == text)
                return action;
    }
    return nullptr;
}

void writeUserKeymap(const QByteArray &json)
{
    const QString path = App::MainWindow::userKeymapPath();
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(json), json.size());
}

} // namespace

class TestCommandPalette : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanup();
    void filterNarrowsTheList_data();
    void filterNarrowsTheList();
    void enterRunsTheCommand_data();
    void enterRunsTheCommand();
    void escapeCloses();
    void paletteFromKeysAndMenu();
    void helpFilters_data();
    void helpFilters();
    void helpListsTheUserKeymap();
    void helpFromTheHKey();
};

void TestCommandPalette::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QFile::remove(App::MainWindow::userKeymapPath());
}

void TestCommandPalette::cleanup()
{
    QFile::remove(App::MainWindow::userKeymapPath());
}

void TestCommandPalette::filterNarrowsTheList_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<QString>("first");
    QTest::newRow("words") << "insert below" << "insert-cell-below";
    QTest::newRow("initials") << "icb" << "insert-cell-below";
    QTest::newRow("prefixes") << "rk" << "restart-kernel";
    QTest::newRow("any case") << "RUN ALL" << "run-all";
    QTest::newRow("the id") << "restart-kernel" << "restart-kernel";
    QTest::newRow("find before find and replace") << "find" << "find";
    QTest::newRow("nothing") << "zzzz" << "";
}

void TestCommandPalette::filterNarrowsTheList()
{
    QFETCH(QString, filter);
    QFETCH(QString, first);
    const Editor::Keymap keymap;
    const Editor::CommandCatalog catalog;
    const auto entries = App::CommandPalette::entries(catalog, keymap);
    App::CommandPalette palette(entries);
    QWidget window;
    window.resize(800, 600);
    window.show();
    palette.popup(&window);
    QCOMPARE(palette.shownCommands().size(), entries.size());
    QCOMPARE(QApplication::focusWidget(), palette.filterField());
    QTest::keyClicks(palette.filterField(), filter);
    const QStringList shown = palette.shownCommands();
    QVERIFY(shown.size() < entries.size());
    QCOMPARE(shown.value(0), first);
}

void TestCommandPalette::enterRunsTheCommand_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<int>("downs");
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("after");
    QTest::newRow("insert cell below") << "insert cell below" << 0 << "insert-cell-below" << "c:one|c:|m:two";
    QTest::newRow("down picks the next") << "insert cell" << 1 << "insert-cell-below" << "c:one|c:|m:two";
    QTest::newRow("to markdown") << "markdown type" << 0 << "change-to-markdown" << "m:one|m:two";
    QTest::newRow("no match runs nothing") << "zzzz" << 0 << "" << "c:one|m:two";
}

void TestCommandPalette::enterRunsTheCommand()
{
    QFETCH(QString, filter);
    QFETCH(int, downs);
    QFETCH(QString, command);
    QFETCH(QString, after);
    const Editor::Keymap keymap;
    const Editor::CommandCatalog catalog;
    Editor::NotebookModel model(notebookFrom(QStringLiteral("c:one|m:two")));
    Editor::NotebookView view(&model, &keymap);
    view.resize(800, 600);
    view.show();
    App::CommandPalette palette(App::CommandPalette::entries(catalog, keymap));
    QSignalSpy chosen(&palette, &App::CommandPalette::commandChosen);
    // The window's wiring: the chosen name goes where the keys' names go.
    connect(&palette, &App::CommandPalette::commandChosen, view.commands(), &Editor::NotebookCommands::execute);
    palette.popup(&view);
    QTest::keyClicks(palette.filterField(), filter);
    for (int i = 0; i < downs; ++i)
        QTest::keyClick(palette.filterField(), Qt::Key_Down);
    QTest::keyClick(palette.filterField(), Qt::Key_Return);
    QCOMPARE(chosen.size(), command.isEmpty() ? 0 : 1);
    if (!command.isEmpty())
        QCOMPARE(chosen.first().first().toString(), command);
    QCOMPARE(palette.isVisible(), command.isEmpty());
    QCOMPARE(describe(model), after);
}

void TestCommandPalette::escapeCloses()
{
    const Editor::Keymap keymap;
    const Editor::CommandCatalog catalog;
    App::CommandPalette palette(App::CommandPalette::entries(catalog, keymap));
    QSignalSpy chosen(&palette, &App::CommandPalette::commandChosen);
    QWidget window;
    window.resize(800, 600);
    window.show();
    palette.popup(&window);
    QVERIFY(palette.isVisible());
    QTest::keyClicks(palette.filterField(), QStringLiteral("insert"));
    QTest::keyClick(palette.filterField(), Qt::Key_Escape);
    QVERIFY(!palette.isVisible());
    QVERIFY(chosen.isEmpty());
}

void TestCommandPalette::paletteFromKeysAndMenu()
{
    App::MainWindow window;
    window.show();
    window.newNotebook();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    App::NotebookTab *tab = window.currentTab();
    QTRY_VERIFY(tab->view()->hasFocus());

    QTest::keyClick(QApplication::focusWidget(), Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier);
    auto *palette = window.findChild<App::CommandPalette *>();
    QVERIFY(palette && palette->isVisible());
    QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("insert cell below"));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    QCOMPARE(tab->model()->cellCount(), 2);
    QCOMPARE(tab->model()->cursor(), 1);
    QTRY_VERIFY(!window.findChild<App::CommandPalette *>());   // deleted on close
    QTRY_COMPARE(QApplication::focusWidget(), tab->view());

    // A window-level command chosen in the palette opened from the menu: find opens the tab's bar.
    QAction *menuItem = menuAction(window, QStringLiteral("&Edit"), QStringLiteral("Command &Palette…"));
    QVERIFY(menuItem);
    QCOMPARE(menuItem->text().section(u'\t', 1), QStringLiteral("Ctrl+Shift+P"));
    menuItem->trigger();
    palette = window.findChild<App::CommandPalette *>();
    QVERIFY(palette && palette->isVisible());
    QTest::keyClicks(palette->filterField(), QStringLiteral("find and replace"));
    QTest::keyClick(palette->filterField(), Qt::Key_Return);
    QVERIFY(tab->findBar()->isVisible());
    QVERIFY(tab->findBar()->isReplaceShown());
    QCOMPARE(QApplication::focusWidget(), tab->findBar()->queryField());
}

void TestCommandPalette::helpFilters_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<QStringList>("rows");
    QTest::newRow("by name") << "delete"
                             << QStringList{"Command mode | Cells | D, D | Delete Selected Cells | delete-cells"};
    QTest::newRow("by key") << "ctrl+m"
                            << QStringList{"Edit mode | Selection | Ctrl+M | Enter Command Mode | enter-command-mode"};
    QTest::newRow("by id, both modes") << "find-next"
                                       << QStringList{"Command mode | Edit | F3 | Find Next | find-next",
                                                      "Edit mode | Edit | F3 | Find Next | find-next"};
    QTest::newRow("nothing") << "zzzz" << QStringList{};
}

void TestCommandPalette::helpFilters()
{
    QFETCH(QString, filter);
    QFETCH(QStringList, rows);
    const Editor::Keymap keymap;
    const Editor::CommandCatalog catalog;
    App::ShortcutsDialog help(keymap, catalog, QStringLiteral("/home/someone/.config/Notebench/keymap.json"), QString());
    QCOMPARE(help.shownRows().size(), keymap.bindings().size());
    QTest::keyClicks(help.filterField(), filter);
    QCOMPARE(help.shownRows(), rows);
}

void TestCommandPalette::helpListsTheUserKeymap()
{
    writeUserKeymap(R"([{"keys": "Ctrl+Alt+K", "mode": "command", "command": "restart-kernel"},
                        {"keys": "H", "mode": "command", "command": ""}])");
    App::MainWindow window;
    QAction *help = menuAction(window, QStringLiteral("&Help"), QStringLiteral("&Keyboard Shortcuts"));
    QVERIFY(help);
    QCOMPARE(help->text().section(u'\t', 1), QString());   // the user removed H
    help->trigger();
    QPointer<App::ShortcutsDialog> dialog = window.findChild<App::ShortcutsDialog *>();
    QVERIFY(dialog && dialog->isVisible());
    QTest::keyClicks(dialog->filterField(), QStringLiteral("restart"));
    QCOMPARE(dialog->shownRows(), (QStringList{"Command mode | Kernel | 0, 0 | Restart Kernel… | restart-kernel",
                                               "Command mode | Kernel | Ctrl+Alt+K | Restart Kernel… | restart-kernel"}));
    dialog->filterField()->setText(QStringLiteral("show-help"));
    QCOMPARE(dialog->shownRows(), QStringList{});

    // Written while the window runs: the next opening reads it, and the keys work at once.
    writeUserKeymap(R"([{"keys": "Ctrl+Shift+X", "mode": "edit", "command": "my-macro"}])");
    help->trigger();
    QTRY_VERIFY(!dialog);   // the old list closed
    dialog = window.findChild<App::ShortcutsDialog *>();
    QVERIFY(dialog);
    QTest::keyClicks(dialog->filterField(), QStringLiteral("macro"));
    QCOMPARE(dialog->shownRows(), QStringList{"Edit mode | Other | Ctrl+Shift+X | My macro | my-macro"});
    QCOMPARE(help->text().section(u'\t', 1), QStringLiteral("H"));
}

void TestCommandPalette::helpFromTheHKey()
{
    App::MainWindow window;
    window.show();
    window.newNotebook();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTRY_VERIFY(window.currentTab()->view()->hasFocus());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_H);
    auto *dialog = window.findChild<App::ShortcutsDialog *>();
    QVERIFY(dialog && dialog->isVisible());
    QCOMPARE(dialog->shownRows().size(), Editor::Keymap().bindings().size());
    QCOMPARE(window.currentTab()->model()->cellCount(), 1);
}

QTEST_MAIN(TestCommandPalette)
#include "tst_commandpalette.moc"
