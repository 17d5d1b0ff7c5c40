#pragma once

#include "persistence/recoveryentry.h"

#include "document/notebook.h"

#include <QObject>
#include <QString>
#include <QThreadPool>

#include <chrono>
#include <map>
#include <memory>

namespace Notebench::Editor {

/// Keeps unsaved edits on disk so that a crash or kill -9 loses at most about one interval of typing.
/// While a document is dirty its latest snapshot is written at most once per interval, on a writer
/// thread (never the caller's), atomically; older snapshots that were never written are dropped.
/// A later process finds what a dead one left with pending() and brings it back with restore().
class RecoveryJournal : public QObject {
    Q_OBJECT
public:
    /// The app's data directory + "/recovery".
    static QString defaultDirectory();

    explicit RecoveryJournal(QObject* parent = nullptr);
    /// directory is created when missing; interval bounds both write frequency and data at risk.
    explicit RecoveryJournal(QString directory, std::chrono::milliseconds interval = std::chrono::seconds(3),
                             QObject* parent = nullptr);
    /// Writes what is still dirty and waits for the writer: an orderly exit keeps every last edit.
    ~RecoveryJournal() override;

    QString directory() const { return m_directory; }
    std::chrono::milliseconds interval() const { return m_interval; }

    /// Starts journaling a document; documentKey is stable for the document's lifetime in this process.
    /// Tracking a key again only updates its original path (after Save As).
    void track(const QString& documentKey, const QString& originalPath);
    /// The document differs from disk; snapshot is its current state (move it in to avoid a second copy).
    /// An untracked key is tracked with no original path rather than dropped.
    void markDirty(const QString& documentKey, Document::Notebook snapshot);
    /// The document was saved: its journal entry is removed (after any write already under way).
    void markSaved(const QString& documentKey);
    /// The document was closed: as markSaved, and the key is forgotten.
    void untrack(const QString& documentKey);
    /// Starts writing every dirty snapshot now instead of at the end of its interval.
    void flush();

    /// Entries left in directory by processes that are no longer running, and the files that were skipped.
    static RecoveryScan pending(const QString& directory);
    /// pending() for this journal's directory.
    RecoveryScan pending() const { return pending(m_directory); }
    /// Reads an entry's notebook; blocks on file I/O, so call it off the GUI thread for large notebooks.
    static RestoreResult restore(const RecoveryEntry& entry);
    /// Deletes an entry's files; "" or a sentence that says what could not be removed.
    static QString discard(const RecoveryEntry& entry);

signals:
    /// A snapshot reached disk. Emitted on the writer thread; a normal connection delivers it queued.
    void snapshotWritten(const QString& documentKey);
    /// A snapshot could not be written (disk full, directory gone). Emitted on the writer thread.
    void writeFailed(const QString& documentKey, const QString& reason);

private:
    struct TrackedDocument;

    TrackedDocument& documentFor(const QString& documentKey);
    void schedule(TrackedDocument& document, std::chrono::milliseconds delay);
    void startWrite(const QString& documentKey);
    void writeFinished(const QString& documentKey);
    void removeEntry(TrackedDocument& document);

    QString m_directory;
    std::chrono::milliseconds m_interval;
    std::map<QString, std::unique_ptr<TrackedDocument>> m_documents;
    // One writer thread: a document's writes and removals run in the order they were queued.
    QThreadPool m_writer;
};

} // namespace Notebench::Editor
