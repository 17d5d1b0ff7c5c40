#include "persistence/recoveryentry.h"

#include "persistence/persistencelog.h"
#include "persistence/processliveness.h"

#include "document/reader.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace Notebench::Editor::RecoveryFiles {

namespace {

constexpr auto formatName = "notebench-recovery";
constexpr int formatVersion = 1;
// A metadata file is a few hundred bytes; anything far larger is not ours and is not read into memory.
constexpr qint64 maxMetadataBytes = 1 << 20;

// The pid is also the stem's prefix, so an orphaned snapshot can still be attributed to its writer.
qint64 pidFromStem(const QString& stem)
{
    bool ok = false;
    const qint64 pid = stem.section(QLatin1Char('-'), 0, 0).toLongLong(&ok);
    return ok ? pid : 0;
}

// Returns the entry, or nullopt with *why set to a reason for the skipped list.
std::optional<RecoveryEntry> decodeMetadata(const QFileInfo& file, QString* why)
{
    if (file.size() > maxMetadataBytes) {
        *why = QStringLiteral("too large to be a journal entry");
        return std::nullopt;
    }
    QFile in(file.absoluteFilePath());
    if (!in.open(QIODevice::ReadOnly)) {
        *why = QStringLiteral("cannot be read (%1)").arg(in.errorString());
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument json = QJsonDocument::fromJson(in.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *why = QStringLiteral("not valid JSON (%1 at offset %2)").arg(parseError.errorString()).arg(parseError.offset);
        return std::nullopt;
    }
    const QJsonObject object = json.object();
    if (object.value(QStringLiteral("format")).toString() != QLatin1String(formatName)
        || object.value(QStringLiteral("version")).toInt() != formatVersion) {
        *why = QStringLiteral("not a version %1 Notebench journal entry").arg(formatVersion);
        return std::nullopt;
    }
    RecoveryEntry entry;
    entry.documentKey = object.value(QStringLiteral("documentKey")).toString();
    entry.originalPath = object.value(QStringLiteral("originalPath")).toString();
    entry.savedAt = QDateTime::fromString(object.value(QStringLiteral("savedAt")).toString(), Qt::ISODateWithMs);
    entry.pid = object.value(QStringLiteral("pid")).toInteger();
    if (entry.documentKey.isEmpty() || !entry.savedAt.isValid() || entry.pid <= 0) {
        *why = QStringLiteral("missing documentKey, savedAt or pid");
        return std::nullopt;
    }
    entry.metadataFile = file.absoluteFilePath();
    entry.snapshotFile = file.absoluteDir().filePath(file.completeBaseName() + QStringLiteral(".ipynb"));
    return entry;
}

} // namespace

QString stemFor(const QString& documentKey, qint64 pid)
{
    const QByteArray digest = QCryptographicHash::hash(documentKey.toUtf8(), QCryptographicHash::Sha1);
    return QString::number(pid) + QLatin1Char('-') + QString::fromLatin1(digest.toHex().left(16));
}

QByteArray encodeMetadata(const RecoveryEntry& entry)
{
    const QJsonObject object{
        {QStringLiteral("format"), QLatin1String(formatName)},
        {QStringLiteral("version"), formatVersion},
        {QStringLiteral("documentKey"), entry.documentKey},
        {QStringLiteral("originalPath"), entry.originalPath},
        {QStringLiteral("savedAt"), entry.savedAt.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("pid"), entry.pid},
    };
    return QJsonDocument(object).toJson(QJsonDocument::Indented);
}

RecoveryScan scan(const QString& directory)
{
    RecoveryScan result;
    const QDir dir(directory);
    for (const QFileInfo& file : dir.entryInfoList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        QString why;
        std::optional<RecoveryEntry> entry = decodeMetadata(file, &why);
        if (entry && isProcessRunning(entry->pid))
            continue; // its writer is still editing; not ours to offer
        if (entry && !QFileInfo::exists(entry->snapshotFile))
            why = QStringLiteral("its snapshot %1 is missing").arg(QFileInfo(entry->snapshotFile).fileName());
        if (!why.isEmpty()) {
            result.skipped << file.fileName() + QStringLiteral(": ") + why;
            continue;
        }
        result.entries << *entry;
    }
    // The snapshot is written before its metadata, so a crash between the two leaves a lone snapshot.
    for (const QFileInfo& file : dir.entryInfoList({QStringLiteral("*.ipynb")}, QDir::Files, QDir::Name)) {
        if (!dir.exists(file.completeBaseName() + QStringLiteral(".json"))
            && !isProcessRunning(pidFromStem(file.completeBaseName())))
            result.skipped << file.fileName() + QStringLiteral(": snapshot without metadata");
    }
    std::stable_sort(result.entries.begin(), result.entries.end(),
                     [](const RecoveryEntry& a, const RecoveryEntry& b) { return a.savedAt < b.savedAt; });
    for (const QString& reason : std::as_const(result.skipped))
        qCWarning(lcPersistence) << "recovery journal: skipped" << reason;
    return result;
}

RestoreResult restore(const RecoveryEntry& entry)
{
    const Document::ReadResult read = Document::readNotebookFile(toFileSystemPath(entry.snapshotFile));
    if (read.error)
        return {std::nullopt, QStringLiteral("The unsaved copy of %1 cannot be recovered: %2")
                                  .arg(entry.originalPath.isEmpty() ? entry.documentKey : entry.originalPath,
                                       QString::fromStdString(read.error->toString()))};
    return {read.notebook, {}};
}

QString remove(const QString& snapshotFile, const QString& metadataFile)
{
    QStringList failed;
    // Metadata first: without it the snapshot is never offered, so a half-done removal cannot resurrect an entry.
    for (const QString& path : {metadataFile, snapshotFile}) {
        QFile file(path);
        if (file.exists() && !file.remove())
            failed << QStringLiteral("%1 (%2)").arg(path, file.errorString());
    }
    return failed.isEmpty() ? QString() : QStringLiteral("Could not remove %1.").arg(failed.join(QStringLiteral(", ")));
}

std::filesystem::path toFileSystemPath(const QString& path)
{
#ifdef Q_OS_WIN
    return std::filesystem::path(path.toStdWString());
#else
    return std::filesystem::path(QFile::encodeName(path).toStdString());
#endif
}

} // namespace Notebench::Editor::RecoveryFiles
