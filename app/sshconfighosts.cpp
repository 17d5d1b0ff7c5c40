#include "app/sshconfighosts.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace Notebench::App {

namespace {
// Include loops (a file including itself) end here; OpenSSH stops at 16 levels.
constexpr int maxIncludeDepth = 16;
// A config larger than this is not a config.
constexpr qint64 maxConfigBytes = 4 * 1024 * 1024;

QStringList words(const QString &line)
{
    static const QRegularExpression space(QStringLiteral("[\\s=]+"));
    return line.split(space, Qt::SkipEmptyParts);
}

QStringList expandInclude(const QString &pattern)
{
    QString path = pattern;
    if (path.startsWith(QLatin1String("~/")))
        path = QDir::home().filePath(path.mid(2));
    else if (QFileInfo(path).isRelative()) // ssh_config(5): relative to ~/.ssh for a user config
        path = QDir::home().filePath(QStringLiteral(".ssh/") + path);
    const QFileInfo info(path);
    if (!info.fileName().contains(QLatin1Char('*')) && !info.fileName().contains(QLatin1Char('?')))
        return {path};
    QStringList files;
    const QDir dir = info.dir();
    for (const QString &name : dir.entryList({info.fileName()}, QDir::Files | QDir::Readable, QDir::Name))
        files << dir.filePath(name);
    return files;
}

void collect(const QString &path, int depth, QStringList &hosts)
{
    QFile file(path);
    if (depth > maxIncludeDepth || file.size() > maxConfigBytes || !file.open(QIODevice::ReadOnly | QIODevice::Text))
        return;
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        QStringList parts = words(line);
        if (parts.isEmpty())
            continue; // a line of "=" alone
        const QString keyword = parts.takeFirst().toLower();
        if (keyword == QLatin1String("include")) {
            for (const QString &pattern : std::as_const(parts)) {
                for (const QString &included : expandInclude(pattern))
                    collect(included, depth + 1, hosts);
            }
        } else if (keyword == QLatin1String("host")) {
            for (QString name : std::as_const(parts)) {
                if (name.startsWith(QLatin1Char('"')) && name.endsWith(QLatin1Char('"')) && name.size() > 1)
                    name = name.mid(1, name.size() - 2);
                static const QRegularExpression pattern(QStringLiteral("[*?!]"));
                if (!name.isEmpty() && !name.contains(pattern) && !hosts.contains(name))
                    hosts << name;
            }
        }
    }
}
} // namespace

QStringList sshConfigHosts(const QString &configPath)
{
    QStringList hosts;
    collect(configPath, 0, hosts);
    return hosts;
}

QString defaultSshConfigPath()
{
    return QDir::home().filePath(QStringLiteral(".ssh/config"));
}

} // namespace Notebench::App
