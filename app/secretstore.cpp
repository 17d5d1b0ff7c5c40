#include "app/secretstore.h"

#include <QSettings>

#include <qt6keychain/keychain.h>

#include <memory>

namespace Notebench::App {

namespace {
const QString storedKeysKey = QStringLiteral("keychain/storedKeys");

// What went wrong, then what it means for this secret: "No system keychain is available
// (detail), so “ssh password me@box” was not stored."
QString sentence(const QKeychain::Job *job, const QString &outcome)
{
    const QString detail = job->errorString().isEmpty() ? QString() : QStringLiteral(" (%1)").arg(job->errorString());
    QString cause;
    switch (job->error()) {
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        cause = SecretStore::tr("No system keychain is available%1").arg(detail);
        break;
    case QKeychain::AccessDeniedByUser:
        cause = SecretStore::tr("The system keychain stayed locked%1").arg(detail);
        break;
    case QKeychain::AccessDenied:
        cause = SecretStore::tr("The system keychain refused access%1").arg(detail);
        break;
    default:
        cause = SecretStore::tr("The system keychain failed%1").arg(detail);
        break;
    }
    return SecretStore::tr("%1, so %2.").arg(cause, outcome);
}

void setStored(const QString &key, bool stored)
{
    QSettings settings;
    QStringList keys = settings.value(storedKeysKey).toStringList();
    keys.removeAll(key);
    if (stored)
        keys << key;
    if (keys.isEmpty())
        settings.remove(storedKeysKey);
    else
        settings.setValue(storedKeysKey, keys);
}

// Every job: this service, never a plain-file fallback, and deleted once it has answered.
template<typename JobType>
JobType *newJob(const QString &key, QObject *parent)
{
    auto *job = new JobType(SecretStore::serviceName(), parent);
    job->setKey(key);
    job->setInsecureFallback(false);
    job->setAutoDelete(true);
    return job;
}
} // namespace

SecretStore::SecretStore(QObject *parent)
    : QObject(parent)
{
}

QString SecretStore::sshKey(Ssh::SshError::Secret secret, const QString &account)
{
    return (secret == Ssh::SshError::Secret::Passphrase ? QStringLiteral("ssh passphrase %1") : QStringLiteral("ssh password %1"))
        .arg(account);
}

QStringList SecretStore::storedKeys()
{
    return QSettings().value(storedKeysKey).toStringList();
}

void SecretStore::read(const QString &key, std::function<void(const Lookup &)> done)
{
    auto *job = newJob<QKeychain::ReadPasswordJob>(key, this);
    connect(job, &QKeychain::Job::finished, this, [job, key, done = std::move(done)] {
        Lookup lookup;
        if (job->error() == QKeychain::NoError)
            lookup.secret = job->textData();
        else if (job->error() != QKeychain::EntryNotFound)
            lookup.error = sentence(job, tr("“%1” could not be read").arg(key));
        done(lookup);
    });
    job->start();
}

void SecretStore::write(const QString &key, const QString &secret, std::function<void(const QString &)> done)
{
    auto *job = newJob<QKeychain::WritePasswordJob>(key, this);
    job->setTextData(secret);
    connect(job, &QKeychain::Job::finished, this, [job, key, done = std::move(done)] {
        if (job->error() != QKeychain::NoError) {
            done(sentence(job, tr("“%1” was not stored").arg(key)));
            return;
        }
        setStored(key, true);
        done({});
    });
    job->start();
}

void SecretStore::remove(const QString &key, std::function<void(const QString &)> done)
{
    auto *job = newJob<QKeychain::DeletePasswordJob>(key, this);
    connect(job, &QKeychain::Job::finished, this, [job, key, done = std::move(done)] {
        if (job->error() != QKeychain::NoError && job->error() != QKeychain::EntryNotFound) {
            done(sentence(job, tr("“%1” could not be removed from it").arg(key)));
            return;
        }
        setStored(key, false);
        done({});
    });
    job->start();
}

void SecretStore::forgetAll(std::function<void(int, const QString &)> done)
{
    const QStringList keys = storedKeys();
    if (keys.isEmpty()) {
        done(0, {});
        return;
    }
    // One removal per key, all at once; the last answer reports.
    struct Tally
    {
        qsizetype pending;
        int removed = 0;
        QString error;
        std::function<void(int, const QString &)> done;
    };
    auto tally = std::make_shared<Tally>(Tally{keys.size(), 0, {}, std::move(done)});
    for (const QString &key : keys) {
        remove(key, [tally](const QString &error) {
            if (error.isEmpty())
                ++tally->removed;
            else if (tally->error.isEmpty())
                tally->error = error;
            if (--tally->pending == 0)
                tally->done(tally->removed, tally->error);
        });
    }
}

} // namespace Notebench::App
