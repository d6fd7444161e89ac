#pragma once

#include <QAbstractEventDispatcher>
#include <QHash>
#include <QList>

#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <utility>

class QObject;

namespace rill {

// The timers of one event loop ordered by deadline, for EpollEventDispatcher: register and
// unregister in O(log n), the next deadline in O(1). QTimer's contract as Qt's own
// dispatcher keeps it: a timer fires at most once per activation pass, one that is late
// skips the ticks it missed instead of firing them in a burst, and a zero-interval timer
// fires once on every pass of the loop.
class TimerSchedule
{
public:
    using Clock = std::chrono::steady_clock;

    void add(
        int timerId, qint64 intervalMs, Qt::TimerType type, QObject *object, Clock::time_point now);
    bool remove(int timerId);
    bool removeAllOf(QObject *object);
    QList<QAbstractEventDispatcher::TimerInfo> timersOf(QObject *object) const;
    // Milliseconds until the timer is due (0 when it is), -1 for an unknown timer.
    int remainingMs(int timerId, Clock::time_point now) const;
    bool isEmpty() const { return m_timers.isEmpty(); }

    // How long the loop may sleep before the next timer is due (zero when one is due);
    // std::nullopt when there is no timer.
    std::optional<std::chrono::nanoseconds> wait(Clock::time_point now) const;
    // Sends a QTimerEvent for every timer due at `now`, each re-armed before its event so
    // that the handler may stop, restart or delete it. Returns how many fired.
    int activateDue(Clock::time_point now);

private:
    struct Timer
    {
        qint64 intervalMs = 0;
        Qt::TimerType type = Qt::CoarseTimer;
        QObject *object = nullptr;
        Clock::time_point deadline;
    };
    using Entry = std::pair<Clock::time_point, int>; // (deadline, timer id)

    QHash<int, Timer> m_timers;
    std::set<Entry> m_byDeadline;
};

} // namespace rill
