#include "persistence/externalchangewatcher.h"

#include "persistence/persistencelog.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTimer>

#include <algorithm>
#include <utility>

namespace Notebench::Editor {

struct ExternalChangeWatcher::Fingerprint {
    bool exists = false;
    qint64 size = -1;
    QDateTime modified;
    QByteArray hash;    // empty until hashed, or when the file could not be read
};

struct ExternalChangeWatcher::WatchedFile {
    Fingerprint known;
    QTimer debounce;
    quint64 job = 0;            // the hash whose result is awaited; results of other jobs are stale
    bool jobIsBaseline = false; // that result becomes the known state instead of being compared with it
    bool contentEvent = false;  // the file itself reported a change: hash even if size and mtime match
    bool recheck = false;       // a change arrived while a hash or our own save was under way
    bool ownSave = false;
};

namespace {

QString normalised(const QString& path)
{
    return QDir::cleanPath(QFileInfo(path).absoluteFilePath());
}

QString directoryOf(const QString& path)
{
    return QFileInfo(path).absolutePath();
}

} // namespace

ExternalChangeWatcher::ExternalChangeWatcher(std::chrono::milliseconds debounce, QObject* parent)
    : QObject(parent)
    , m_debounce(debounce)
{
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, &ExternalChangeWatcher::onFileChanged);
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, &ExternalChangeWatcher::onDirectoryChanged);
}

ExternalChangeWatcher::~ExternalChangeWatcher()
{
    // Hash jobs post their results to this object; none may still be running once it is gone.
    m_hasher.clear();
    m_hasher.waitForDone();
}

void ExternalChangeWatcher::watch(const QString& path)
{
    const QString key = normalised(path);
    if (m_files.count(key))
        return;
    auto file = std::make_unique<WatchedFile>();
    file->debounce.setSingleShot(true);
    file->debounce.setInterval(m_debounce);
    connect(&file->debounce, &QTimer::timeout, this, [this, key] { check(key); });
    WatchedFile& watched = *file;
    m_files.emplace(key, std::move(file));
    // The directory too: a file that was deleted and is created again has no watch of its own to report it.
    const QString directory = directoryOf(key);
    if (!m_watcher.directories().contains(directory))
        m_watcher.addPath(directory);
    reattach(key);
    startHash(key, watched, true);
}

void ExternalChangeWatcher::unwatch(const QString& path)
{
    const QString key = normalised(path);
    if (!m_files.erase(key))
        return;
    if (m_watcher.files().contains(key))
        m_watcher.removePath(key);
    const QString directory = directoryOf(key);
    const bool directoryStillNeeded = std::any_of(m_files.begin(), m_files.end(),
        [&](const auto& entry) { return directoryOf(entry.first) == directory; });
    if (!directoryStillNeeded && m_watcher.directories().contains(directory))
        m_watcher.removePath(directory);
}

QStringList ExternalChangeWatcher::watchedPaths() const
{
    QStringList paths;
    for (const auto& entry : m_files)
        paths << entry.first;
    return paths;
}

void ExternalChangeWatcher::expectOwnSave(const QString& path)
{
    if (WatchedFile* file = find(path))
        file->ownSave = true;
}

void ExternalChangeWatcher::noteOwnSave(const QString& path)
{
    const QString key = normalised(path);
    WatchedFile* file = find(key);
    if (!file) {
        watch(key);
        return;
    }
    file->ownSave = false;
    file->contentEvent = false;
    file->recheck = false;
    reattach(key);   // an atomic save renamed a new file over the watched one
    startHash(key, *file, true);
}

bool ExternalChangeWatcher::hasBaseline(const QString& path) const
{
    const auto it = m_files.find(normalised(path));
    return it != m_files.end() && (it->second->job == 0 || !it->second->jobIsBaseline);
}

ExternalChangeWatcher::WatchedFile* ExternalChangeWatcher::find(const QString& path)
{
    const auto it = m_files.find(normalised(path));
    return it == m_files.end() ? nullptr : it->second.get();
}

void ExternalChangeWatcher::onFileChanged(const QString& path)
{
    if (WatchedFile* file = find(path)) {
        file->contentEvent = true;
        file->debounce.start();
    }
}

void ExternalChangeWatcher::onDirectoryChanged(const QString& directory)
{
    // Any entry in the directory changed; size and mtime tell cheaply whether it was one of ours. Unlike
    // a file event this never postpones a pending check, so a busy directory cannot starve a real change.
    const QString cleaned = QDir::cleanPath(directory);
    for (const auto& [path, file] : m_files) {
        if (directoryOf(path) == cleaned && !file->debounce.isActive())
            file->debounce.start();
    }
}

void ExternalChangeWatcher::check(const QString& path)
{
    WatchedFile* file = find(path);
    if (!file)
        return;
    if (file->job != 0 || file->ownSave) {
        file->recheck = true;
        return;
    }
    reattach(path);
    const QFileInfo info(path);
    if (!info.exists()) {
        file->contentEvent = false;
        if (file->known.exists) {
            file->known = {};
            emit removedFromDisk(path);
        }
        return;
    }
    if (!file->contentEvent && file->known.exists && info.size() == file->known.size
        && info.lastModified() == file->known.modified)
        return;
    file->contentEvent = false;
    startHash(path, *file, false);
}

void ExternalChangeWatcher::reattach(const QString& path)
{
    // QFileSystemWatcher drops a file once it is renamed over or removed; the new file needs a new watch.
    if (QFileInfo::exists(path) && !m_watcher.files().contains(path))
        m_watcher.addPath(path);
}

void ExternalChangeWatcher::startHash(const QString& path, WatchedFile& file, bool baseline)
{
    file.job = ++m_lastJob;
    file.jobIsBaseline = baseline;
    m_hasher.start([this, path, job = file.job] {
        Fingerprint fingerprint;
        const QFileInfo info(path);
        QFile in(path);
        if (info.exists() && in.open(QIODevice::ReadOnly)) {
            fingerprint.exists = true;
            fingerprint.size = info.size();
            fingerprint.modified = info.lastModified();
            QCryptographicHash hash(QCryptographicHash::Sha1);
            if (hash.addData(&in))
                fingerprint.hash = hash.result();
            else
                qCWarning(lcPersistence) << "external change watcher: cannot read" << path;
        }
        QMetaObject::invokeMethod(this, [this, path, job, fingerprint] { hashDone(path, job, fingerprint); },
                                  Qt::QueuedConnection);
    });
}

void ExternalChangeWatcher::hashDone(const QString& path, quint64 job, const Fingerprint& fingerprint)
{
    WatchedFile* file = find(path);
    if (!file || file->job != job)
        return;
    file->job = 0;
    // Nothing of file is touched after an emit: a receiver may unwatch the path and so destroy it.
    const bool recheck = std::exchange(file->recheck, false);
    const Fingerprint previous = std::exchange(file->known, fingerprint);
    if (!file->jobIsBaseline) {
        if (!fingerprint.exists && previous.exists)
            emit removedFromDisk(path);
        // An unreadable file (empty hash) counts as changed: saying nothing could lose the other program's work.
        else if (fingerprint.exists
                 && (!previous.exists || fingerprint.hash.isEmpty() || fingerprint.hash != previous.hash))
            emit changedOnDisk(path);
    }
    if (recheck)
        check(path);
}

} // namespace Notebench::Editor
