#pragma once

#include "ssh/remoteentry.h"

#include <QAbstractTableModel>

namespace Notebench::App {

/// One remote folder's entries for the Remote files panel: name, size, modified, permissions.
/// It takes local files dropped on it (urls) and hands them on by filesDropped.
class RemoteFilesModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Name, Size, Modified, Permissions, ColumnCount };
    using QAbstractTableModel::QAbstractTableModel;

    void setEntries(const QString &folder, const QList<Ssh::RemoteEntry> &entries);
    const QString &folder() const { return m_folder; }
    const Ssh::RemoteEntry &entry(int row) const { return m_entries.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QStringList mimeTypes() const override;
    Qt::DropActions supportedDropActions() const override;
    bool canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column, const QModelIndex &parent) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column, const QModelIndex &parent) override;

signals:
    /// Local files dropped on the view, to upload into `folder` (a dropped-on subfolder, or the listed one).
    void filesDropped(const QStringList &localPaths, const QString &folder);

private:
    QString m_folder;
    QList<Ssh::RemoteEntry> m_entries;
};

/// "rwxr-xr-x" for POSIX mode bits.
QString permissionText(quint32 mode);

} // namespace Notebench::App
