#pragma once

#include "ssh/remotesessions.h"

#include <QDialog>

class QLabel;
class QTreeWidget;
class QPushButton;

namespace Notebench::App {

/// The kernels an SSH host keeps running (`agent list`), as Colab's "Manage sessions": attach
/// this notebook to one (its whole output is replayed into the cells that ran it), stop one, or —
/// when the notebook is moving to the host — start a new kernel beside them. Listing and stopping
/// run over a connection of the dialog's own, off the GUI thread.
class RemoteSessionsDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Purpose {
        Manage,        ///< Kernel → Sessions on Host: Attach, Stop, Close
        ChooseOnSwitch ///< the notebook moves to the host: Attach, Stop, Start New Kernel
    };

    /// `current` is this notebook's session there (marked, and never offered for attach).
    RemoteSessionsDialog(Ssh::SshTarget target, Purpose purpose, QString current, QWidget *parent = nullptr);

    /// Shows sessions already listed (the switch's probe has them); refresh() asks the host.
    void setSessions(const QList<Ssh::RemoteSession> &sessions);
    void refresh();

    /// The session to attach to once accepted; empty: start a new kernel.
    QString chosenSession() const { return m_chosen; }

    /// One row per session: id, kernel, started, messages, state.
    QTreeWidget *list() const { return m_list; }
    QPushButton *attachButton() const { return m_attach; }
    QPushButton *stopButton() const { return m_stop; }
    QPushButton *newKernelButton() const { return m_newKernel; }
    QString statusText() const;

signals:
    /// The host answered a refresh() or a stop (the list shows it).
    void listUpdated();

private:
    void updateButtons();
    QString selectedId() const;
    void setBusy(const QString &status);

    Ssh::SshTarget m_target;
    QString m_current;
    QString m_chosen;
    Ssh::RemoteSessions *m_sessions;
    QLabel *m_status;
    QTreeWidget *m_list;
    QPushButton *m_attach;
    QPushButton *m_stop;
    QPushButton *m_newKernel = nullptr;
    bool m_busy = false;
};

} // namespace Notebench::App
