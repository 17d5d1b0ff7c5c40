#pragma once

#include <QFileSystemWatcher>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QThreadPool>

#include <chrono>
#include <map>
#include <memory>

namespace Notebench::Editor {

/// Notices when another program changes or removes an open notebook on disk (an editor, git checkout
/// replacing the file by rename) so that the window can offer a reload. Our own saves are not reported:
/// the owner calls noteOwnSave() after writing. Changes are debounced, so a burst of writes gives one
/// signal, and compared by content hash, so a touch that leaves the bytes alone gives none. Files are
/// hashed on a worker thread, never on the caller's. Paths are reported absolute and cleaned.
class ExternalChangeWatcher : public QObject {
    Q_OBJECT
public:
    explicit ExternalChangeWatcher(std::chrono::milliseconds debounce = std::chrono::milliseconds(200),
                                   QObject* parent = nullptr);
    /// Waits for a hash under way (bounded by one read of the file).
    ~ExternalChangeWatcher() override;

    /// Starts watching; the file as it is now (or its absence) is the known state.
    void watch(const QString& path);
    void unwatch(const QString& path);
    QStringList watchedPaths() const;
    /// The owner is about to write path (e.g. on a worker): nothing is reported until noteOwnSave().
    void expectOwnSave(const QString& path);
    /// The owner has written path (or failed to): the file as it is now becomes the known state.
    /// Starts watching a path not watched yet (after Save As).
    void noteOwnSave(const QString& path);
    /// False while the known state set by watch() or noteOwnSave() is still being hashed: a change made in that
    /// moment becomes part of the known state instead of being reported.
    bool hasBaseline(const QString& path) const;

signals:
    /// The file's content differs from the known state (it also fires when a removed file comes back).
    void changedOnDisk(const QString& path);
    /// The file no longer exists.
    void removedFromDisk(const QString& path);

private:
    struct Fingerprint;
    struct WatchedFile;

    WatchedFile* find(const QString& path);
    void onFileChanged(const QString& path);
    void onDirectoryChanged(const QString& directory);
    void check(const QString& path);
    void reattach(const QString& path);
    void startHash(const QString& path, WatchedFile& file, bool baseline);
    void hashDone(const QString& path, quint64 job, const Fingerprint& fingerprint);

    std::chrono::milliseconds m_debounce;
    std::map<QString, std::unique_ptr<WatchedFile>> m_files;   // by cleaned absolute path
    QFileSystemWatcher m_watcher;
    QThreadPool m_hasher;
    quint64 m_lastJob = 0;
};

} // namespace Notebench::Editor
