#include "gpu/gpupoller.h"

#include "gpu/nvmllibrary.h"

#include <QThread>
#include <QTimer>

#include <memory>

namespace Notebench::Gpu {

namespace {
/// Lives on the poller's thread: opens NVML there (nvmlInit may be slow) and reads on a timer.
class NvmlSampler : public QObject
{
    Q_OBJECT
public:
    NvmlSampler(QList<int> indices, int intervalMs)
        : m_indices(std::move(indices))
        , m_intervalMs(intervalMs)
    {
    }

    void begin()
    {
        m_nvml = std::make_unique<NvmlLibrary>();
        m_timer = new QTimer(this);
        m_timer->setInterval(m_intervalMs);
        connect(m_timer, &QTimer::timeout, this, &NvmlSampler::sample);
        m_timer->start();
        sample();
    }

signals:
    void sampled(const Notebench::Gpu::GpuReading &reading);

private:
    void sample()
    {
        GpuReading reading = m_nvml->read();
        if (!m_indices.isEmpty())
            reading.devices.removeIf([this](const GpuSample &device) { return !m_indices.contains(device.index); });
        emit sampled(reading);
    }

    QList<int> m_indices;
    int m_intervalMs;
    std::unique_ptr<NvmlLibrary> m_nvml;
    QTimer *m_timer = nullptr;
};
} // namespace

GpuPoller::GpuPoller(QList<int> indices, int intervalMs, QObject *parent)
    : GpuMonitor(parent)
    , m_thread(new QThread)
{
    qRegisterMetaType<GpuReading>();
    m_thread->setObjectName(QStringLiteral("GpuPoller"));
    auto *sampler = new NvmlSampler(std::move(indices), intervalMs);
    sampler->moveToThread(m_thread);
    connect(m_thread, &QThread::started, sampler, &NvmlSampler::begin);
    // Queued: the sampler lives on another thread.
    connect(sampler, &NvmlSampler::sampled, this, [this](const GpuReading &reading) { publish(reading); });
    // Qt's pattern for objects of a finishing thread: both go once the thread's loop has ended.
    connect(m_thread, &QThread::finished, sampler, &QObject::deleteLater);
    connect(m_thread, &QThread::finished, m_thread, &QObject::deleteLater);
    m_thread->start(QThread::LowPriority);
}

GpuPoller::~GpuPoller()
{
    // No wait: a read under way ends on its own and the thread then deletes itself.
    m_thread->quit();
}

} // namespace Notebench::Gpu

#include "gpupoller.moc"
