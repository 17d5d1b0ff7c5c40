// SSH secrets in the OS keychain, against real peers: a D-Bus session bus and GNOME Keyring's
// Secret Service started by the test in its own folder, and the real sshd (SshdFixture) with an
// encrypted key. The prompt offscreen; with no keychain the prompt still works and says why it
// cannot remember; a window remembers a passphrase only when asked, uses it silently next time,
// and replaces a stored one the host turns down; Settings forgets them all.
#include "sshdfixture.h"

#include "app/runtimespec.h"
#include "app/secretstore.h"
#include "app/window/mainwindow.h"
#include "app/window/notebooktab.h"
#include "app/window/secretprompt.h"
#include "app/window/settingsdialog.h"
#include "document/writer.h"
#include "kernel/kernelsession.h"
#include "model/notebookmodel.h"

#include <QCheckBox>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Notebench;

namespace {
constexpr auto passphrase = "correct horse battery";
const QString account = QStringLiteral("nbtest"); // the ssh config's alias, as the runtime names it
const QString passphraseKey = QStringLiteral("ssh passphrase nbtest");

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(content) == content.size();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/// Answers every SecretPrompt that opens in `window`, remembering what each one showed.
class PromptAnswerer : public QObject
{
public:
    struct Seen
    {
        QString message;
        bool rememberEnabled = false;
        QString keychainNote;
    };

    PromptAnswerer(QWidget *window, QString secret, bool remember)
        : m_window(window)
        , m_secret(std::move(secret))
        , m_remember(remember)
    {
        m_timer.setInterval(20);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            auto *prompt = m_window->findChild<App::SecretPrompt *>();
            if (!prompt || !prompt->isVisible())
                return;
            Seen what;
            what.message = prompt->messageLabel()->text();
            if (prompt->keychainNote()->isVisibleTo(prompt))
                what.keychainNote = prompt->keychainNote()->text();
            what.rememberEnabled = prompt->rememberBox()->isEnabled();
            seen << what;
            prompt->secretEdit()->setText(m_secret);
            prompt->rememberBox()->setChecked(m_remember);
            prompt->okButton()->click();
        });
        m_timer.start();
    }

    void answerWith(const QString &secret, bool remember)
    {
        m_secret = secret;
        m_remember = remember;
    }

    QList<Seen> seen;

private:
    QWidget *m_window;
    QString m_secret;
    bool m_remember;
    QTimer m_timer;
};
} // namespace

class TestKeychain : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void promptIsMaskedAndRemembersNothingByDefault();
    void withoutKeychainThePromptStillWorks();
    void storeReadRemoveForget();
    void windowRemembersOnlyWhenAsked();
    void settingsForgetEverySavedSecret();

private:
    /// Opens a new notebook `name` in `window` with its local kernel idle (a notebook reopens on
    /// its last runtime, so each test has its own).
    App::NotebookTab *openNotebook(App::MainWindow &window, const QString &name);
    /// Switches `tab` to the fixture's host; true once the kernel has moved there and is idle.
    bool switchToHost(App::NotebookTab *tab);
    /// Back to the local kernel, idle.
    bool switchToLocal(App::NotebookTab *tab);
    /// What the keychain holds under `key` ("(none)" or "(error: …)" otherwise).
    QString keychainHolds(const QString &key);

    QTemporaryDir m_dir;
    Testing::SshdFixture m_sshd;
    QProcess m_bus;
    QProcess m_keyring;
    QString m_busAddress;
};

void TestKeychain::initTestCase()
{
    QVERIFY(m_dir.isValid());
    for (const char *program : {"dbus-daemon", "gnome-keyring-daemon", "ssh-keygen"}) {
        if (QStandardPaths::findExecutable(QString::fromLatin1(program)).isEmpty())
            QSKIP(qPrintable(QStringLiteral("%1 is not installed (scripts/setup installs it)").arg(QLatin1String(program))));
    }
    // Everything the keychain, the bus and the app's settings write stays in the test's folder.
    const QString home = m_dir.filePath(QStringLiteral("home"));
    const QString runtimeDir = m_dir.filePath(QStringLiteral("run"));
    QVERIFY(QDir().mkpath(home + QStringLiteral("/.ssh")) && QDir().mkpath(runtimeDir));
    QFile::setPermissions(runtimeDir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    qputenv("HOME", home.toLocal8Bit());
    qputenv("XDG_RUNTIME_DIR", runtimeDir.toLocal8Bit());
    qputenv("XDG_DATA_HOME", (home + QStringLiteral("/.local/share")).toLocal8Bit());
    qputenv("XDG_CONFIG_HOME", (home + QStringLiteral("/.config")).toLocal8Bit());
    qunsetenv("SSH_AUTH_SOCK"); // the key must need its passphrase, not come from a running agent
    QStandardPaths::setTestModeEnabled(true);

    // The host: the fixture's key gets a passphrase, and its host key is known already.
    const QString started = m_sshd.start();
    QVERIFY2(started.isEmpty(), qPrintable(started));
    QProcess keygen;
    keygen.start(QStringLiteral("ssh-keygen"), {QStringLiteral("-q"), QStringLiteral("-p"), QStringLiteral("-P"), QString(),
                                                 QStringLiteral("-N"), QString::fromLatin1(passphrase), QStringLiteral("-f"),
                                                 m_sshd.path(QStringLiteral("id_ed25519"))});
    QVERIFY2(keygen.waitForFinished(20000) && keygen.exitCode() == 0, keygen.readAllStandardError().constData());
    const QByteArray hostKey = readFile(m_sshd.path(QStringLiteral("host_ed25519.pub"))).split(' ').mid(0, 2).join(' ');
    QVERIFY(writeFile(m_sshd.knownHosts(), "[127.0.0.1]:" + QByteArray::number(m_sshd.port()) + ' ' + hostKey + '\n'));
    // The window reads ~/.ssh/config; the fixture's names "nbtest".
    QVERIFY(QFile::copy(m_sshd.clientConfig(), home + QStringLiteral("/.ssh/config")));
    qputenv("NOTEBENCH_REMOTE_AGENT_STATE", m_sshd.agentState().toLocal8Bit());
    qputenv("NOTEBENCH_REMOTE_PYTHON", "/usr/bin/python3");

    // A session bus of our own with session.conf's policy (libsecret's calls time out without its
    // eavesdrop rules) but without service activation: nothing starts unless this test
    // starts it, so until the keyring runs there is no keychain at all.
    const QString busConfig = m_dir.filePath(QStringLiteral("bus.conf"));
    QVERIFY(writeFile(busConfig, QStringLiteral("<busconfig><type>session</type><listen>unix:path=%1</listen>"
                                                "<auth>EXTERNAL</auth><policy context=\"default\"><allow send_destination=\"*\" eavesdrop=\"true\"/>"
                                                "<allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>\n")
                                     .arg(m_dir.filePath(QStringLiteral("bus")))
                                     .toUtf8()));
    m_bus.start(QStringLiteral("dbus-daemon"), {QStringLiteral("--config-file=") + busConfig, QStringLiteral("--nofork"),
                                                 QStringLiteral("--print-address=1")});
    QTRY_VERIFY2_WITH_TIMEOUT((m_busAddress += QString::fromUtf8(m_bus.readAllStandardOutput())).contains(QLatin1Char('\n')),
                              qPrintable(QStringLiteral("dbus-daemon printed no address within 10 s: %1")
                                             .arg(QString::fromUtf8(m_bus.readAllStandardError()))),
                              10000);
    m_busAddress = m_busAddress.trimmed();
    qputenv("DBUS_SESSION_BUS_ADDRESS", m_busAddress.toUtf8());
}

void TestKeychain::cleanupTestCase()
{
    for (QProcess *process : {&m_keyring, &m_bus}) {
        if (process->state() == QProcess::NotRunning)
            continue;
        process->terminate(); // SIGTERM to the pid this test started
        if (!process->waitForFinished(5000)) {
            process->kill();
            process->waitForFinished(5000);
        }
    }
    m_sshd.stop();
}

App::NotebookTab *TestKeychain::openNotebook(App::MainWindow &window, const QString &name)
{
    const QString path = m_dir.filePath(name);
    Document::Notebook notebook;
    notebook.metadata["kernelspec"] = {{"name", "python3"}, {"display_name", "Python 3 (ipykernel)"}, {"language", "python"}};
    notebook.insertCell(0, Document::CellType::Code, "print(42)");
    if (!Document::saveNotebookFile(path.toStdString(), notebook).empty())
        return nullptr;
    window.openFile(path);
    if (!QTest::qWaitFor([&] { return window.tabCount() == 1; }, 10000))
        return nullptr;
    auto *tab = window.currentTab();
    return QTest::qWaitFor([&] { return tab->session()->state() == Kernel::KernelState::Idle; }, 60000) ? tab : nullptr;
}

bool TestKeychain::switchToHost(App::NotebookTab *tab)
{
    QString error;
    tab->switchRuntime(*App::RuntimeSpec::parse(QStringLiteral("ssh://nbtest"), &error));
    return QTest::qWaitFor([&] { return tab->runtime().kind == App::RuntimeSpec::Kind::Ssh; }, 30000)
           && QTest::qWaitFor([&] { return tab->session()->state() == Kernel::KernelState::Idle; }, 60000);
}

bool TestKeychain::switchToLocal(App::NotebookTab *tab)
{
    tab->switchRuntime(App::RuntimeSpec{});
    return QTest::qWaitFor([&] { return tab->runtime().kind == App::RuntimeSpec::Kind::Local; }, 10000)
           && QTest::qWaitFor([&] { return tab->session()->state() == Kernel::KernelState::Idle; }, 60000);
}

QString TestKeychain::keychainHolds(const QString &key)
{
    // qtkeychain runs one job at a time in the order started, so this read sees every write before it.
    App::SecretStore store;
    std::optional<QString> answer;
    store.read(key, [&](const App::SecretStore::Lookup &lookup) {
        answer = lookup.secret ? *lookup.secret
                 : lookup.error.isEmpty() ? QStringLiteral("(none)")
                                         : QStringLiteral("(error: %1)").arg(lookup.error);
    });
    return QTest::qWaitFor([&] { return answer.has_value(); }, 10000) ? *answer : QStringLiteral("(no answer within 10 s)");
}

void TestKeychain::promptIsMaskedAndRemembersNothingByDefault()
{
    App::SecretPrompt prompt(QStringLiteral("Key passphrase"), QStringLiteral("Passphrase for me@box:"));
    prompt.show();
    QCOMPARE(prompt.secretEdit()->echoMode(), QLineEdit::Password);
    QVERIFY(!prompt.rememberBox()->isChecked());
    QVERIFY(!prompt.okButton()->isEnabled()); // an empty secret is never sent
    QTest::keyClicks(prompt.secretEdit(), QStringLiteral("s3cret"));
    QVERIFY(prompt.okButton()->isEnabled());
    QCOMPARE(prompt.secret(), QStringLiteral("s3cret"));
    QVERIFY(!prompt.remember());
    prompt.rememberBox()->setChecked(true);
    QVERIFY(prompt.remember());
    prompt.setKeychainUnavailable(QStringLiteral("No system keychain is available."));
    QVERIFY(!prompt.rememberBox()->isEnabled());
    QVERIFY(!prompt.remember());
    QCOMPARE(prompt.keychainNote()->text(), QStringLiteral("No system keychain is available."));
    QVERIFY(prompt.keychainNote()->isVisibleTo(&prompt));
}

void TestKeychain::withoutKeychainThePromptStillWorks()
{
    App::SecretStore store;
    QString writeError = QStringLiteral("(no answer)");
    store.write(passphraseKey, QStringLiteral("x"), [&](const QString &error) { writeError = error; });
    QTRY_VERIFY2_WITH_TIMEOUT(writeError != QStringLiteral("(no answer)"), "the keychain did not answer within 10 s", 10000);
    QVERIFY2(writeError.contains(QStringLiteral("keychain")) && writeError.endsWith(QStringLiteral("“ssh passphrase nbtest” was not stored.")),
             qPrintable(writeError));
    QVERIFY(App::SecretStore::storedKeys().isEmpty());
    const QString held = keychainHolds(passphraseKey);
    QVERIFY2(held.startsWith(QStringLiteral("(error: ")) && held.contains(QStringLiteral("could not be read")), qPrintable(held));

    // The window asks, says it cannot remember, and the login goes on with the typed passphrase.
    App::MainWindow window;
    window.show();
    auto *tab = openNotebook(window, QStringLiteral("nokeychain.ipynb"));
    QVERIFY2(tab, "the notebook did not open with an idle kernel within 70 s");
    PromptAnswerer answerer(&window, QString::fromLatin1(passphrase), true);
    QVERIFY2(switchToHost(tab), "the kernel did not move to the host within 90 s");
    QCOMPARE(answerer.seen.size(), 1);
    QVERIFY2(answerer.seen[0].message.contains(QStringLiteral("nbtest")), qPrintable(answerer.seen[0].message));
    QVERIFY(!answerer.seen[0].rememberEnabled);
    QVERIFY2(answerer.seen[0].keychainNote.contains(QStringLiteral("cannot be remembered")), qPrintable(answerer.seen[0].keychainNote));
    QVERIFY(App::SecretStore::storedKeys().isEmpty());
    tab->model()->markSaved();
}

void TestKeychain::storeReadRemoveForget()
{
    // GNOME Keyring's Secret Service, its login keyring created and unlocked with a password on stdin.
    QElapsedTimer clock;
    clock.start();
    m_keyring.start(QStringLiteral("gnome-keyring-daemon"),
                    {QStringLiteral("--foreground"), QStringLiteral("--unlock"), QStringLiteral("--components=secrets")});
    QVERIFY2(m_keyring.waitForStarted(10000), qPrintable(m_keyring.errorString()));
    m_keyring.write("keyring password");
    m_keyring.closeWriteChannel();
    QDBusConnection bus = QDBusConnection::connectToBus(m_busAddress, QStringLiteral("tst_keychain"));
    QTRY_VERIFY2_WITH_TIMEOUT(bus.interface()->isServiceRegistered(QStringLiteral("org.freedesktop.secrets")),
                              qPrintable(QStringLiteral("the keyring did not serve within 10 s: %1")
                                             .arg(QString::fromUtf8(m_keyring.readAllStandardError()))),
                              10000);
    QDBusConnection::disconnectFromBus(QStringLiteral("tst_keychain"));
    qInfo("gnome-keyring-daemon served after %lld ms", clock.elapsed());

    App::SecretStore store;
    const QString passwordKey = App::SecretStore::sshKey(Ssh::SshError::Secret::Password, QStringLiteral("me@box:2222"));
    QCOMPARE(passwordKey, QStringLiteral("ssh password me@box:2222"));
    int written = 0;
    for (const auto &[key, secret] : {std::pair{passwordKey, QStringLiteral("pässwörd ✓")}, std::pair{passphraseKey, QStringLiteral("p1")}}) {
        store.write(key, secret, [&written](const QString &error) {
            QVERIFY2(error.isEmpty(), qPrintable(error));
            ++written;
        });
    }
    QTRY_VERIFY2_WITH_TIMEOUT(written == 2, "two writes were not answered within 10 s", 10000);
    QCOMPARE(keychainHolds(passwordKey), QStringLiteral("pässwörd ✓"));
    QCOMPARE(keychainHolds(passphraseKey), QStringLiteral("p1"));
    QCOMPARE(App::SecretStore::storedKeys(), QStringList({passwordKey, passphraseKey}));

    bool removed = false;
    store.remove(passphraseKey, [&removed](const QString &error) {
        QVERIFY2(error.isEmpty(), qPrintable(error));
        removed = true;
    });
    QTRY_VERIFY2_WITH_TIMEOUT(removed, "the removal was not answered within 10 s", 10000);
    QCOMPARE(keychainHolds(passphraseKey), QStringLiteral("(none)"));
    QCOMPARE(keychainHolds(passwordKey), QStringLiteral("pässwörd ✓"));

    std::optional<int> forgotten;
    store.forgetAll([&forgotten](int count, const QString &error) {
        QVERIFY2(error.isEmpty(), qPrintable(error));
        forgotten = count;
    });
    QTRY_VERIFY2_WITH_TIMEOUT(forgotten.has_value(), "forgetting was not answered within 10 s", 10000);
    QCOMPARE(*forgotten, 1);
    QCOMPARE(keychainHolds(passwordKey), QStringLiteral("(none)"));
    QVERIFY(App::SecretStore::storedKeys().isEmpty());
}

void TestKeychain::windowRemembersOnlyWhenAsked()
{
    QVERIFY2(m_keyring.state() == QProcess::Running, "storeReadRemoveForget starts the keyring");
    App::MainWindow window;
    window.show();
    auto *tab = openNotebook(window, QStringLiteral("keychain.ipynb"));
    QVERIFY2(tab, "the notebook did not open with an idle kernel within 70 s");

    // Typed without "Remember": the login works and nothing is kept.
    PromptAnswerer answerer(&window, QString::fromLatin1(passphrase), false);
    QVERIFY2(switchToHost(tab), "the kernel did not move to the host within 90 s");
    QCOMPARE(answerer.seen.size(), 1);
    QVERIFY(answerer.seen[0].rememberEnabled);
    QCOMPARE(keychainHolds(passphraseKey), QStringLiteral("(none)"));

    // Asked again, now with "Remember": kept once the login has succeeded.
    QVERIFY2(switchToLocal(tab), "the local kernel did not come back within 70 s");
    answerer.answerWith(QString::fromLatin1(passphrase), true);
    QVERIFY2(switchToHost(tab), "the kernel did not move to the host within 90 s");
    QCOMPARE(answerer.seen.size(), 2);
    QCOMPARE(keychainHolds(passphraseKey), QString::fromLatin1(passphrase));
    QCOMPARE(App::SecretStore::storedKeys(), QStringList{passphraseKey});

    // Next time the keychain's copy is used without asking.
    QVERIFY2(switchToLocal(tab), "the local kernel did not come back within 70 s");
    QVERIFY2(switchToHost(tab), "the kernel did not move to the host within 90 s");
    QCOMPARE(answerer.seen.size(), 2);

    // A stored passphrase the key refuses is removed and asked for again.
    App::SecretStore store;
    bool replaced = false;
    store.write(passphraseKey, QStringLiteral("stale passphrase"), [&replaced](const QString &error) {
        QVERIFY2(error.isEmpty(), qPrintable(error));
        replaced = true;
    });
    QTRY_VERIFY2_WITH_TIMEOUT(replaced, "the write was not answered within 10 s", 10000);
    QVERIFY2(switchToLocal(tab), "the local kernel did not come back within 70 s");
    answerer.answerWith(QString::fromLatin1(passphrase), false);
    QVERIFY2(switchToHost(tab), "the kernel did not move to the host within 90 s");
    QCOMPARE(answerer.seen.size(), 3);
    QVERIFY2(answerer.seen[2].message.contains(QStringLiteral("was not accepted; it has been removed from the keychain")),
             qPrintable(answerer.seen[2].message));
    QCOMPARE(keychainHolds(passphraseKey), QStringLiteral("(none)"));
    QVERIFY(App::SecretStore::storedKeys().isEmpty());
    tab->model()->markSaved();
}

void TestKeychain::settingsForgetEverySavedSecret()
{
    App::SecretStore store;
    int written = 0;
    for (const QString &key : {passphraseKey, QStringLiteral("ssh password me@box:2222")})
        store.write(key, QStringLiteral("kept"), [&written](const QString &error) {
            QVERIFY2(error.isEmpty(), qPrintable(error));
            ++written;
        });
    QTRY_VERIFY2_WITH_TIMEOUT(written == 2, "two writes were not answered within 10 s", 10000);

    App::SettingsDialog dialog(m_dir.filePath(QStringLiteral("keymap.json")));
    dialog.show();
    QPushButton *forget = nullptr;
    for (auto *button : dialog.findChildren<QPushButton *>()) {
        if (button->text() == QStringLiteral("Forget Saved SSH Passwords"))
            forget = button;
    }
    QVERIFY2(forget && forget->isEnabled(), "no enabled Forget button with two secrets kept");
    forget->click();
    QTRY_VERIFY2_WITH_TIMEOUT(!forget->isEnabled() && App::SecretStore::storedKeys().isEmpty(),
                              "the secrets were not forgotten within 10 s", 10000);
    QLabel *said = nullptr;
    for (auto *label : dialog.findChildren<QLabel *>()) {
        if (label->text().contains(QStringLiteral("removed from the system keychain")))
            said = label;
    }
    QVERIFY2(said && said->text().startsWith(QStringLiteral("2 ")), said ? qPrintable(said->text()) : "no report");
    QCOMPARE(keychainHolds(passphraseKey), QStringLiteral("(none)"));
}

QTEST_MAIN(TestKeychain)
#include "tst_keychain.moc"
