#include "app/stallwatch.h"

#include <algorithm>

namespace Notebench::App {

StallWatch::StallWatch(int intervalMs, QObject *parent)
    : QObject(parent)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &StallWatch::tick);
}

void StallWatch::start()
{
    m_maxGapMs = 0;
    m_clock.start();
    m_lastNs = 0;
    m_timer.start();
}

void StallWatch::stop()
{
    tick(); // a stall still under way when the watch stops counts too
    m_timer.stop();
}

void StallWatch::tick()
{
    const qint64 now = m_clock.nsecsElapsed();
    m_maxGapMs = std::max(m_maxGapMs, double(now - m_lastNs) / 1e6);
    m_lastNs = now;
}

} // namespace Notebench::App
