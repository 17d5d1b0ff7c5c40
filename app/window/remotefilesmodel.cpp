#include "app/window/remotefilesmodel.h"

#include "ssh/sftpsession.h"

#include <QFileInfo>
#include <QIcon>
#include <QLocale>
#include <QMimeData>
#include <QStyle>
#include <QApplication>
#include <QUrl>

namespace Notebench::App {

QString permissionText(quint32 mode)
{
    QString text;
    for (int shift = 6; shift >= 0; shift -= 3) {
        text += (mode >> shift) & 4 ? QLatin1Char('r') : QLatin1Char('-');
        text += (mode >> shift) & 2 ? QLatin1Char('w') : QLatin1Char('-');
        text += (mode >> shift) & 1 ? QLatin1Char('x') : QLatin1Char('-');
    }
    return text;
}

void RemoteFilesModel::setEntries(const QString &folder, const QList<Ssh::RemoteEntry> &entries)
{
    beginResetModel();
    m_folder = folder;
    m_entries = entries;
    endResetModel();
}

int RemoteFilesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int RemoteFilesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RemoteFilesModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size())
        return {};
    const Ssh::RemoteEntry &e = m_entries.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Name:
            return e.name;
        case Size:
            return e.isDir ? QString() : QLocale().formattedDataSize(e.size);
        case Modified:
            return QLocale().toString(e.modified, QLocale::ShortFormat);
        case Permissions:
            return permissionText(e.permissions);
        }
    }
    if (role == Qt::DecorationRole && index.column() == Name)
        return QApplication::style()->standardIcon(e.isDir ? QStyle::SP_DirIcon : QStyle::SP_FileIcon);
    if (role == Qt::TextAlignmentRole && index.column() == Size)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant RemoteFilesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Name");
    case Size:
        return tr("Size");
    case Modified:
        return tr("Modified");
    case Permissions:
        return tr("Permissions");
    }
    return {};
}

Qt::ItemFlags RemoteFilesModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::ItemIsDropEnabled;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (m_entries.at(index.row()).isDir)
        f |= Qt::ItemIsDropEnabled;
    return f;
}

QStringList RemoteFilesModel::mimeTypes() const
{
    return {QStringLiteral("text/uri-list")};
}

Qt::DropActions RemoteFilesModel::supportedDropActions() const
{
    return Qt::CopyAction;
}

bool RemoteFilesModel::canDropMimeData(const QMimeData *data, Qt::DropAction, int, int, const QModelIndex &) const
{
    const QList<QUrl> urls = data ? data->urls() : QList<QUrl>{};
    return std::any_of(urls.begin(), urls.end(), [](const QUrl &url) { return url.isLocalFile(); });
}

bool RemoteFilesModel::dropMimeData(const QMimeData *data, Qt::DropAction, int, int, const QModelIndex &parent)
{
    QStringList paths;
    for (const QUrl &url : data->urls()) {
        // A folder goes up whole (RemoteFilesPanel::upload walks it).
        if (url.isLocalFile() && QFileInfo(url.toLocalFile()).exists())
            paths << url.toLocalFile();
    }
    if (paths.isEmpty())
        return false;
    const bool ontoFolder = parent.isValid() && m_entries.at(parent.row()).isDir;
    emit filesDropped(paths, ontoFolder ? Ssh::SftpSession::join(m_folder, m_entries.at(parent.row()).name) : m_folder);
    return true;
}

} // namespace Notebench::App
