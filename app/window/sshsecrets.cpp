#include "app/window/sshsecrets.h"

#include "app/secretstore.h"
#include "app/window/secretprompt.h"

#include <QWidget>

namespace Notebench::App {

namespace {
using Secret = Ssh::SshError::Secret;

QString &secretIn(SshOptions &options, Secret secret)
{
    return secret == Secret::Passphrase ? options.passphrase : options.password;
}

QString secretIn(const SshOptions &options, Secret secret)
{
    return secret == Secret::Passphrase ? options.passphrase : options.password;
}
} // namespace

SshSecrets::SshSecrets(QWidget *window)
    : QObject(window)
    , m_window(window)
    , m_store(new SecretStore(this))
{
}

void SshSecrets::answer(const Ssh::SshError &error, const QString &account, const SshOptions &options,
                        std::function<void(const SshOptions &)> retry, std::function<void()> giveUp)
{
    // Which secret the host turned down, if one was tried. SshLogin reports a refused password as
    // AuthFailed; a passphrase that opened no key falls through to the next method, so a stored
    // passphrase followed by any refusal is taken as wrong.
    Secret refused = Secret::None;
    if (error.kind == Ssh::SshError::Kind::AuthFailed) {
        refused = !options.password.isEmpty() ? Secret::Password : !options.passphrase.isEmpty() ? Secret::Passphrase : Secret::None;
        if (refused == Secret::None) {
            giveUp();
            return;
        }
    } else if (error.kind != Ssh::SshError::Kind::NeedsSecret || error.secret == Secret::None) {
        giveUp();
        return;
    } else if (!options.passphrase.isEmpty()
               && m_fromKeychain.value(SecretStore::sshKey(Secret::Passphrase, account)) == options.passphrase) {
        refused = Secret::Passphrase;
    }

    const Secret wanted = refused != Secret::None ? refused : error.secret;
    const QString key = SecretStore::sshKey(wanted, account);
    const QString noun = wanted == Secret::Passphrase ? tr("passphrase") : tr("password");
    SshOptions next = options;
    secretIn(next, wanted).clear();
    if (refused != Secret::None) {
        m_toRemember.remove(key);
        QString why = tr("That %1 was not accepted.").arg(noun);
        if (m_fromKeychain.contains(key) && m_fromKeychain.value(key) == secretIn(options, refused)) {
            m_fromKeychain.remove(key);
            m_store->remove(key, [this](const QString &problemText) {
                if (!problemText.isEmpty())
                    emit problem(problemText);
            });
            why = tr("The %1 saved in the system keychain for %2 was not accepted; it has been removed from the keychain.")
                      .arg(noun, account);
        }
        prompt(wanted, account, why, {}, next, std::move(retry), std::move(giveUp));
        return;
    }
    // The first time this login wants it: the keychain's copy, without asking anything.
    m_store->read(key, [this, wanted, account, key, noun, next, retry = std::move(retry), giveUp = std::move(giveUp)](
                           const SecretStore::Lookup &lookup) mutable {
        if (lookup.secret && !lookup.secret->isEmpty()) {
            m_fromKeychain.insert(key, *lookup.secret);
            secretIn(next, wanted) = *lookup.secret;
            retry(next);
            return;
        }
        const QString keychainError =
            lookup.error.isEmpty() ? QString() : tr("%1 This %2 cannot be remembered.").arg(lookup.error, noun);
        prompt(wanted, account, {}, keychainError, next, std::move(retry), std::move(giveUp));
    });
}

void SshSecrets::prompt(Secret wanted, const QString &account, const QString &why, const QString &keychainError,
                        SshOptions next, std::function<void(const SshOptions &)> retry, std::function<void()> giveUp)
{
    const bool passphrase = wanted == Secret::Passphrase;
    QString message = passphrase ? tr("The SSH key for %1 is protected by a passphrase. Passphrase:").arg(account)
                                 : tr("Password for %1:").arg(account);
    if (!why.isEmpty())
        message = why + QStringLiteral("\n\n") + message;
    auto *dialog = new SecretPrompt(passphrase ? tr("Key passphrase") : tr("Password"), message, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!keychainError.isEmpty())
        dialog->setKeychainUnavailable(keychainError);
    connect(dialog, &QDialog::finished, this,
            [this, dialog, wanted, account, next, retry = std::move(retry), giveUp = std::move(giveUp)](int result) mutable {
                const QString secret = dialog->secret();
                if (result != QDialog::Accepted || secret.isEmpty()) {
                    giveUp();
                    return;
                }
                const QString key = SecretStore::sshKey(wanted, account);
                m_fromKeychain.remove(key);
                if (dialog->remember())
                    m_toRemember.insert(key, secret);
                else
                    m_toRemember.remove(key);
                secretIn(next, wanted) = secret;
                retry(next);
            });
    emit prompting(dialog);
    dialog->open();
}

void SshSecrets::loginSucceeded(const QString &account, const SshOptions &options)
{
    for (const Secret kind : {Secret::Passphrase, Secret::Password}) {
        const QString secret = secretIn(options, kind);
        const QString key = SecretStore::sshKey(kind, account);
        if (secret.isEmpty() || !m_toRemember.contains(key) || m_toRemember.value(key) != secret)
            continue;
        m_toRemember.remove(key);
        m_store->write(key, secret, [this, key, secret](const QString &problemText) {
            if (!problemText.isEmpty()) {
                emit problem(problemText);
                return;
            }
            m_fromKeychain.insert(key, secret);
        });
    }
}

} // namespace Notebench::App
