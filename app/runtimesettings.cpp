#include "app/runtimesettings.h"

#include <QFileInfo>
#include <QSettings>
#include <QUrl>

namespace Notebench::App {

namespace {
const QString notebookGroup = QStringLiteral("notebookRuntimes");
const QString sessionGroup = QStringLiteral("notebookRemoteSessions");
const QString hostsKey = QStringLiteral("runtime/addedSshHosts");
constexpr int maxAddedHosts = 50;

// QSettings reads "/" in a key as a group and "\\" differently per platform; a percent-encoded
// canonical path is one flat key everywhere, and two spellings of one file share it.
QString keyFor(const QString &notebookPath)
{
    const QFileInfo info(notebookPath);
    const QString canonical = info.canonicalFilePath();
    return QString::fromLatin1(QUrl::toPercentEncoding(canonical.isEmpty() ? info.absoluteFilePath() : canonical));
}
} // namespace

std::optional<RuntimeSpec> RuntimeSettings::runtimeFor(const QString &notebookPath)
{
    if (notebookPath.isEmpty())
        return std::nullopt;
    QSettings settings;
    settings.beginGroup(notebookGroup);
    const QString text = settings.value(keyFor(notebookPath)).toString();
    if (text.isEmpty())
        return std::nullopt;
    QString error;
    return RuntimeSpec::parse(text, &error); // a spelling a later version no longer reads is forgotten
}

void RuntimeSettings::remember(const QString &notebookPath, const RuntimeSpec &spec)
{
    if (notebookPath.isEmpty())
        return;
    QSettings settings;
    settings.beginGroup(notebookGroup);
    if (spec.kind == RuntimeSpec::Kind::Local)
        settings.remove(keyFor(notebookPath));
    else
        settings.setValue(keyFor(notebookPath), spec.toString());
}

QString RuntimeSettings::remoteSessionFor(const QString &notebookPath)
{
    if (notebookPath.isEmpty())
        return {};
    QSettings settings;
    settings.beginGroup(sessionGroup);
    return settings.value(keyFor(notebookPath)).toString();
}

void RuntimeSettings::rememberRemoteSession(const QString &notebookPath, const QString &sessionId)
{
    if (notebookPath.isEmpty())
        return;
    QSettings settings;
    settings.beginGroup(sessionGroup);
    if (sessionId.isEmpty())
        settings.remove(keyFor(notebookPath));
    else
        settings.setValue(keyFor(notebookPath), sessionId);
}

QStringList RuntimeSettings::addedSshHosts()
{
    return QSettings().value(hostsKey).toStringList();
}

void RuntimeSettings::addSshHost(const QString &host)
{
    QStringList hosts = addedSshHosts();
    hosts.removeAll(host);
    hosts.prepend(host);
    QSettings().setValue(hostsKey, hosts.mid(0, maxAddedHosts));
}

} // namespace Notebench::App
