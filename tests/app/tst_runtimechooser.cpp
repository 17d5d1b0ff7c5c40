// The runtime chooser and runtime switching, offscreen, against the real python3 kernel: SSH
// hosts from an ssh config, added hosts remembered, Local GPU as this machine's NVML says, the
// runtime remembered per notebook, and the device environment reaching a restarted kernel.
#include "celltext.h"
#include "app/provisionerfactory.h"
#include "app/runtimesettings.h"
#include "app/sshconfighosts.h"
#include "app/window/kernelstatusbar.h"
#include "app/window/mainwindow.h"
#include "app/window/notebooktab.h"
#include "app/window/runtimechooser.h"
#include "document/reader.h"
#include "document/writer.h"
#include "kernel/kernelsession.h"
#include "local/localprovisioner.h"
#include "model/commandcatalog.h"
#include "model/notebookmodel.h"
#include "view/notebookview.h"

#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Notebench;
using Testing::streamText;

namespace {
/// Answers the next modal message box with `answer`, remembering its text (a test cannot click).
class MessageAnswerer : public QObject
{
public:
    explicit MessageAnswerer(QMessageBox::StandardButton answer)
        : m_answer(answer)
    {
        m_timer.setInterval(20);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
                text = box->text();
                box->button(m_answer)->click();
            }
        });
        m_timer.start();
    }
    QString text;

private:
    QMessageBox::StandardButton m_answer;
    QTimer m_timer;
};

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

QString writeNotebook(const QString &path, const std::string &source)
{
    Document::Notebook notebook;
    notebook.metadata["kernelspec"] = {{"name", "python3"}, {"display_name", "Python 3 (ipykernel)"}, {"language", "python"}};
    notebook.insertCell(0, Document::CellType::Code, source);
    return QString::fromStdString(Document::saveNotebookFile(path.toStdString(), notebook));
}

qint64 kernelPid(App::NotebookTab *tab)
{
    return static_cast<Local::LocalProvisioner *>(tab->session()->provisioner())->processId();
}

/// Opens `path` in `window` and waits for its kernel; null when either takes too long.
App::NotebookTab *openAndWaitIdle(App::MainWindow &window, const QString &path)
{
    window.openFile(path);
    if (!QTest::qWaitFor([&] { return window.tabCount() == 1; }, 10000))
        return nullptr;
    auto *tab = window.currentTab();
    return QTest::qWaitFor([&] { return tab->session()->state() == Kernel::KernelState::Idle; }, 60000) ? tab : nullptr;
}

/// Runs cell 0 and returns what it printed.
QString runFirstCell(App::NotebookTab *tab)
{
    // A restarted kernel counts from 1 again: the count is cleared so that any new one shows the run.
    tab->model()->setExecutionCount(0, std::nullopt);
    tab->model()->setCursor(0);
    tab->runCommand(QStringLiteral("run-cell"));
    if (!QTest::qWaitFor([&] { return tab->model()->cell(0).executionCount.has_value(); }, 30000))
        return QStringLiteral("(the cell did not run within 30 s)");
    // Done when both its reply and its idle have come (the queue runs a running cell only once).
    if (!QTest::qWaitFor([&] { return tab->view()->cellRunState(0) == Editor::CellRunState::Idle; }, 10000))
        return QStringLiteral("(the cell did not finish within 10 s)");
    return streamText(*tab->model(), 0);
}
} // namespace

class TestRuntimeChooser : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void sshConfigHosts_data();
    void sshConfigHosts();
    void chooserListsHostsGpusAndServer();
    void rememberedByCanonicalPath();
    void deviceEnvironmentReachesTheRestartedKernel();
    void sshRefusedKeepsTheKernel();
    void notebookReopensOnItsRuntime();
    void menuAndPaletteOpenTheChooser();

private:
    QTemporaryDir m_dir;
};

void TestRuntimeChooser::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true); // settings in a test location
}

void TestRuntimeChooser::init()
{
    QSettings settings;
    settings.remove(QStringLiteral("notebookRuntimes"));
    settings.remove(QStringLiteral("runtime"));
}

void TestRuntimeChooser::sshConfigHosts_data()
{
    QTest::addColumn<QByteArray>("config");
    QTest::addColumn<QByteArray>("included");
    QTest::addColumn<QStringList>("hosts");
    QTest::newRow("plain") << QByteArray("Host gpubox\n  HostName 10.0.0.5\n  User me\nHost other\n") << QByteArray()
                           << QStringList{"gpubox", "other"};
    QTest::newRow("patterns skipped") << QByteArray("Host *\n  ServerAliveInterval 30\nHost *.lab web? !bad good\nHost a b\n")
                                      << QByteArray() << QStringList{"good", "a", "b"};
    QTest::newRow("case, equals, comments, tabs") << QByteArray("# Host commented\nhost=one\n\tHOST\ttwo  \n  Host   one\n")
                                                  << QByteArray() << QStringList{"one", "two"};
    QTest::newRow("include") << QByteArray("Host first\nInclude INCLUDED\nHost last\n") << QByteArray("Host middle\nHost first\n")
                             << QStringList{"first", "middle", "last"};
    QTest::newRow("include with wildcard") << QByteArray("Include INCDIR/*.conf\n") << QByteArray("Host fromglob\n")
                                           << QStringList{"fromglob"};
    QTest::newRow("include of itself ends") << QByteArray("Host loop\nInclude SELF\n") << QByteArray() << QStringList{"loop"};
    QTest::newRow("garbage") << QByteArray("\x01\x02 Host\n=\nHost\n\xff\xfe\n", 18) << QByteArray() << QStringList{};
    QTest::newRow("empty") << QByteArray() << QByteArray() << QStringList{};
}

void TestRuntimeChooser::sshConfigHosts()
{
    QFETCH(QByteArray, config);
    QFETCH(QByteArray, included);
    QFETCH(QStringList, hosts);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("config"));
    QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("conf.d")));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("included")), included));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("conf.d/10-lab.conf")), included));
    config.replace("INCLUDED", dir.filePath(QStringLiteral("included")).toUtf8());
    config.replace("INCDIR", dir.filePath(QStringLiteral("conf.d")).toUtf8());
    config.replace("SELF", path.toUtf8());
    QVERIFY(writeFile(path, config));
    QCOMPARE(App::sshConfigHosts(path), hosts);
    QCOMPARE(App::sshConfigHosts(dir.filePath(QStringLiteral("missing"))), QStringList());
}

void TestRuntimeChooser::chooserListsHostsGpusAndServer()
{
    const QString config = m_dir.filePath(QStringLiteral("ssh_config"));
    QVERIFY(writeFile(config, "Host gpubox\n  HostName 10.0.0.5\nHost *.internal\nHost trainer\n"));
    App::RuntimeSpec current;
    {
        App::RuntimeChooser chooser(current, config);
        QStringList listed;
        for (int i = 0; i < chooser.sshHosts()->count(); ++i)
            listed << chooser.sshHosts()->item(i)->text();
        QCOMPARE(listed, (QStringList{"gpubox", "trainer"}));
        QVERIFY(chooser.localCpuButton()->isChecked());
        QVERIFY(!chooser.serverButton()->isEnabled());
        QCOMPARE(chooser.chosen().kind, App::RuntimeSpec::Kind::Local);

        QString error;
        QVERIFY(!chooser.addSshHost(QStringLiteral("me@box:notaport"), &error));
        QVERIFY2(error.contains(QStringLiteral("not an SSH address")), qPrintable(error));
        QVERIFY(!chooser.addSshHost(QStringLiteral("  "), &error));
        QVERIFY(chooser.addSshHost(QStringLiteral("me@rented.example:2222"), &error));
        QCOMPARE(chooser.chosen().toString(), QStringLiteral("ssh://me@rented.example:2222"));
        QVERIFY(chooser.sshButton()->isChecked());

        // Local GPU as NVML on this machine says: the oracle is a probe of our own.
        QSignalSpy listedSpy(&chooser, &App::RuntimeChooser::gpuProbeFinished);
        QVERIFY(chooser.gpusListed() || listedSpy.wait(15000));
        const auto gpus = Gpu::GpuInventory::probe();
        if (!gpus.unavailableReason.isEmpty()) {
            QVERIFY(!chooser.localGpuButton()->isEnabled());
            QCOMPARE(chooser.gpuStatusText(), gpus.unavailableReason);
            QVERIFY(chooser.gpuBoxes().isEmpty());
        } else {
            QVERIFY(chooser.localGpuButton()->isEnabled());
            QCOMPARE(chooser.gpuBoxes().size(), gpus.devices.size());
            for (QCheckBox *box : chooser.gpuBoxes())
                box->setChecked(false);
            chooser.gpuBoxes().first()->setChecked(true);
            QVERIFY(chooser.localGpuButton()->isChecked());
            QCOMPARE(chooser.chosen().toString(), QStringLiteral("local-gpu:%1").arg(gpus.devices.first().index));
        }
    }
    // An added host is remembered for the next chooser, first in the list.
    App::RuntimeChooser again(current, config);
    QCOMPARE(again.sshHosts()->item(0)->text(), QStringLiteral("me@rented.example:2222"));
    QCOMPARE(again.sshHosts()->count(), 3);
}

void TestRuntimeChooser::rememberedByCanonicalPath()
{
    const QString path = m_dir.filePath(QStringLiteral("remember.ipynb"));
    QCOMPARE(writeNotebook(path, "1"), QString());
    QString error;
    const auto gpu = App::RuntimeSpec::parse(QStringLiteral("local-gpu:0,1"), &error);
    App::RuntimeSettings::remember(path, *gpu);
    const auto back = App::RuntimeSettings::runtimeFor(m_dir.path() + QStringLiteral("/./remember.ipynb"));
    QVERIFY(back && *back == *gpu);
    QVERIFY(!App::RuntimeSettings::runtimeFor(m_dir.filePath(QStringLiteral("other.ipynb"))));
    QVERIFY(!App::RuntimeSettings::runtimeFor(QString()));
    App::RuntimeSettings::remember(path, App::RuntimeSpec{});
    QVERIFY(!App::RuntimeSettings::runtimeFor(path));
}

void TestRuntimeChooser::deviceEnvironmentReachesTheRestartedKernel()
{
    // The GPU runtime's launch path without a GPU: the local provisioner with the environment
    // local-gpu:1,0 adds to every launch. Only NVML's check is left out, not the plumbing.
    const QString path = m_dir.filePath(QStringLiteral("env.ipynb"));
    QCOMPARE(writeNotebook(path, "import os\nprint(repr(os.environ.get('CUDA_VISIBLE_DEVICES')), os.environ.get('CUDA_DEVICE_ORDER'))"),
             QString());
    App::MainWindow window;
    auto *tab = openAndWaitIdle(window, path);
    QVERIFY2(tab, "the notebook did not open with an idle kernel within 70 s");
    QCOMPARE(runFirstCell(tab), QStringLiteral("'' None\n"));
    const qint64 cpuPid = kernelPid(tab);

    QString error;
    const auto gpu = App::RuntimeSpec::parse(QStringLiteral("local-gpu:1,0"), &error);
    App::RuntimeProvision provision{std::make_unique<Local::LocalProvisioner>(), App::deviceEnvironment(*gpu), {}};
    tab->restartOn(App::RuntimeSpec{}, std::move(provision));
    QTRY_VERIFY_WITH_TIMEOUT(tab->session()->state() == Kernel::KernelState::Idle && kernelPid(tab) != cpuPid, 60000);
    QCOMPARE(runFirstCell(tab), QStringLiteral("'1,0' PCI_BUS_ID\n"));

    // Back to plain Local CPU through the chooser's path: GPUs hidden again, in a new kernel.
    const qint64 envPid = kernelPid(tab);
    tab->switchRuntime(App::RuntimeSpec{});
    QTRY_VERIFY_WITH_TIMEOUT(tab->session()->state() == Kernel::KernelState::Idle && kernelPid(tab) != envPid, 60000);
    QCOMPARE(runFirstCell(tab), QStringLiteral("'' None\n"));
    tab->model()->markSaved();
}

void TestRuntimeChooser::sshRefusedKeepsTheKernel()
{
    const QString path = m_dir.filePath(QStringLiteral("ssh.ipynb"));
    QCOMPARE(writeNotebook(path, "x = 41\nprint(x + 1)"), QString());
    App::MainWindow window;
    window.show();
    auto *tab = openAndWaitIdle(window, path);
    QVERIFY2(tab, "the notebook did not open with an idle kernel within 70 s");
    QCOMPARE(runFirstCell(tab), QStringLiteral("42\n"));
    const qint64 pid = kernelPid(tab);

    QSignalSpy problems(tab, &App::NotebookTab::runtimeProblem);
    QString error;
    // Nothing listens on port 1 of the loopback address: the connection is refused at once.
    tab->switchRuntime(*App::RuntimeSpec::parse(QStringLiteral("ssh://me@127.0.0.1:1"), &error));
    QTRY_COMPARE_WITH_TIMEOUT(problems.count(), 1, 30000);
    const QString reason = problems.first().first().toString();
    QVERIFY2(reason.startsWith(QStringLiteral("SSH: me@127.0.0.1:1 cannot be used: ")), qPrintable(reason));
    QVERIFY2(window.statusBar()->currentMessage() == reason, qPrintable(window.statusBar()->currentMessage()));
    // Nothing changed: the same kernel, its variables, the runtime and what is remembered.
    QCOMPARE(kernelPid(tab), pid);
    QCOMPARE(tab->runtime().kind, App::RuntimeSpec::Kind::Local);
    QVERIFY(!App::RuntimeSettings::runtimeFor(path));
    QCOMPARE(runFirstCell(tab), QStringLiteral("42\n"));
    tab->model()->markSaved();
}

void TestRuntimeChooser::notebookReopensOnItsRuntime()
{
    // The runtime belongs to the notebook on this machine: settings, never the .ipynb.
    const QString path = m_dir.filePath(QStringLiteral("reopen.ipynb"));
    QCOMPARE(writeNotebook(path, "import os\nprint(os.environ.get('CUDA_VISIBLE_DEVICES'))"), QString());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray onDisk = file.readAll();
    file.close();
    QString error;
    App::RuntimeSettings::remember(path, *App::RuntimeSpec::parse(QStringLiteral("local-gpu:0"), &error));

    App::MainWindow window;
    window.show();
    window.openFile(path);
    QTRY_COMPARE_WITH_TIMEOUT(window.tabCount(), 1, 10000);
    auto *tab = window.currentTab();
    const auto gpus = Gpu::GpuInventory::probe();
    QTRY_VERIFY_WITH_TIMEOUT(tab->session()->state() == Kernel::KernelState::Idle, 60000);
    if (!gpus.unavailableReason.isEmpty()) {
        // Without a GPU: told why, in the status bar, and the notebook still gets a kernel.
        QTRY_VERIFY_WITH_TIMEOUT(window.statusBar()->currentMessage().contains(gpus.unavailableReason), 5000);
        QVERIFY(window.statusBar()->currentMessage().startsWith(QStringLiteral("Local GPU (0) cannot be used")));
        QCOMPARE(tab->runtime().kind, App::RuntimeSpec::Kind::Local);
        QCOMPARE(runFirstCell(tab), QStringLiteral("\n"));
        QVERIFY2(window.kernelStatus()->text().startsWith(QStringLiteral("Local CPU |")), qPrintable(window.kernelStatus()->text()));
    } else {
        QCOMPARE(tab->runtime().toString(), QStringLiteral("local-gpu:0"));
        QCOMPARE(runFirstCell(tab), QStringLiteral("0\n"));
        QTRY_VERIFY_WITH_TIMEOUT(window.kernelStatus()->text().contains(QStringLiteral("GPU0 ")), 10000);
        QVERIFY(window.kernelStatus()->text().startsWith(QStringLiteral("Local GPU (0) |")));
    }
    // Still remembered (a missing driver today is no reason to forget), and the file untouched.
    QCOMPARE(App::RuntimeSettings::runtimeFor(path)->toString(), QStringLiteral("local-gpu:0"));
    tab->model()->markSaved();
    QVERIFY(window.close());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), onDisk);
}

void TestRuntimeChooser::menuAndPaletteOpenTheChooser()
{
    const Editor::CommandCatalog catalog;
    QVERIFY(catalog.contains(QStringLiteral("change-runtime")));
    QCOMPARE(catalog.label(QStringLiteral("change-runtime")), QStringLiteral("Change Runtime…"));
    QCOMPARE(catalog.group(QStringLiteral("change-runtime")), QStringLiteral("Kernel"));

    const QString path = m_dir.filePath(QStringLiteral("menu.ipynb"));
    QCOMPARE(writeNotebook(path, "1"), QString());
    App::MainWindow window;
    window.show();
    auto *tab = openAndWaitIdle(window, path);
    QVERIFY2(tab, "the notebook did not open with an idle kernel within 70 s");

    QAction *item = nullptr;
    for (QMenu *menu : window.menuBar()->findChildren<QMenu *>()) {
        if (menu->title() != QStringLiteral("&Kernel"))
            continue;
        for (QAction *action : menu->actions()) {
            if (action->text().startsWith(QStringLiteral("Change R&untime…")))
                item = action;
        }
    }
    QVERIFY2(item, "Kernel → Change Runtime… is missing");
    item->trigger();
    auto *chooser = window.findChild<App::RuntimeChooser *>();
    QVERIFY(chooser && chooser->isVisible());
    QCOMPARE(chooser->windowTitle(), QStringLiteral("Change Runtime"));
    chooser->reject();
    QTRY_VERIFY(!window.findChild<App::RuntimeChooser *>());

    // The palette's path: the command reaches the tab like a key would.
    tab->view()->setFocus();
    tab->runCommand(QStringLiteral("change-runtime"));
    chooser = window.findChild<App::RuntimeChooser *>();
    QVERIFY(chooser && chooser->isVisible());

    // Choosing the runtime already in use restarts nothing and asks nothing.
    const qint64 pid = kernelPid(tab);
    chooser->accept();
    QTest::qWait(100);
    QCOMPARE(kernelPid(tab), pid);
    QCOMPARE(tab->session()->state(), Kernel::KernelState::Idle);

    // Another runtime asks first; "No" leaves everything as it was.
    QSignalSpy problems(tab, &App::NotebookTab::runtimeProblem);
    for (const auto answer : {QMessageBox::No, QMessageBox::Yes}) {
        tab->runCommand(QStringLiteral("change-runtime"));
        QTRY_VERIFY(window.findChild<App::RuntimeChooser *>());
        chooser = window.findChild<App::RuntimeChooser *>();
        QString error;
        QVERIFY(chooser->addSshHost(QStringLiteral("me@127.0.0.1:1"), &error));
        MessageAnswerer answerer(answer);
        chooser->accept();
        QTRY_VERIFY_WITH_TIMEOUT(!answerer.text.isEmpty(), 5000);
        QCOMPARE(answerer.text, QStringLiteral("Restart the kernel on SSH: me@127.0.0.1:1? Variables in memory are lost."));
        QTRY_VERIFY(!window.findChild<App::RuntimeChooser *>());
        QTRY_COMPARE_WITH_TIMEOUT(problems.count(), answer == QMessageBox::No ? 0 : 1, 30000);
    }
    // "Yes" tried the host first; it refused the connection, so the kernel stays.
    QVERIFY(problems.first().first().toString().contains(QStringLiteral("cannot be used")));
    QCOMPARE(kernelPid(tab), pid);
    tab->model()->markSaved();
}

QTEST_MAIN(TestRuntimeChooser)
#include "tst_runtimechooser.moc"
