#include "app/kernelusage.h"

#include "kernel/kernelclient.h"
#include "kernel/kernelsession.h"
#include "kernel/pendingrequest.h"

namespace Notebench::App {

namespace {
// A kernel that ignored this many requests does not implement usage_request; stop asking.
constexpr int maxUnanswered = 3;
} // namespace

QString formatBytes(qint64 bytes)
{
    constexpr double kb = 1024.0, mb = kb * 1024.0, gb = mb * 1024.0;
    if (bytes >= gb)
        return QStringLiteral("%1 GB").arg(double(bytes) / gb, 0, 'f', 1);
    if (bytes >= mb)
        return QStringLiteral("%1 MB").arg(qRound64(double(bytes) / mb));
    return QStringLiteral("%1 KB").arg(qRound64(double(bytes) / kb));
}

KernelUsage::KernelUsage(Kernel::KernelSession &session, int intervalMs, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &KernelUsage::poll);
    connect(&m_session, &Kernel::KernelSession::stateChanged, this, [this](Kernel::KernelState state) {
        const bool live = state == Kernel::KernelState::Idle || state == Kernel::KernelState::Busy;
        if (live && !m_timer.isActive()) {
            m_unanswered = 0;
            m_timer.start();
            poll();
        } else if (!live && state != Kernel::KernelState::Disconnected) {
            m_timer.stop();
            m_memory.reset();
            emit changed();
        }
    });
}

QString KernelUsage::memoryText() const
{
    return m_memory ? formatBytes(*m_memory) : QString();
}

void KernelUsage::poll()
{
    if (m_inFlight) {
        if (++m_unanswered >= maxUnanswered)
            m_timer.stop();
        return;
    }
    auto *client = m_session.client();
    if (!client)
        return;
    auto *request = client->usage();
    m_inFlight = request;
    connect(request, &Kernel::PendingRequest::replied, this, [this](const Protocol::Message &reply) {
        m_unanswered = 0;
        const auto memory = reply.content.find("kernel_memory");
        if (memory != reply.content.end() && memory->is_number()) {
            m_memory = memory->get<qint64>();
            emit changed();
        }
    });
    connect(request, &Kernel::PendingRequest::finished, this, [this] { m_inFlight = nullptr; });
}

} // namespace Notebench::App
