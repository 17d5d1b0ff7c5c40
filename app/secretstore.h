#pragma once

#include "ssh/sshtarget.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace Notebench::App {

/// Secrets the user asked to keep, in the OS keychain through qtkeychain: the Secret Service
/// (GNOME Keyring, KWallet) on Linux, Keychain on macOS, Credential Manager on Windows. Never a
/// plain file: qtkeychain's insecure fallback stays off, so with no keychain nothing is kept.
///
/// Entries live under the service "Notebench"; an SSH secret's key is "ssh passphrase ACCOUNT"
/// or "ssh password ACCOUNT", ACCOUNT being the runtime's address as SshTarget::displayName()
/// writes it (user@host:port, as far as the address says). The keys written are listed, without
/// their secrets, in QSettings so that forgetAll() can find them: keychains cannot be searched
/// by service everywhere.
///
/// Every call returns at once; the answer comes to `done` on this object's thread when the
/// keychain replies (it may ask the user to unlock it first). Destroying the store drops
/// answers still due.
class SecretStore : public QObject
{
    Q_OBJECT
public:
    /// A secret, or why it could not be read. Neither: there is none under that key.
    struct Lookup
    {
        std::optional<QString> secret;
        QString error; ///< a sentence for the user
    };

    explicit SecretStore(QObject *parent = nullptr);

    static QString serviceName() { return QStringLiteral("Notebench"); }
    /// "ssh passphrase me@box:2222" / "ssh password me@box:2222".
    static QString sshKey(Ssh::SshError::Secret secret, const QString &account);
    /// The keys written through a store and not removed since.
    static QStringList storedKeys();

    void read(const QString &key, std::function<void(const Lookup &)> done);
    /// `done` gets an empty string once the secret is kept, else a sentence saying why not.
    void write(const QString &key, const QString &secret, std::function<void(const QString &error)> done);
    /// Removing a key that holds nothing succeeds.
    void remove(const QString &key, std::function<void(const QString &error)> done);
    /// Removes every key in storedKeys(); `done` gets how many were removed and the first error.
    void forgetAll(std::function<void(int removed, const QString &error)> done);
};

} // namespace Notebench::App
