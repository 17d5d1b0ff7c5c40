#include "app/window/runtimechooser.h"

#include "app/runtimesettings.h"
#include "app/sshconfighosts.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace Notebench::App {

namespace {
constexpr double bytesPerGb = 1024.0 * 1024.0 * 1024.0;

QLabel *note(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setIndent(24); // under the radio button's text
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

QString gpuLabel(const Gpu::GpuSample &gpu)
{
    QString text = QStringLiteral("GPU %1: %2").arg(gpu.index).arg(gpu.name.isEmpty() ? QObject::tr("(unnamed)") : gpu.name);
    if (gpu.memoryTotal) {
        text += QObject::tr(" — %1 GB").arg(double(*gpu.memoryTotal) / bytesPerGb, 0, 'f', 0);
        if (gpu.memoryUsed)
            text += QObject::tr(", %1 GB in use").arg(double(*gpu.memoryUsed) / bytesPerGb, 0, 'f', 1);
    }
    return text;
}

QString sshAddress(const QString &entry)
{
    return QStringLiteral("ssh://") + entry;
}
} // namespace

RuntimeChooser::RuntimeChooser(const RuntimeSpec &current, const QString &sshConfigPath, QWidget *parent)
    : QDialog(parent)
    , m_current(current)
    , m_kinds(new QButtonGroup(this))
    , m_localCpu(new QRadioButton(tr("Local CPU"), this))
    , m_localGpu(new QRadioButton(tr("Local GPU"), this))
    , m_gpuStatus(note(tr("Looking for NVIDIA GPUs…"), this))
    , m_gpuList(new QVBoxLayout)
    , m_ssh(new QRadioButton(tr("SSH host"), this))
    , m_sshHosts(new QListWidget(this))
    , m_addHost(new QPushButton(tr("Add host…"), this))
    , m_server(new QRadioButton(tr("Jupyter Server"), this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Change Runtime"));
    setMinimumWidth(480);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Where should this notebook's kernel run?"), this));

    layout->addWidget(m_localCpu);
    layout->addWidget(note(tr("A kernel on this computer; GPUs are hidden from it."), this));

    layout->addWidget(m_localGpu);
    layout->addWidget(m_gpuStatus);
    m_gpuList->setContentsMargins(24, 0, 0, 0);
    layout->addLayout(m_gpuList);
    m_localGpu->setEnabled(false);

    layout->addWidget(m_ssh);
    auto *hostRow = new QHBoxLayout;
    hostRow->setContentsMargins(24, 0, 0, 0);
    hostRow->addWidget(m_sshHosts, 1);
    hostRow->addWidget(m_addHost, 0, Qt::AlignTop);
    layout->addLayout(hostRow);
    m_sshHosts->setMaximumHeight(120);
    QStringList hosts = RuntimeSettings::addedSshHosts();
    for (const QString &host : sshConfigHosts(sshConfigPath)) {
        if (!hosts.contains(host))
            hosts << host;
    }
    for (const QString &host : std::as_const(hosts)) {
        auto *item = new QListWidgetItem(host, m_sshHosts);
        QString error;
        const auto spec = RuntimeSpec::parse(sshAddress(host), &error);
        if (!spec)
            item->setFlags(item->flags() & ~Qt::ItemIsEnabled);
        item->setToolTip(spec ? spec->toString() : error);
    }
    if (hosts.isEmpty())
        m_sshHosts->setToolTip(tr("No hosts in %1 yet; add one with Add host…").arg(sshConfigPath));

    layout->addWidget(m_server);
    layout->addWidget(note(tr("Jupyter Server runtimes arrive in a later version."), this));
    m_server->setEnabled(false);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Change"));

    for (QRadioButton *button : {m_localCpu, m_localGpu, m_ssh, m_server})
        m_kinds->addButton(button);
    switch (current.kind) {
    case RuntimeSpec::Kind::Ssh: {
        m_ssh->setChecked(true);
        const QString spelled = current.toString().mid(QStringLiteral("ssh://").size());
        const auto found = m_sshHosts->findItems(spelled, Qt::MatchExactly);
        if (found.isEmpty())
            m_sshHosts->insertItem(0, spelled);
        m_sshHosts->setCurrentRow(found.isEmpty() ? 0 : m_sshHosts->row(found.first()));
        break;
    }
    case RuntimeSpec::Kind::LocalGpu: // checked once the GPUs are listed
    case RuntimeSpec::Kind::Local:
    case RuntimeSpec::Kind::JupyterServer:
        m_localCpu->setChecked(true);
        break;
    }

    connect(m_kinds, &QButtonGroup::buttonToggled, this, &RuntimeChooser::updateAcceptable);
    connect(m_sshHosts, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0)
            m_ssh->setChecked(true);
        updateAcceptable();
    });
    connect(m_addHost, &QPushButton::clicked, this, &RuntimeChooser::askForSshHost);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateAcceptable();

    // nvmlInit can take a second while the driver wakes up: never on the GUI thread.
    auto *probe = new QFutureWatcher<Gpu::GpuInventory>(this);
    connect(probe, &QFutureWatcher<Gpu::GpuInventory>::finished, this, [this, probe] {
        showGpus(probe->result());
        probe->deleteLater();
    });
    probe->setFuture(QtConcurrent::run([] { return Gpu::GpuInventory::probe(); }));
}

void RuntimeChooser::showGpus(const Gpu::GpuInventory &inventory)
{
    const bool usable = inventory.unavailableReason.isEmpty();
    m_localGpu->setEnabled(usable);
    if (!usable) {
        m_gpuStatus->setText(inventory.unavailableReason);
    } else {
        m_gpuStatus->setText(inventory.driverVersion.isEmpty() ? tr("Choose the GPUs the kernel may use:")
                                                               : tr("Choose the GPUs the kernel may use (driver %1):")
                                                                     .arg(inventory.driverVersion));
        const bool currentIsGpu = m_current.kind == RuntimeSpec::Kind::LocalGpu;
        for (const auto &gpu : inventory.devices) {
            auto *box = new QCheckBox(gpuLabel(gpu), this);
            box->setProperty("gpuIndex", gpu.index);
            box->setToolTip(gpu.uuid);
            // The current choice, or every GPU when the runtime names none.
            box->setChecked(!currentIsGpu || m_current.gpuIds.isEmpty() || m_current.gpuIds.contains(QString::number(gpu.index)));
            connect(box, &QCheckBox::toggled, this, [this](bool on) {
                if (on)
                    m_localGpu->setChecked(true);
                updateAcceptable();
            });
            m_gpuList->addWidget(box);
            m_gpuBoxes << box;
        }
        if (currentIsGpu)
            m_localGpu->setChecked(true);
    }
    m_gpusListed = true;
    updateAcceptable();
    emit gpuProbeFinished();
}

QString RuntimeChooser::gpuStatusText() const
{
    return m_gpuStatus->text();
}

bool RuntimeChooser::addSshHost(const QString &text, QString *error)
{
    const QString entry = text.trimmed();
    if (entry.isEmpty() || entry.startsWith(QLatin1String("ssh://"))) {
        *error = tr("Write the host as user@host:port (user and port are optional).");
        return false;
    }
    if (!RuntimeSpec::parse(sshAddress(entry), error))
        return false;
    RuntimeSettings::addSshHost(entry);
    auto found = m_sshHosts->findItems(entry, Qt::MatchExactly);
    if (found.isEmpty()) {
        m_sshHosts->insertItem(0, entry);
        found = m_sshHosts->findItems(entry, Qt::MatchExactly);
    }
    m_sshHosts->setCurrentItem(found.first());
    m_ssh->setChecked(true);
    return true;
}

void RuntimeChooser::askForSshHost()
{
    QString error;
    QString text;
    for (;;) {
        bool ok = false;
        text = QInputDialog::getText(this, tr("Add SSH Host"),
                                     error.isEmpty() ? tr("Host (user@host:port):") : error + QLatin1Char('\n') + tr("Host (user@host:port):"),
                                     QLineEdit::Normal, text, &ok);
        if (!ok || addSshHost(text, &error))
            return;
    }
}

RuntimeSpec RuntimeChooser::chosen() const
{
    RuntimeSpec spec;
    if (m_localGpu->isChecked()) {
        spec.kind = RuntimeSpec::Kind::LocalGpu;
        for (const QCheckBox *box : m_gpuBoxes) {
            if (box->isChecked())
                spec.gpuIds << QString::number(box->property("gpuIndex").toInt());
        }
    } else if (m_ssh->isChecked() && m_sshHosts->currentItem()) {
        QString error;
        if (const auto parsed = RuntimeSpec::parse(sshAddress(m_sshHosts->currentItem()->text()), &error))
            spec = *parsed;
    }
    return spec;
}

void RuntimeChooser::updateAcceptable()
{
    bool acceptable = true;
    if (m_localGpu->isChecked())
        acceptable = std::any_of(m_gpuBoxes.cbegin(), m_gpuBoxes.cend(), [](const QCheckBox *box) { return box->isChecked(); });
    else if (m_ssh->isChecked())
        acceptable = m_sshHosts->currentItem() && (m_sshHosts->currentItem()->flags() & Qt::ItemIsEnabled);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(acceptable);
}

} // namespace Notebench::App
