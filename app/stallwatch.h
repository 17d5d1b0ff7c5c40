#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace Notebench::App {

/// Measures how long the event loop of the thread it lives on goes without turning: a precise
/// timer ticks every few milliseconds and the largest gap between two ticks is kept. A gap much
/// longer than the interval is a stall that a user would feel as a frozen window.
class StallWatch : public QObject
{
    Q_OBJECT
public:
    explicit StallWatch(int intervalMs = 5, QObject *parent = nullptr);
    void start();
    void stop();
    /// The largest gap between ticks since start(), in milliseconds.
    double maxGapMs() const { return m_maxGapMs; }

private:
    void tick();

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastNs = 0;
    double m_maxGapMs = 0;
};

} // namespace Notebench::App
