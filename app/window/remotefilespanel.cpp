#include "app/window/remotefilespanel.h"

#include "app/sshruntime.h"
#include "ssh/sftpsession.h"

#include <QDir>
#include <QDirIterator>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QToolBar>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace Notebench::App {

namespace {
enum TransferColumn { FileColumn, ProgressColumn, StatusColumn };
}

RemoteFilesPanel::RemoteFilesPanel(const Ssh::SshTarget &target, QWidget *parent)
    : QWidget(parent)
    , m_target(target)
    , m_view(new QTreeView(this))
    , m_path(new QLineEdit(this))
    , m_status(new QLabel(this))
    , m_transfers(new QTreeWidget(this))
{
    auto *tools = new QToolBar(this);
    tools->addAction(style()->standardIcon(QStyle::SP_FileDialogToParent), tr("Up"), this,
                     [this] { navigate(Ssh::SftpSession::parentOf(folder())); });
    tools->addAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("Refresh"), this, [this] { navigate(folder()); });
    tools->addSeparator();
    tools->addAction(tr("Upload…"), this, &RemoteFilesPanel::chooseUploads);
    tools->addAction(tr("Download…"), this, &RemoteFilesPanel::chooseDownloadFolder);
    tools->addAction(tr("New Folder"), this, &RemoteFilesPanel::makeFolder);
    tools->addAction(tr("Rename…"), this, &RemoteFilesPanel::renameSelected);
    tools->addAction(tr("Delete"), this, &RemoteFilesPanel::removeSelected);

    connect(m_path, &QLineEdit::returnPressed, this, [this] { navigate(m_path->text()); });
    m_view->setModel(&m_model);
    m_view->setRootIsDecorated(false);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setDragDropMode(QAbstractItemView::DropOnly);
    m_view->setAcceptDrops(true);
    m_view->setDropIndicatorShown(true);
    m_view->header()->setSectionResizeMode(RemoteFilesModel::Name, QHeaderView::Stretch);
    m_view->header()->setStretchLastSection(false);
    connect(m_view, &QTreeView::doubleClicked, this, [this](const QModelIndex &index) {
        if (m_model.entry(index.row()).isDir)
            navigate(Ssh::SftpSession::join(folder(), m_model.entry(index.row()).name));
    });
    connect(&m_model, &RemoteFilesModel::filesDropped, this, [this](const QStringList &paths, const QString &into) { upload(paths, into); });

    m_transfers->setHeaderLabels({tr("Transfer"), tr("Progress"), tr("Status")});
    m_transfers->setRootIsDecorated(false);
    auto *cancel = new QPushButton(tr("Cancel"), this);
    auto *resume = new QPushButton(tr("Resume"), this);
    connect(cancel, &QPushButton::clicked, this, [this] {
        if (const int id = selectedTransfer(); id > 0)
            m_session->cancel(id);
    });
    connect(resume, &QPushButton::clicked, this, [this] {
        if (const int id = selectedTransfer(); id > 0) {
            m_transferItems.value(id)->setText(StatusColumn, tr("Resuming…"));
            m_session->resume(id);
        }
    });
    auto *transferBox = new QWidget(this);
    auto *transferLayout = new QVBoxLayout(transferBox);
    transferLayout->setContentsMargins(0, 0, 0, 0);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(cancel);
    buttons->addWidget(resume);
    transferLayout->addWidget(m_transfers);
    transferLayout->addLayout(buttons);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_view);
    split->addWidget(transferBox);
    split->setStretchFactor(0, 3);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(tools);
    layout->addWidget(m_path);
    layout->addWidget(split);
    layout->addWidget(m_status);
    m_status->setWordWrap(true);
    connectSession(m_target);
}

RemoteFilesPanel::~RemoteFilesPanel() = default;

void RemoteFilesPanel::connectSession(const Ssh::SshTarget &target)
{
    m_target = target;
    m_session = std::make_unique<Ssh::SftpSession>(target);
    Ssh::SftpSession *s = m_session.get();
    connect(s, &Ssh::SftpSession::connected, this, [this](const QString &home) {
        if (folder().isEmpty())
            navigate(home);
    });
    connect(s, &Ssh::SftpSession::failed, this, &RemoteFilesPanel::onFailed);
    connect(s, &Ssh::SftpSession::listed, this, [this](const QString &path, const QList<Ssh::RemoteEntry> &entries) {
        m_model.setEntries(path, entries);
        m_path->setText(path);
        emit folderShown(path);
    });
    connect(s, &Ssh::SftpSession::operationFinished, this, &RemoteFilesPanel::onOperationFinished);
    connect(s, &Ssh::SftpSession::transferStarted, this, [this](int id, qint64 from, qint64 total) {
        if (QTreeWidgetItem *item = m_transferItems.value(id))
            item->setText(StatusColumn, from > 0 ? tr("Resumed at %1 of %2").arg(QLocale().formattedDataSize(from), QLocale().formattedDataSize(total))
                                                 : tr("%1").arg(QLocale().formattedDataSize(total)));
    });
    connect(s, &Ssh::SftpSession::transferProgress, this, [this](int id, qint64 done, qint64 total) {
        if (QTreeWidgetItem *item = m_transferItems.value(id))
            static_cast<QProgressBar *>(m_transfers->itemWidget(item, ProgressColumn))->setValue(total > 0 ? int(done * 100 / total) : 100);
    });
    connect(s, &Ssh::SftpSession::transferFinished, this, [this](int id, const QString &error, qint64) {
        if (QTreeWidgetItem *item = m_transferItems.value(id)) {
            item->setText(StatusColumn, error.isEmpty() ? tr("Done") : error);
            item->setToolTip(StatusColumn, error);
        }
        if (error.isEmpty())
            navigate(folder()); // an upload shows up in the listing
        emit transferEnded(id, error);
    });
}

void RemoteFilesPanel::open()
{
    m_status->setText(tr("Connecting to %1…").arg(m_target.displayName()));
    m_session->open();
}

void RemoteFilesPanel::onFailed(const Ssh::SshError &error)
{
    m_status->setText(error.message);
    if (error.kind != Ssh::SshError::Kind::UnknownHostKey)
        return;
    // The same rule as the kernel's connection: an unknown host is recorded only once the user agreed.
    const auto answer = QMessageBox::question(this, tr("Unknown host"),
                                              tr("%1\n\nConnect and remember this key?").arg(error.message));
    if (answer != QMessageBox::Yes)
        return;
    Ssh::SshTarget accepted = m_target;
    accepted.acceptedFingerprint = error.fingerprint;
    connectSession(accepted);
    open();
}

void RemoteFilesPanel::onOperationFinished(const QString &path, const QString &error)
{
    // A folder upload into a folder that is there already merges into it; a real failure shows
    // on the files that then cannot be written.
    if (m_foldersForUploads.remove(path) && !error.isEmpty())
        return;
    if (!error.isEmpty()) {
        m_status->setText(error);
        return;
    }
    m_status->setText(m_target.displayName());
    // A folder made, renamed or removed inside the one shown changes its listing.
    if (path != folder() && Ssh::SftpSession::parentOf(path) == folder())
        navigate(folder());
}

void RemoteFilesPanel::navigate(const QString &folder)
{
    if (!folder.isEmpty())
        m_session->list(folder);
}

void RemoteFilesPanel::addTransfer(int id, const QString &name)
{
    auto *item = new QTreeWidgetItem(m_transfers, {name, QString(), tr("Waiting…")});
    auto *bar = new QProgressBar(m_transfers);
    bar->setRange(0, 100);
    bar->setValue(0);
    m_transfers->setItemWidget(item, ProgressColumn, bar);
    m_transferItems.insert(id, item);
}

namespace {
/// A local folder's tree, relative to it: folders parents first, then files.
struct FolderTree
{
    QStringList folders;
    QStringList files;
};

FolderTree walkFolder(const QString &root)
{
    FolderTree tree;
    const QDir base(root);
    QDirIterator it(root, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::NoSymLinks, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        (it.fileInfo().isDir() ? tree.folders : tree.files) << base.relativeFilePath(path);
    }
    // Made in this order, each folder's parent exists before it.
    std::sort(tree.folders.begin(), tree.folders.end(),
              [](const QString &a, const QString &b) { return a.count(QLatin1Char('/')) < b.count(QLatin1Char('/')); });
    return tree;
}
} // namespace

QList<int> RemoteFilesPanel::upload(const QStringList &localPaths, const QString &folder)
{
    QList<int> ids;
    for (const QString &path : localPaths) {
        if (QFileInfo(path).isDir()) {
            uploadFolder(path, folder);
            continue;
        }
        const QString name = QFileInfo(path).fileName();
        const int id = m_session->upload(path, Ssh::SftpSession::join(folder, name));
        addTransfer(id, tr("↑ %1").arg(name));
        ids << id;
    }
    return ids;
}

void RemoteFilesPanel::uploadFolder(const QString &localFolder, const QString &into)
{
    const QString name = QFileInfo(localFolder).fileName();
    m_status->setText(tr("Reading %1…").arg(QDir::toNativeSeparators(localFolder)));
    // A dataset folder may hold many thousands of files: listing it never waits on the GUI thread.
    auto *walk = new QFutureWatcher<FolderTree>(this);
    connect(walk, &QFutureWatcher<FolderTree>::finished, this, [this, walk, localFolder, into, name] {
        const FolderTree tree = walk->result();
        walk->deleteLater();
        const QString root = Ssh::SftpSession::join(into, name);
        // SftpSession runs calls in order: every folder exists before a file goes into it.
        QStringList folders{root};
        for (const QString &relative : tree.folders)
            folders << Ssh::SftpSession::join(root, relative);
        for (const QString &remote : std::as_const(folders)) {
            m_foldersForUploads.insert(remote);
            m_session->makeFolder(remote);
        }
        QList<int> ids;
        for (const QString &relative : tree.files) {
            const int id = m_session->upload(QDir(localFolder).filePath(relative), Ssh::SftpSession::join(root, relative));
            addTransfer(id, tr("↑ %1/%2").arg(name, relative));
            ids << id;
        }
        m_status->setText(tr("Uploading %n file(s) of %1…", nullptr, int(ids.size())).arg(name));
        emit folderQueued(root, ids);
    });
    walk->setFuture(QtConcurrent::run(walkFolder, localFolder));
}

int RemoteFilesPanel::download(int row, const QString &localFolder)
{
    const Ssh::RemoteEntry &entry = m_model.entry(row);
    const int id = m_session->download(Ssh::SftpSession::join(folder(), entry.name), QDir(localFolder).filePath(entry.name));
    addTransfer(id, tr("↓ %1").arg(entry.name));
    return id;
}

int RemoteFilesPanel::progressPercent(int id) const
{
    QTreeWidgetItem *item = m_transferItems.value(id);
    return item ? static_cast<QProgressBar *>(m_transfers->itemWidget(item, ProgressColumn))->value() : -1;
}

void RemoteFilesPanel::chooseUploads()
{
    const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Upload to %1").arg(folder()));
    if (!paths.isEmpty())
        upload(paths, folder());
}

void RemoteFilesPanel::chooseDownloadFolder()
{
    QList<int> rows;
    for (const int row : selectedRows()) {
        if (!m_model.entry(row).isDir)
            rows << row;
    }
    if (rows.isEmpty()) {
        m_status->setText(tr("Select the files to download first (folders are not downloaded as a whole)."));
        return;
    }
    const QString into = QFileDialog::getExistingDirectory(this, tr("Download into"));
    for (const int row : std::as_const(rows)) {
        if (!into.isEmpty())
            download(row, into);
    }
}

void RemoteFilesPanel::makeFolder()
{
    const QString name = QInputDialog::getText(this, tr("New Folder"), tr("Name:"));
    if (!name.trimmed().isEmpty() && !name.contains(QLatin1Char('/')))
        m_session->makeFolder(Ssh::SftpSession::join(folder(), name.trimmed()));
}

void RemoteFilesPanel::renameSelected()
{
    const QList<int> rows = selectedRows();
    if (rows.size() != 1)
        return;
    const QString old = m_model.entry(rows.first()).name;
    const QString name = QInputDialog::getText(this, tr("Rename"), tr("New name:"), QLineEdit::Normal, old);
    if (!name.trimmed().isEmpty() && name != old && !name.contains(QLatin1Char('/')))
        m_session->rename(Ssh::SftpSession::join(folder(), old), Ssh::SftpSession::join(folder(), name.trimmed()));
}

void RemoteFilesPanel::removeSelected()
{
    const QList<int> rows = selectedRows();
    if (rows.isEmpty())
        return;
    if (QMessageBox::question(this, tr("Delete"), tr("Delete %n item(s) on %1? This cannot be undone.", nullptr, int(rows.size())).arg(m_target.displayName()))
        != QMessageBox::Yes)
        return;
    for (const int row : rows)
        m_session->remove(Ssh::SftpSession::join(folder(), m_model.entry(row).name));
}

int RemoteFilesPanel::selectedTransfer() const
{
    const QTreeWidgetItem *current = m_transfers->currentItem();
    for (auto it = m_transferItems.cbegin(); it != m_transferItems.cend(); ++it) {
        if (it.value() == current)
            return it.key();
    }
    return 0;
}

QList<int> RemoteFilesPanel::selectedRows() const
{
    QList<int> rows;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows())
        rows << index.row();
    return rows;
}

QDockWidget *createRemoteFilesDock(const Ssh::SshTarget &target, QWidget *parent)
{
    auto *dock = new QDockWidget(QObject::tr("Remote files — %1").arg(target.displayName()), parent);
    dock->setObjectName(QStringLiteral("remoteFiles %1").arg(target.displayName()));
    dock->setAttribute(Qt::WA_DeleteOnClose);
    auto *panel = new RemoteFilesPanel(target, dock);
    dock->setWidget(panel);
    panel->open();
    return dock;
}

QDockWidget *askForRemoteFilesDock(QWidget *parent)
{
    QString address = QStringLiteral("ssh://");
    for (;;) {
        bool ok = false;
        address = QInputDialog::getText(parent, QObject::tr("Remote Files"), QObject::tr("Host (ssh://[user@]host[:port] or an alias of ~/.ssh/config):"),
                                        QLineEdit::Normal, address, &ok);
        if (!ok)
            return nullptr;
        if (!address.contains(QStringLiteral("://")))
            address.prepend(QStringLiteral("ssh://"));
        QString error;
        const std::optional<RuntimeSpec> spec = RuntimeSpec::parse(address.trimmed(), &error);
        if (spec && spec->kind == RuntimeSpec::Kind::Ssh)
            return createRemoteFilesDock(sshTarget(*spec, {}), parent);
        QMessageBox::warning(parent, QObject::tr("Remote Files"), spec ? QObject::tr("%1 is not an ssh:// address.").arg(address) : error);
    }
}

} // namespace Notebench::App
