#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;
class QToolButton;

namespace Notebench::App {

class NotebookTab;

/// The kernel's corner of the status bar for the current tab: runtime, kernel name, state (with
/// the reason and a Restart button once the kernel is dead), the kernel's memory and, on a GPU
/// runtime, each GPU's load and memory.
class KernelStatusBar : public QWidget
{
    Q_OBJECT
public:
    explicit KernelStatusBar(QWidget *parent = nullptr);

    /// Follows this tab (null: shows nothing).
    void setTab(NotebookTab *tab);
    /// The texts shown, for tests: "Local | Python 3 (ipykernel) | idle | 61 MB".
    QString text() const;

private:
    void refresh();

    QPointer<NotebookTab> m_tab;
    QLabel *m_runtime;
    QLabel *m_kernel;
    QLabel *m_state;
    QLabel *m_memory;
    QLabel *m_gpu;
    QToolButton *m_restart;
    QList<QMetaObject::Connection> m_connections;
};

} // namespace Notebench::App
