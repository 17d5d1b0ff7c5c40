#include "persistence/recoveryjournal.h"

#include "persistence/persistencelog.h"

#include "document/atomicfile.h"
#include "document/writer.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QStandardPaths>
#include <QTimer>

#include <algorithm>
#include <optional>

namespace Notebench::Editor {

using namespace std::chrono_literals;

struct RecoveryJournal::TrackedDocument {
    QString originalPath;
    QString snapshotFile;
    QString metadataFile;
    std::optional<Document::Notebook> latest;   // newest snapshot not yet handed to the writer
    QTimer timer;                               // fires when latest is due to be written
    bool writing = false;                       // the writer holds a snapshot of this document
    QElapsedTimer lastWriteStarted;
};

namespace {

QString writeMetadata(const RecoveryEntry& entry)
{
    Document::AtomicFile file(RecoveryFiles::toFileSystemPath(entry.metadataFile));
    const QByteArray bytes = RecoveryFiles::encodeMetadata(entry);
    if (!file.open() || !file.write(std::string_view(bytes.constData(), std::size_t(bytes.size()))) || !file.commit())
        return QString::fromStdString(file.error());
    return {};
}

} // namespace

QString RecoveryJournal::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/recovery");
}

RecoveryJournal::RecoveryJournal(QObject* parent)
    : RecoveryJournal(defaultDirectory(), 3s, parent)
{
}

RecoveryJournal::RecoveryJournal(QString directory, std::chrono::milliseconds interval, QObject* parent)
    : QObject(parent)
    , m_directory(QDir::cleanPath(directory))
    , m_interval(interval)
{
    m_writer.setMaxThreadCount(1);
    if (!QDir().mkpath(m_directory))
        qCWarning(lcPersistence) << "recovery journal: cannot create" << m_directory;
}

RecoveryJournal::~RecoveryJournal()
{
    flush();
    m_writer.waitForDone();
    // Snapshots that arrived while a write was under way would have been rescheduled by writeFinished(),
    // whose queued calls die with this object; write them now.
    for (auto& [key, document] : m_documents)
        document->writing = false;
    flush();
    m_writer.waitForDone();
}

void RecoveryJournal::track(const QString& documentKey, const QString& originalPath)
{
    documentFor(documentKey).originalPath = originalPath;
}

void RecoveryJournal::markDirty(const QString& documentKey, Document::Notebook snapshot)
{
    TrackedDocument& document = documentFor(documentKey);
    document.latest = std::move(snapshot);
    // Coalesce: a scheduled or running write picks up whatever is latest when its turn comes.
    if (!document.writing && !document.timer.isActive())
        schedule(document, m_interval);
}

void RecoveryJournal::markSaved(const QString& documentKey)
{
    const auto it = m_documents.find(documentKey);
    if (it != m_documents.end())
        removeEntry(*it->second);
}

void RecoveryJournal::untrack(const QString& documentKey)
{
    const auto it = m_documents.find(documentKey);
    if (it == m_documents.end())
        return;
    removeEntry(*it->second);
    m_documents.erase(it);
}

void RecoveryJournal::flush()
{
    QStringList due;
    for (const auto& [key, document] : m_documents) {
        if (document->latest && !document->writing)
            due << key;
    }
    for (const QString& key : std::as_const(due))
        startWrite(key);
}

RecoveryScan RecoveryJournal::pending(const QString& directory)
{
    return RecoveryFiles::scan(directory);
}

RestoreResult RecoveryJournal::restore(const RecoveryEntry& entry)
{
    return RecoveryFiles::restore(entry);
}

QString RecoveryJournal::discard(const RecoveryEntry& entry)
{
    return RecoveryFiles::remove(entry.snapshotFile, entry.metadataFile);
}

RecoveryJournal::TrackedDocument& RecoveryJournal::documentFor(const QString& documentKey)
{
    std::unique_ptr<TrackedDocument>& slot = m_documents[documentKey];
    if (!slot) {
        slot = std::make_unique<TrackedDocument>();
        const QDir dir(m_directory);
        const QString stem = RecoveryFiles::stemFor(documentKey, QCoreApplication::applicationPid());
        slot->snapshotFile = dir.filePath(stem + QStringLiteral(".ipynb"));
        slot->metadataFile = dir.filePath(stem + QStringLiteral(".json"));
        slot->timer.setSingleShot(true);
        connect(&slot->timer, &QTimer::timeout, this, [this, documentKey] { startWrite(documentKey); });
    }
    return *slot;
}

void RecoveryJournal::schedule(TrackedDocument& document, std::chrono::milliseconds delay)
{
    document.timer.start(std::max(delay, 0ms));
}

void RecoveryJournal::startWrite(const QString& documentKey)
{
    const auto it = m_documents.find(documentKey);
    if (it == m_documents.end() || !it->second->latest || it->second->writing)
        return;
    TrackedDocument& document = *it->second;
    document.timer.stop();
    document.writing = true;
    document.lastWriteStarted.start();
    // shared_ptr: QThreadPool::start takes a copyable std::function; the notebook itself is never copied.
    auto snapshot = std::make_shared<const Document::Notebook>(std::move(*document.latest));
    document.latest.reset();
    const RecoveryEntry entry{documentKey, document.originalPath, QDateTime::currentDateTimeUtc(),
                              QCoreApplication::applicationPid(), document.snapshotFile, document.metadataFile};

    m_writer.start([this, entry, snapshot, directory = m_directory] {
        // A user or a temp cleaner may have removed the directory since the last write.
        QDir().mkpath(directory);
        // Snapshot before metadata: metadata is what makes an entry visible, so it never points at nothing.
        QString failure = QString::fromStdString(
            Document::saveNotebookFile(RecoveryFiles::toFileSystemPath(entry.snapshotFile), *snapshot));
        if (failure.isEmpty())
            failure = writeMetadata(entry);
        if (failure.isEmpty()) {
            emit snapshotWritten(entry.documentKey);
        } else {
            qCWarning(lcPersistence) << "recovery journal:" << failure;
            emit writeFailed(entry.documentKey, failure);
        }
        QMetaObject::invokeMethod(this, [this, key = entry.documentKey] { writeFinished(key); },
                                  Qt::QueuedConnection);
    });
}

void RecoveryJournal::writeFinished(const QString& documentKey)
{
    const auto it = m_documents.find(documentKey);
    if (it == m_documents.end())
        return;
    TrackedDocument& document = *it->second;
    document.writing = false;
    if (document.latest && !document.timer.isActive()) {
        const auto sinceStart = std::chrono::milliseconds(document.lastWriteStarted.elapsed());
        schedule(document, m_interval - sinceStart);
    }
}

void RecoveryJournal::removeEntry(TrackedDocument& document)
{
    document.latest.reset();
    document.timer.stop();
    // Queued behind any write of this document, so a write still under way cannot bring the entry back.
    m_writer.start([snapshotFile = document.snapshotFile, metadataFile = document.metadataFile] {
        const QString failure = RecoveryFiles::remove(snapshotFile, metadataFile);
        if (!failure.isEmpty())
            qCWarning(lcPersistence) << "recovery journal:" << failure;
    });
}

} // namespace Notebench::Editor
