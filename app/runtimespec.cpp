#include "app/runtimespec.h"

#include <QRegularExpression>
#include <QUrl>

namespace Notebench::App {

std::optional<RuntimeSpec> RuntimeSpec::parse(const QString &text, QString *error)
{
    RuntimeSpec spec;
    if (text.isEmpty() || text == QLatin1String("local"))
        return spec;
    if (text == QLatin1String("local-gpu") || text.startsWith(QLatin1String("local-gpu:"))) {
        spec.kind = Kind::LocalGpu;
        const QString ids = text.mid(QStringLiteral("local-gpu").size() + 1);
        static const QRegularExpression idList(QStringLiteral("^\\d+(,\\d+)*$"));
        if (text.contains(QLatin1Char(':')) && !idList.match(ids).hasMatch()) {
            *error = QStringLiteral("'%1' is not a GPU list; write local-gpu:0 or local-gpu:0,1.").arg(text);
            return std::nullopt;
        }
        if (!ids.isEmpty())
            spec.gpuIds = ids.split(QLatin1Char(','));
        return spec;
    }
    if (text.startsWith(QLatin1String("ssh://"))) {
        const QUrl url(text, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty() || (!url.path().isEmpty() && url.path() != QLatin1String("/"))) {
            *error = QStringLiteral("'%1' is not an SSH address; write ssh://[user@]host[:port].").arg(text);
            return std::nullopt;
        }
        spec.kind = Kind::Ssh;
        spec.user = url.userName();
        spec.host = url.host();
        spec.port = url.port(0); // 0: the ssh config's Port for this host, else 22
        return spec;
    }
    if (text.startsWith(QLatin1String("http://")) || text.startsWith(QLatin1String("https://"))) {
        const QUrl url(text, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty()) {
            *error = QStringLiteral("'%1' is not a Jupyter Server address.").arg(text);
            return std::nullopt;
        }
        spec.kind = Kind::JupyterServer;
        spec.url = url.toString();
        return spec;
    }
    *error = QStringLiteral("Unknown runtime '%1'; use local, local-gpu[:IDS], ssh://[user@]host[:port] or http(s)://SERVER.")
                 .arg(text);
    return std::nullopt;
}

QString RuntimeSpec::unavailableReason() const
{
    switch (kind) {
    case Kind::Local:
        return {};
    case Kind::LocalGpu:
        return {};
    case Kind::Ssh:
        return {};
    case Kind::JupyterServer:
        return QStringLiteral("Jupyter Server runtimes (%1) are not available yet in this version of Notebench; use --runtime local.")
            .arg(url);
    }
    return {};
}

QString RuntimeSpec::toString() const
{
    switch (kind) {
    case Kind::Local:
        return QStringLiteral("local");
    case Kind::LocalGpu:
        return gpuIds.isEmpty() ? QStringLiteral("local-gpu") : QStringLiteral("local-gpu:") + gpuIds.join(QLatin1Char(','));
    case Kind::Ssh: {
        QString text = QStringLiteral("ssh://");
        if (!user.isEmpty())
            text += user + QLatin1Char('@');
        text += host;
        if (port != 0 && port != 22)
            text += QStringLiteral(":%1").arg(port);
        return text;
    }
    case Kind::JupyterServer:
        return url;
    }
    return {};
}

QString RuntimeSpec::displayName() const
{
    switch (kind) {
    case Kind::Local:
        return QStringLiteral("Local CPU");
    case Kind::LocalGpu:
        return gpuIds.isEmpty() ? QStringLiteral("Local GPU") : QStringLiteral("Local GPU (%1)").arg(gpuIds.join(QLatin1Char(',')));
    case Kind::Ssh:
        return QStringLiteral("SSH: %1").arg(toString().mid(QStringLiteral("ssh://").size()));
    case Kind::JupyterServer:
        return QStringLiteral("Jupyter Server: %1").arg(url);
    }
    return {};
}

} // namespace Notebench::App
