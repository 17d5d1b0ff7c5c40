#pragma once

#include "app/sshruntime.h"

#include <QHash>
#include <QObject>

#include <functional>

class QWidget;

namespace Notebench::App {

class SecretPrompt;
class SecretStore;

/// The window's side of an SSH login's secrets. When a login needs a passphrase or password, the
/// copy in the system keychain is tried first, silently; without one, a SecretPrompt asks. What
/// the user asked to remember is stored only once a login with it has succeeded, and a stored
/// secret the host turns down is removed from the keychain and asked for again.
class SshSecrets : public QObject
{
    Q_OBJECT
public:
    /// Prompts open over `window`.
    explicit SshSecrets(QWidget *window);

    /// A login to `account` (SshTarget::displayName()) with `options` failed with `error`.
    /// `retry` gets the options to try next, carrying a secret; `giveUp` runs when the user
    /// cancels or the error is not about a secret.
    void answer(const Ssh::SshError &error, const QString &account, const SshOptions &options,
                std::function<void(const SshOptions &)> retry, std::function<void()> giveUp);
    /// A login to `account` with `options` succeeded: keeps what the user asked to keep.
    void loginSucceeded(const QString &account, const SshOptions &options);

    SecretStore *store() const { return m_store; }

signals:
    /// The keychain could not do what was asked; one sentence for the status bar.
    void problem(const QString &sentence);
    /// A prompt is about to open (tests answer it).
    void prompting(Notebench::App::SecretPrompt *prompt);

private:
    void prompt(Ssh::SshError::Secret wanted, const QString &account, const QString &why, const QString &keychainError,
                SshOptions next, std::function<void(const SshOptions &)> retry, std::function<void()> giveUp);

    QWidget *m_window;
    SecretStore *m_store;
    QHash<QString, QString> m_fromKeychain; // keychain key → the secret it handed out
    QHash<QString, QString> m_toRemember;   // keychain key → a secret typed with "Remember" checked
};

} // namespace Notebench::App
