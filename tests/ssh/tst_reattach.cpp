// The window's side of remote kernels that outlive the app, against the real sshd (SshdFixture)
// and Debian's ipykernel: a window closed while a cell runs on the host leaves it running; the
// notebook opened again re-attaches by itself, and every line the cell printed — before, during
// and after the window was away — lands once, in order, in the cell that ran it. Kernel →
// Sessions on Host lists the session; an idle kernel is stopped when its window closes.
#include "../app/celltext.h"
#include "sshdfixture.h"

#include "app/runtimesettings.h"
#include "app/window/mainwindow.h"
#include "app/window/notebooktab.h"
#include "app/window/remotesessionsdialog.h"
#include "document/writer.h"
#include "kernel/kernelsession.h"
#include "model/notebookmodel.h"
#include "ssh/remotesessions.h"
#include "ssh/sshprovisioner.h"
#include "view/notebookview.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QTreeWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace Notebench;
using Testing::streamText;

namespace {
constexpr int lines = 40;

QString remoteSessionOf(App::NotebookTab *tab)
{
    const auto *remote = qobject_cast<const Ssh::SshProvisioner *>(tab->session()->provisioner());
    return remote ? remote->remoteSession() : QString();
}
} // namespace

class TestReattach : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void unknownHostKeyAskedWithItsFingerprint();
    void windowClosedMidCellThenReopened();

private:
    /// The host's sessions, listed over a connection of the test's own.
    QList<Ssh::RemoteSession> hostSessions();

    Testing::SshdFixture m_sshd;
    QTemporaryDir m_home;
};

void TestReattach::initTestCase()
{
    QVERIFY(m_home.isValid());
    const QString error = m_sshd.start();
    if (!error.isEmpty())
        QSKIP(qPrintable(error));
    QStandardPaths::setTestModeEnabled(true); // settings and the recovery journal in a test location
    // The window reads the user's ~/.ssh/config: here, the fixture's client config.
    QVERIFY(QDir(m_home.path()).mkpath(QStringLiteral(".ssh")));
    QVERIFY(QFile::copy(m_sshd.clientConfig(), m_home.filePath(QStringLiteral(".ssh/config"))));
    qputenv("HOME", m_home.path().toLocal8Bit());
    qputenv("NOTEBENCH_REMOTE_AGENT_STATE", m_sshd.agentState().toLocal8Bit());
    qputenv("NOTEBENCH_REMOTE_PYTHON", "/usr/bin/python3");
}

// The first connection to a host asks, as ssh does, showing the SHA256 fingerprint; yes records
// the key in known_hosts and the kernel starts there.
void TestReattach::unknownHostKeyAskedWithItsFingerprint()
{
    QFile::remove(m_sshd.knownHosts());
    const QString path = m_home.filePath(QStringLiteral("first.ipynb"));
    Document::Notebook notebook;
    notebook.metadata["kernelspec"] = {{"name", "python3"}, {"display_name", "Python 3 (ipykernel)"}, {"language", "python"}};
    notebook.insertCell(0, Document::CellType::Code, "print('hello from the host')");
    QCOMPARE(QString::fromStdString(Document::saveNotebookFile(path.toStdString(), notebook)), QString());
    App::RuntimeSettings::remember(path, *App::RuntimeSpec::parse(QStringLiteral("ssh://nbtest"), nullptr));

    QString asked;
    QTimer answer;
    answer.setInterval(20);
    connect(&answer, &QTimer::timeout, this, [&] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            asked = box->text();
            box->button(QMessageBox::Yes)->click();
        }
    });
    answer.start();
    App::MainWindow window;
    window.openFile(path);
    QTRY_COMPARE_WITH_TIMEOUT(window.tabCount(), 1, 10000);
    App::NotebookTab *tab = window.currentTab();
    QTRY_VERIFY2_WITH_TIMEOUT(!asked.isEmpty(), "the window never asked about the unknown host", 30000);
    QVERIFY2(asked.contains(QLatin1String("SHA256:")) && asked.contains(QLatin1String("nbtest")), qPrintable(asked));
    QTRY_VERIFY2_WITH_TIMEOUT(tab->session()->state() == Kernel::KernelState::Idle && !remoteSessionOf(tab).isEmpty(),
                              "the kernel never started on the accepted host", 60000);
    QFile knownHosts(m_sshd.knownHosts());
    QVERIFY(knownHosts.open(QIODevice::ReadOnly));
    QVERIFY2(knownHosts.readAll().contains("ssh-ed25519"), "the accepted key was not recorded");
}

QList<Ssh::RemoteSession> TestReattach::hostSessions()
{
    Ssh::RemoteSessions sessions(m_sshd.target());
    QSignalSpy listed(&sessions, &Ssh::RemoteSessions::listed);
    sessions.list();
    if (!listed.wait(30000))
        return {};
    return listed.takeFirst().at(0).value<QList<Ssh::RemoteSession>>();
}

void TestReattach::windowClosedMidCellThenReopened()
{
    hostSessions(); // the host key recorded (the fixture's target accepts a new one), so nothing asks
    const QString path = m_home.filePath(QStringLiteral("train.ipynb"));
    {
        Document::Notebook notebook;
        notebook.metadata["kernelspec"] = {{"name", "python3"}, {"display_name", "Python 3 (ipykernel)"}, {"language", "python"}};
        notebook.insertCell(0, Document::CellType::Code, "x = 41");
        notebook.insertCell(1, Document::CellType::Code,
                            "import time\nfor i in range(" + std::to_string(lines)
                                + "):\n    print(f'line {i}', flush=True)\n    time.sleep(0.1)\nprint('done')");
        notebook.insertCell(2, Document::CellType::Code, "print(x + 1)");
        QCOMPARE(QString::fromStdString(Document::saveNotebookFile(path.toStdString(), notebook)), QString());
    }
    const auto spec = App::RuntimeSpec::parse(QStringLiteral("ssh://nbtest"), nullptr);
    QVERIFY(spec);
    App::RuntimeSettings::remember(path, *spec);
    App::RuntimeSettings::rememberRemoteSession(path, {});

    QString session;
    {
        App::MainWindow window;
        window.openFile(path);
        QTRY_COMPARE_WITH_TIMEOUT(window.tabCount(), 1, 10000);
        App::NotebookTab *tab = window.currentTab();
        QTRY_VERIFY2_WITH_TIMEOUT(tab->session()->state() == Kernel::KernelState::Idle && !remoteSessionOf(tab).isEmpty(),
                                  "the kernel never started on the host", 60000);
        session = remoteSessionOf(tab);
        QCOMPARE(App::RuntimeSettings::remoteSessionFor(path), session);

        tab->model()->setCursor(0);
        tab->runCommand(QStringLiteral("run-cell"));
        QTRY_VERIFY_WITH_TIMEOUT(tab->model()->cell(0).executionCount.has_value(), 30000);
        tab->model()->setCursor(1);
        tab->runCommand(QStringLiteral("run-cell"));
        QTRY_VERIFY2_WITH_TIMEOUT(streamText(*tab->model(), 1).contains(QLatin1String("line 5\n")),
                                  "the long cell printed nothing", 30000);
        QCOMPARE(tab->view()->cellRunState(1), Editor::CellRunState::Running);
    } // the window goes while the cell runs, as when the app quits

    const auto afterClose = hostSessions();
    QVERIFY2(std::any_of(afterClose.begin(), afterClose.end(), [&](const auto &s) { return s.id == session && s.alive; }),
             "the running cell's kernel did not outlive its window");

    App::MainWindow window;
    window.openFile(path);
    QTRY_COMPARE_WITH_TIMEOUT(window.tabCount(), 1, 10000);
    App::NotebookTab *tab = window.currentTab();
    QTRY_VERIFY2_WITH_TIMEOUT(remoteSessionOf(tab) == session, "the reopened notebook did not re-attach to its session", 60000);
    QTRY_VERIFY2_WITH_TIMEOUT(streamText(*tab->model(), 1).endsWith(QLatin1String("done\n"))
                                  && tab->view()->cellRunState(1) == Editor::CellRunState::Idle,
                              qPrintable(QStringLiteral("the cell's output never completed: %1").arg(streamText(*tab->model(), 1).right(200))),
                              30000);
    QString expected;
    for (int i = 0; i < lines; ++i)
        expected += QStringLiteral("line %1\n").arg(i);
    expected += QStringLiteral("done\n");
    QCOMPARE(streamText(*tab->model(), 1), expected); // every line once, in order, in its cell
    QCOMPARE(tab->model()->cell(0).executionCount, std::optional<long long>(1));
    QCOMPARE(tab->model()->cell(1).executionCount, std::optional<long long>(2));
    QVERIFY(tab->model()->cell(0).outputs.empty());
    QVERIFY(tab->model()->cell(2).outputs.empty());

    // The same kernel: what cell 0 defined before the window went is still there.
    tab->model()->setCursor(2);
    tab->runCommand(QStringLiteral("run-cell"));
    QTRY_COMPARE_WITH_TIMEOUT(streamText(*tab->model(), 2), QStringLiteral("42\n"), 30000);

    // Kernel → Sessions on Host lists it as this notebook's; it is not offered for attach.
    tab->showRemoteSessions();
    auto *dialog = tab->findChild<App::RemoteSessionsDialog *>();
    QVERIFY(dialog);
    QSignalSpy updated(dialog, &App::RemoteSessionsDialog::listUpdated);
    QVERIFY2(updated.wait(30000), "the dialog never listed the host's sessions");
    QList<QTreeWidgetItem *> rows = dialog->list()->findItems(session, Qt::MatchStartsWith, 0);
    QCOMPARE(rows.size(), 1);
    QVERIFY2(rows.first()->text(0).contains(QLatin1String("this notebook")), qPrintable(rows.first()->text(0)));
    QCOMPARE(rows.first()->text(1), QStringLiteral("python3"));
    QCOMPARE(rows.first()->text(4), QStringLiteral("running"));
    dialog->list()->setCurrentItem(rows.first());
    if (const QString shots = qEnvironmentVariable("NOTEBENCH_SHOTS_DIR"); !shots.isEmpty()) {
        window.resize(1200, 800);
        QTest::qWait(50); // layouts settle
        window.grab().save(QDir(shots).filePath(QStringLiteral("reattached-window.png")));
        dialog->grab().save(QDir(shots).filePath(QStringLiteral("sessions-dialog.png")));
    }
    QVERIFY(!dialog->attachButton()->isEnabled());
    QVERIFY(dialog->stopButton()->isEnabled());
    dialog->reject();

    // Closed while idle, the kernel is shut down: nothing is left holding the host's memory.
    QTRY_VERIFY_WITH_TIMEOUT(tab->session()->state() == Kernel::KernelState::Idle, 10000);
    QVERIFY(tab->save()); // no "unsaved changes" question
    window.close();
    QTRY_VERIFY2_WITH_TIMEOUT(window.tabCount() == 0, "the window would not close", 10000);
    QTRY_VERIFY2_WITH_TIMEOUT(
        [&] {
            const auto left = hostSessions();
            return std::none_of(left.begin(), left.end(), [&](const auto &s) { return s.id == session && s.alive; });
        }(),
        "the idle kernel was left running on the host", 30000);
}

QTEST_MAIN(TestReattach)
#include "tst_reattach.moc"
