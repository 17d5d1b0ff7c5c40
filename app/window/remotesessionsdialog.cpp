#include "app/window/remotesessionsdialog.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QLabel>
#include <QHeaderView>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Notebench::App {

namespace {
constexpr int idRole = Qt::UserRole;
constexpr int aliveRole = Qt::UserRole + 1;
} // namespace

RemoteSessionsDialog::RemoteSessionsDialog(Ssh::SshTarget target, Purpose purpose, QString current, QWidget *parent)
    : QDialog(parent)
    , m_target(std::move(target))
    , m_current(std::move(current))
    , m_sessions(new Ssh::RemoteSessions(m_target, this))
    , m_status(new QLabel(this))
    , m_list(new QTreeWidget(this))
{
    setWindowTitle(tr("Kernel sessions on %1").arg(m_target.displayName()));
    m_status->setWordWrap(true);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setRootIsDecorated(false);
    m_list->setHeaderLabels({tr("Session"), tr("Kernel"), tr("Started"), tr("Messages"), tr("State")});
    m_list->header()->setStretchLastSection(false);
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    auto *buttons = new QDialogButtonBox(this);
    m_attach = buttons->addButton(tr("&Attach"), QDialogButtonBox::AcceptRole);
    m_attach->setToolTip(tr("Run this notebook on that kernel; everything it printed is shown in the cells that ran it."));
    m_stop = buttons->addButton(tr("&Stop"), QDialogButtonBox::ActionRole);
    m_stop->setToolTip(tr("Shut the kernel down and remove its session from the host."));
    if (purpose == Purpose::ChooseOnSwitch) {
        m_newKernel = buttons->addButton(tr("Start &New Kernel"), QDialogButtonBox::AcceptRole);
        m_newKernel->setDefault(true);
        buttons->addButton(QDialogButtonBox::Cancel);
    } else {
        buttons->addButton(QDialogButtonBox::Close);
    }

    auto *hint = new QLabel(tr("A kernel on the host keeps running while no notebook is attached to it. Attaching shows "
                               "everything it printed, in the cells that ran it."), this);
    hint->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(hint);
    layout->addWidget(m_list);
    layout->addWidget(buttons);
    resize(640, 320);

    connect(m_attach, &QPushButton::clicked, this, [this] {
        m_chosen = selectedId();
        if (!m_chosen.isEmpty())
            accept();
    });
    if (m_newKernel) {
        connect(m_newKernel, &QPushButton::clicked, this, [this] {
            m_chosen.clear();
            accept();
        });
    }
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_stop, &QPushButton::clicked, this, [this] {
        const QString id = selectedId();
        if (id.isEmpty())
            return;
        setBusy(tr("Stopping %1…").arg(id));
        m_sessions->stop(id);
    });
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &RemoteSessionsDialog::updateButtons);
    connect(m_list, &QTreeWidget::itemDoubleClicked, m_attach, &QPushButton::click);
    connect(m_sessions, &Ssh::RemoteSessions::listed, this, [this](const QList<Ssh::RemoteSession> &sessions) {
        m_busy = false;
        setSessions(sessions);
        emit listUpdated();
    });
    connect(m_sessions, &Ssh::RemoteSessions::stopped, this, [this] { refresh(); });
    connect(m_sessions, &Ssh::RemoteSessions::failed, this, [this](const Ssh::SshError &error) {
        m_busy = false;
        m_status->setText(error.message);
        updateButtons();
        emit listUpdated();
    });
    updateButtons();
}

void RemoteSessionsDialog::setSessions(const QList<Ssh::RemoteSession> &sessions)
{
    m_list->clear();
    int alive = 0;
    for (const auto &session : sessions) {
        const QDateTime started = QDateTime::fromString(session.started, Qt::ISODate);
        auto *item = new QTreeWidgetItem(
            m_list, {session.id == m_current ? tr("%1 (this notebook)").arg(session.id) : session.id,
                     session.kernel.isEmpty() ? tr("unknown") : session.kernel,
                     started.isValid() ? QLocale().toString(started.toLocalTime(), QLocale::ShortFormat) : session.started,
                     QLocale().toString(session.lastSeq), session.alive ? tr("running") : tr("ended")});
        item->setTextAlignment(3, Qt::AlignRight | Qt::AlignVCenter);
        item->setData(0, idRole, session.id);
        item->setData(0, aliveRole, session.alive);
        if (session.alive) {
            ++alive;
            if (!m_list->currentItem() && session.id != m_current)
                m_list->setCurrentItem(item);
        }
    }
    if (sessions.isEmpty())
        m_status->setText(tr("No kernel sessions on %1.").arg(m_target.displayName()));
    else
        m_status->setText(alive == 1 ? tr("1 kernel is running on %1.").arg(m_target.displayName())
                                     : tr("%1 kernels are running on %2.").arg(alive).arg(m_target.displayName()));
    updateButtons();
}

void RemoteSessionsDialog::refresh()
{
    setBusy(tr("Listing the sessions on %1…").arg(m_target.displayName()));
    m_sessions->list();
}

QString RemoteSessionsDialog::statusText() const
{
    return m_status->text();
}

QString RemoteSessionsDialog::selectedId() const
{
    const QTreeWidgetItem *item = m_list->currentItem();
    return item && item->isSelected() ? item->data(0, idRole).toString() : QString();
}

void RemoteSessionsDialog::setBusy(const QString &status)
{
    m_busy = true;
    m_status->setText(status);
    updateButtons();
}

void RemoteSessionsDialog::updateButtons()
{
    const QTreeWidgetItem *item = m_list->currentItem();
    const bool selected = item && item->isSelected() && !m_busy;
    // A session that ended only replays its journal: there is no kernel left to run cells on.
    m_attach->setEnabled(selected && item->data(0, aliveRole).toBool() && item->data(0, idRole).toString() != m_current);
    m_stop->setEnabled(selected);
}

} // namespace Notebench::App
