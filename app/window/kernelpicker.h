#pragma once

#include "protocol/kernelspec.h"

#include <QDialog>

#include <vector>

class QListWidget;

namespace Notebench::App {

/// Chooses a kernel among those installed: shown when a notebook names a kernel that is missing
/// here (or none), and from Kernel → Change Kernel. Lists display name, language and name.
class KernelPicker : public QDialog
{
    Q_OBJECT
public:
    /// `why` says what happened ("This notebook asks for 'julia-1.9', which is not installed.");
    /// `current` is preselected when present.
    KernelPicker(std::vector<Protocol::KernelSpec> specs, const QString &why, const QString &current,
                 QWidget *parent = nullptr);

    /// The chosen kernel once accepted; null when none is selected.
    const Protocol::KernelSpec *chosen() const;
    /// nbformat's metadata.kernelspec for a kernel: name, display_name, language.
    static nlohmann::json kernelspecMetadata(const Protocol::KernelSpec &spec);

private:
    std::vector<Protocol::KernelSpec> m_specs;
    QListWidget *m_list;
};

} // namespace Notebench::App
