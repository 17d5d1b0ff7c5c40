#pragma once

#include <QDeadlineTimer>
#include <QTest>

#include <functional>

// Polls the event loop until `condition` holds or the deadline passes; every wait has a message.
inline bool waitFor(const std::function<bool()>& condition, int milliseconds)
{
    QDeadlineTimer deadline(milliseconds);
    while (!condition()) {
        if (deadline.hasExpired())
            return false;
        QTest::qWait(2);
    }
    return true;
}

#define WAIT_FOR(condition, ms, what) QVERIFY2(waitFor([&] { return (condition); }, ms), what)
