#pragma once

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

namespace Notebench::Ssh {

/// One entry of a remote folder as SFTP lists it.
struct RemoteEntry
{
    QString name;
    qint64 size = 0;
    QDateTime modified;
    bool isDir = false;
    quint32 permissions = 0; ///< the POSIX mode bits, 0 when the server did not say
};

/// Folders first, then by name without regard to case: the order a file manager shows.
void sortForDisplay(QList<RemoteEntry> &entries);

} // namespace Notebench::Ssh

Q_DECLARE_METATYPE(Notebench::Ssh::RemoteEntry)
