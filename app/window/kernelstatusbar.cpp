#include "app/window/kernelstatusbar.h"

#include "app/kernelusage.h"
#include "app/window/notebooktab.h"
#include "kernel/kernelsession.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace Notebench::App {

namespace {
// The state's dot: green idle, amber busy or starting, red dead, grey otherwise (as JupyterLab's
// kernel indicator, with colour for a glance).
QString stateColour(Kernel::KernelState state)
{
    switch (state) {
    case Kernel::KernelState::Idle: return QStringLiteral("#43a047");
    case Kernel::KernelState::Busy:
    case Kernel::KernelState::Starting:
    case Kernel::KernelState::Restarting: return QStringLiteral("#fb8c00");
    case Kernel::KernelState::Dead:
    case Kernel::KernelState::Disconnected: return QStringLiteral("#e53935");
    case Kernel::KernelState::NotStarted: break;
    }
    return QStringLiteral("#9e9e9e");
}
} // namespace

KernelStatusBar::KernelStatusBar(QWidget *parent)
    : QWidget(parent)
    , m_runtime(new QLabel(this))
    , m_kernel(new QLabel(this))
    , m_state(new QLabel(this))
    , m_memory(new QLabel(this))
    , m_gpu(new QLabel(this))
    , m_restart(new QToolButton(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(12);
    for (QWidget *widget : {static_cast<QWidget *>(m_runtime), static_cast<QWidget *>(m_kernel),
                            static_cast<QWidget *>(m_state), static_cast<QWidget *>(m_restart),
                            static_cast<QWidget *>(m_memory), static_cast<QWidget *>(m_gpu)})
        layout->addWidget(widget);
    m_state->setTextFormat(Qt::RichText);
    m_memory->setToolTip(tr("Memory used by the kernel and its child processes"));
    m_restart->setText(tr("Restart"));
    m_restart->setToolTip(tr("Start the kernel again (variables are lost)"));
    m_restart->setAutoRaise(true);
    connect(m_restart, &QToolButton::clicked, this, [this] {
        if (m_tab)
            m_tab->session()->restart();
    });
    setTab(nullptr);
}

void KernelStatusBar::setTab(NotebookTab *tab)
{
    for (const auto &connection : std::as_const(m_connections))
        disconnect(connection);
    m_connections.clear();
    m_tab = tab;
    if (tab) {
        m_connections << connect(tab, &NotebookTab::kernelStatusChanged, this, &KernelStatusBar::refresh)
                      << connect(tab->usage(), &KernelUsage::changed, this, &KernelStatusBar::refresh);
    }
    refresh();
}

void KernelStatusBar::refresh()
{
    setVisible(m_tab != nullptr);
    if (!m_tab)
        return;
    const auto *session = m_tab->session();
    const auto state = session->state();
    m_runtime->setText(m_tab->runtimeName());
    m_kernel->setText(m_tab->kernelDisplayName());
    QString stateText = Kernel::kernelStateName(state);
    // A backend whose kernel outlives the network (SSH) is only reconnecting, and says so.
    if (state == Kernel::KernelState::Disconnected && session->provisioner()->capabilities().survivesDisconnect)
        stateText = tr("reconnecting…");
    if (state == Kernel::KernelState::Dead)
        stateText += QStringLiteral(" — ") + session->deathReason().text();
    m_state->setText(QStringLiteral("<span style='color:%1'>●</span> %2").arg(stateColour(state), stateText.toHtmlEscaped()));
    m_state->setToolTip(stateText);
    m_restart->setVisible(state == Kernel::KernelState::Dead);
    m_memory->setText(m_tab->usage()->memoryText());
    m_memory->setVisible(!m_memory->text().isEmpty());
    m_gpu->setText(m_tab->gpuText());
    m_gpu->setToolTip(m_tab->gpuDetails());
    m_gpu->setVisible(!m_gpu->text().isEmpty());
    // A host without GPUs shows nothing there; the runtime's tooltip still says why.
    m_runtime->setToolTip(m_gpu->text().isEmpty() ? m_tab->gpuDetails() : QString());
}

QString KernelStatusBar::text() const
{
    QStringList parts;
    if (!m_tab)
        return {};
    parts << m_runtime->text() << m_kernel->text() << m_state->toolTip();
    if (!m_memory->text().isEmpty())
        parts << m_memory->text();
    if (!m_gpu->text().isEmpty())
        parts << m_gpu->text();
    return parts.join(QStringLiteral(" | "));
}

} // namespace Notebench::App
