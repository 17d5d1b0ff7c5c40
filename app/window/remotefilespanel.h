#pragma once

#include "app/window/remotefilesmodel.h"
#include "ssh/sshtarget.h"

#include <QHash>
#include <QSet>
#include <QWidget>

#include <memory>

class QDockWidget;
class QLabel;
class QLineEdit;
class QProgressBar;
class QTreeView;
class QTreeWidget;
class QTreeWidgetItem;

namespace Notebench::Ssh {
class SftpSession;
}

namespace Notebench::App {

/// The "Remote files" panel of an SSH runtime: browses the host's folders over its own SFTP
/// connection (starting in the home folder, where the kernel starts), uploads files chosen or
/// dropped on it, downloads into a local folder, and lists transfers with progress, Cancel and
/// Resume. Everything it asks of the host goes through SftpSession's worker thread.
class RemoteFilesPanel : public QWidget
{
    Q_OBJECT
public:
    explicit RemoteFilesPanel(const Ssh::SshTarget &target, QWidget *parent = nullptr);
    ~RemoteFilesPanel() override;

    /// Connects and shows the home folder.
    void open();
    void navigate(const QString &folder);
    QString folder() const { return m_model.folder(); }
    RemoteFilesModel *model() { return &m_model; }
    /// Uploads local files into a remote folder; returns the transfers' ids. A local folder goes
    /// up whole (its tree is walked off the GUI thread; its transfers start once it has been
    /// walked, and folderQueued() says how many there are).
    QList<int> upload(const QStringList &localPaths, const QString &folder);
    /// Downloads the listed entry at `row` into a local folder.
    int download(int row, const QString &localFolder);
    /// The progress bar of a transfer, 0–100 (-1: no such transfer).
    int progressPercent(int id) const;

signals:
    void folderShown(const QString &folder);
    void transferEnded(int id, const QString &error);
    /// A local folder's tree was walked and its files queued for upload into `remoteFolder`.
    void folderQueued(const QString &remoteFolder, const QList<int> &ids);

private:
    void connectSession(const Ssh::SshTarget &target);
    void onFailed(const Ssh::SshError &error);
    void onOperationFinished(const QString &path, const QString &error);
    void addTransfer(int id, const QString &name);
    void uploadFolder(const QString &localFolder, const QString &into);
    void chooseUploads();
    void chooseDownloadFolder();
    void makeFolder();
    void removeSelected();
    void renameSelected();
    int selectedTransfer() const;
    QList<int> selectedRows() const;

    Ssh::SshTarget m_target;
    std::unique_ptr<Ssh::SftpSession> m_session;
    RemoteFilesModel m_model;
    QTreeView *m_view;
    QLineEdit *m_path;
    QLabel *m_status;
    QTreeWidget *m_transfers;
    QHash<int, QTreeWidgetItem *> m_transferItems;
    QSet<QString> m_foldersForUploads; // made for a folder upload: "exists already" is no error
};

/// A dock with a Remote files panel for this SSH target, already connecting.
QDockWidget *createRemoteFilesDock(const Ssh::SshTarget &target, QWidget *parent);
/// Asks for an ssh:// address and makes its dock; nullptr when the user cancels. For the window's
/// View menu until the runtime chooser opens the panel for a notebook whose runtime is SSH.
QDockWidget *askForRemoteFilesDock(QWidget *parent);

} // namespace Notebench::App
