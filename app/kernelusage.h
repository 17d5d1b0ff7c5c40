#pragma once

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <optional>

namespace Notebench::Kernel {
class KernelSession;
class PendingRequest;
} // namespace Notebench::Kernel

namespace Notebench::App {

/// Asks a live kernel for its resource use (ipykernel's usage_request on the control channel, so
/// it answers while a cell runs) every few seconds, and reports the kernel's memory.
/// Kernels without usage_request simply never report; one request is in flight at a time.
class KernelUsage : public QObject
{
    Q_OBJECT
public:
    explicit KernelUsage(Kernel::KernelSession &session, int intervalMs = 5000, QObject *parent = nullptr);

    /// Bytes used by the kernel process and its children (PSS where the OS has it); empty until known.
    std::optional<qint64> kernelMemory() const { return m_memory; }
    /// "412 MB", or "" while unknown.
    QString memoryText() const;

signals:
    void changed();

private:
    void poll();

    Kernel::KernelSession &m_session;
    QTimer m_timer;
    QPointer<Kernel::PendingRequest> m_inFlight;
    std::optional<qint64> m_memory;
    int m_unanswered = 0;
};

/// Bytes in the units people read: "950 KB", "412 MB", "3.2 GB".
QString formatBytes(qint64 bytes);

} // namespace Notebench::App
