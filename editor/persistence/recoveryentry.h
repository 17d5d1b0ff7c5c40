#pragma once

#include "document/notebook.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <filesystem>
#include <optional>

namespace Notebench::Editor {

/// One document's unsaved state in the journal directory: a snapshot "<stem>.ipynb" and its metadata
/// "<stem>.json" (original path, time, writer's pid). The stem is "<pid>-<hash of the document key>",
/// so two running instances never write the same files.
struct RecoveryEntry {
    QString documentKey;
    QString originalPath;   ///< "" for a notebook that was never saved
    QDateTime savedAt;      ///< when the snapshot was written, UTC
    qint64 pid = 0;         ///< the process that wrote it
    QString snapshotFile;   ///< absolute path of the journal's copy of the notebook
    QString metadataFile;   ///< absolute path of the metadata next to it
};

/// What a look at the journal directory found: entries to offer, and files it could not use, with why.
struct RecoveryScan {
    QList<RecoveryEntry> entries;   ///< oldest first
    QStringList skipped;            ///< "FILE: REASON" per bad, partial or orphaned journal file
};

/// Either the recovered notebook or a sentence that says why not; never both.
struct RestoreResult {
    std::optional<Document::Notebook> notebook;
    QString error;
};

namespace RecoveryFiles {

/// "<pid>-<first 16 hex digits of SHA-1(documentKey)>".
QString stemFor(const QString& documentKey, qint64 pid);
/// The metadata bytes for an entry (savedAt, pid, key and original path; the file names are implied).
QByteArray encodeMetadata(const RecoveryEntry& entry);
/// Entries in directory whose writer is no longer running; never throws on bad files.
RecoveryScan scan(const QString& directory);
/// Reads the entry's snapshot through the document reader.
RestoreResult restore(const RecoveryEntry& entry);
/// Removes both files of an entry; "" or a sentence naming what could not be removed.
QString remove(const QString& snapshotFile, const QString& metadataFile);
/// A QString path as the document library's std::filesystem::path (UTF-16 on Windows, local 8-bit elsewhere).
std::filesystem::path toFileSystemPath(const QString& path);

} // namespace RecoveryFiles

} // namespace Notebench::Editor
