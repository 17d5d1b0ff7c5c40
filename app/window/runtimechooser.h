#pragma once

#include "app/runtimespec.h"
#include "gpu/gpuinventory.h"

#include <QDialog>

class QButtonGroup;
class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QListWidget;
class QPushButton;
class QRadioButton;
class QVBoxLayout;

namespace Notebench::App {

/// "Change runtime" (Colab's "Change runtime type"): where this notebook's kernel runs — Local
/// CPU, Local GPU with its devices, an SSH host from the ssh config or added here, or a Jupyter
/// Server (a later version's). The GPUs are probed off the GUI thread while the dialog shows;
/// Local GPU stays disabled, with the reason, when there are none.
class RuntimeChooser : public QDialog
{
    Q_OBJECT
public:
    RuntimeChooser(const RuntimeSpec &current, const QString &sshConfigPath, QWidget *parent = nullptr);

    /// The runtime selected now.
    RuntimeSpec chosen() const;
    /// Whether the GPU probe has answered (gpuProbeFinished() has been emitted).
    bool gpusListed() const { return m_gpusListed; }
    /// Adds "me@box:2222" to the SSH list and to the remembered hosts; false (with `error`) when it
    /// is not an SSH address.
    bool addSshHost(const QString &text, QString *error);

    QRadioButton *localCpuButton() const { return m_localCpu; }
    QRadioButton *localGpuButton() const { return m_localGpu; }
    QRadioButton *sshButton() const { return m_ssh; }
    QRadioButton *serverButton() const { return m_server; }
    QListWidget *sshHosts() const { return m_sshHosts; }
    QList<QCheckBox *> gpuBoxes() const { return m_gpuBoxes; }
    QString gpuStatusText() const;

signals:
    void gpuProbeFinished();

private:
    void showGpus(const Gpu::GpuInventory &inventory);
    void askForSshHost();
    void updateAcceptable();

    RuntimeSpec m_current;
    QButtonGroup *m_kinds;
    QRadioButton *m_localCpu;
    QRadioButton *m_localGpu;
    QLabel *m_gpuStatus;
    QVBoxLayout *m_gpuList;
    QList<QCheckBox *> m_gpuBoxes;
    QRadioButton *m_ssh;
    QListWidget *m_sshHosts;
    QPushButton *m_addHost;
    QRadioButton *m_server;
    QDialogButtonBox *m_buttons;
    bool m_gpusListed = false;
};

} // namespace Notebench::App
