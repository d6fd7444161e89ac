#include "server/eventloop/timerschedule.h"

#include <QCoreApplication>
#include <QTimerEvent>

#include <algorithm>

namespace rill {

namespace {

std::chrono::milliseconds milliseconds(qint64 ms)
{
    return std::chrono::milliseconds(ms);
}

} // namespace

void TimerSchedule::add(
    int timerId, qint64 intervalMs, Qt::TimerType type, QObject *object, Clock::time_point now)
{
    remove(timerId);
    const Timer timer { intervalMs, type, object, now + milliseconds(intervalMs) };
    m_timers.insert(timerId, timer);
    m_byDeadline.emplace(timer.deadline, timerId);
}

bool TimerSchedule::remove(int timerId)
{
    const auto it = m_timers.constFind(timerId);
    if (it == m_timers.cend())
        return false;
    m_byDeadline.erase({ it->deadline, timerId });
    m_timers.erase(it);
    return true;
}

bool TimerSchedule::removeAllOf(QObject *object)
{
    QList<int> ids;
    for (auto it = m_timers.cbegin(); it != m_timers.cend(); ++it) {
        if (it->object == object)
            ids.append(it.key());
    }
    for (int id : ids)
        remove(id);
    return !ids.isEmpty();
}

QList<QAbstractEventDispatcher::TimerInfo> TimerSchedule::timersOf(QObject *object) const
{
    QList<QAbstractEventDispatcher::TimerInfo> out;
    for (auto it = m_timers.cbegin(); it != m_timers.cend(); ++it) {
        if (it->object == object)
            out.append({ it.key(), int(it->intervalMs), it->type });
    }
    return out;
}

int TimerSchedule::remainingMs(int timerId, Clock::time_point now) const
{
    const auto it = m_timers.constFind(timerId);
    if (it == m_timers.cend())
        return -1;
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(it->deadline - now);
    return int(std::max<qint64>(0, left.count()));
}

std::optional<std::chrono::nanoseconds> TimerSchedule::wait(Clock::time_point now) const
{
    if (m_byDeadline.empty())
        return std::nullopt;
    return std::max(std::chrono::nanoseconds(0), m_byDeadline.begin()->first - now);
}

int TimerSchedule::activateDue(Clock::time_point now)
{
    // Which timers fire is decided once, before any handler runs: a timer started or
    // re-armed by a handler waits for the next pass, so a zero-interval timer cannot
    // starve the sockets.
    QList<int> due;
    for (auto it = m_byDeadline.cbegin(); it != m_byDeadline.cend() && it->first <= now; ++it)
        due.append(it->second);
    int fired = 0;
    for (int id : due) {
        const auto it = m_timers.find(id);
        if (it == m_timers.end() || it->deadline > now)
            continue; // stopped or restarted by an earlier handler of this pass
        m_byDeadline.erase({ it->deadline, id });
        // The next tick on the timer's own grid; when the loop was late by more than a
        // whole interval, the missed ticks are skipped rather than fired in a burst.
        Clock::time_point next = it->deadline + milliseconds(it->intervalMs);
        if (next <= now)
            next = now + milliseconds(it->intervalMs);
        it->deadline = next;
        m_byDeadline.emplace(next, id);
        QObject *object = it->object;
        QTimerEvent event(id);
        QCoreApplication::sendEvent(object, &event);
        ++fired;
    }
    return fired;
}

} // namespace rill
