// The window's GPU status for an SSH runtime, offscreen, against the real sshd (SshdFixture) and
// Debian's ipykernel: a host without nvidia-smi shows nothing in the status bar, and the runtime's
// tooltip says why.
#include "sshdfixture.h"

#include "app/provisionerfactory.h"
#include "app/window/kernelstatusbar.h"
#include "app/window/mainwindow.h"
#include "app/window/notebooktab.h"
#include "document/writer.h"
#include "kernel/kernelsession.h"
#include "model/notebookmodel.h"
#include "ssh/sshprovisioner.h"

#include <QDir>
#include <QLabel>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Notebench;

class TestSshGpuStatus : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void hostWithoutGpuIsQuietAndSaysWhy();

private:
    Testing::SshdFixture m_sshd;
    QTemporaryDir m_dir;
};

void TestSshGpuStatus::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true); // the remembered runtime goes to a test location
    qunsetenv("SSH_AUTH_SOCK");
    const QString error = m_sshd.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestSshGpuStatus::cleanupTestCase()
{
    m_sshd.stopRemoteSessions();
    m_sshd.stop();
}

void TestSshGpuStatus::hostWithoutGpuIsQuietAndSaysWhy()
{
    const QStringList sessionPath{QStringLiteral("/usr/local/bin"), QStringLiteral("/usr/bin"), QStringLiteral("/bin")};
    if (!QStandardPaths::findExecutable(QStringLiteral("nvidia-smi"), sessionPath).isEmpty())
        QSKIP("this machine has nvidia-smi: it is not a host without one");
    const QString path = m_dir.filePath(QStringLiteral("remote.ipynb"));
    Document::Notebook notebook;
    notebook.metadata["kernelspec"] = {{"name", "python3"}, {"display_name", "Python 3 (ipykernel)"}, {"language", "python"}};
    notebook.insertCell(0, Document::CellType::Code, "print(6 * 7)");
    QCOMPARE(QString::fromStdString(Document::saveNotebookFile(path.toStdString(), notebook)), QString());

    App::MainWindow window;
    window.show();
    window.openFile(path);
    QTRY_COMPARE_WITH_TIMEOUT(window.tabCount(), 1, 10000);
    auto *tab = window.currentTab();
    QTRY_VERIFY_WITH_TIMEOUT(tab->session()->state() == Kernel::KernelState::Idle, 60000);

    QString error;
    const auto spec = App::RuntimeSpec::parse(QStringLiteral("ssh://nbtest"), &error);
    QVERIFY2(spec, qPrintable(error));
    App::RuntimeProvision provision;
    provision.provisioner = std::make_unique<Ssh::SshProvisioner>(m_sshd.target());
    tab->restartOn(*spec, std::move(provision));
    QTRY_VERIFY_WITH_TIMEOUT(tab->session()->state() == Kernel::KernelState::Idle
                                 && qobject_cast<Ssh::SshProvisioner *>(tab->session()->provisioner()),
                             60000);

    const QString reason = QStringLiteral("No NVIDIA GPU on nbtest: nvidia-smi not found on this host.");
    QTRY_COMPARE_WITH_TIMEOUT(tab->gpuDetails(), reason, 20000);
    QCOMPARE(tab->gpuText(), QString());
    auto *bar = window.findChild<App::KernelStatusBar *>();
    QVERIFY(bar);
    QVERIFY2(!bar->text().contains(QLatin1String("GPU")), qPrintable(bar->text()));
    bool explained = false;
    for (const QLabel *label : bar->findChildren<QLabel *>())
        explained = explained || (label->isVisible() && label->toolTip() == reason);
    QVERIFY2(explained, "no visible part of the status bar says why there is no GPU");

    QSignalSpy finished(tab->session(), &Kernel::KernelSession::shutdownFinished);
    tab->session()->shutdown();
    QVERIFY2(finished.wait(30000), "shutdown over SSH did not finish");
    tab->model()->markSaved();
}

QTEST_MAIN(TestSshGpuStatus)
#include "tst_sshgpustatus.moc"
