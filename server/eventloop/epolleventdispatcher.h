#pragma once

#include "server/eventloop/timerschedule.h"

#include <QAbstractEventDispatcher>
#include <QAtomicInt>
#include <QHash>
#include <QList>
#include <QPointer>

#include <array>

class QSocketNotifier;
struct epoll_event;

namespace rill {

// An event dispatcher for the headless server, on Linux's epoll. Qt's own dispatcher
// (QEventDispatcherUNIX) hands every socket to poll() on every pass of the loop, so each
// event streamed costs time in proportion to the streams open, idle ones included; with
// epoll the kernel keeps the set and a pass costs in proportion to the sockets that are
// ready (docs/benchmarks.md). Level-triggered, like poll(), so a QSocketNotifier behaves
// exactly as with Qt's dispatcher. Timers live in a TimerSchedule; posted events and
// wake-ups from other threads go through an eventfd. One per thread, used on the thread
// that created it (installed before QCoreApplication in app/main.cpp).
class EpollEventDispatcher : public QAbstractEventDispatcher
{
    Q_OBJECT

public:
    explicit EpollEventDispatcher(QObject *parent = nullptr);
    ~EpollEventDispatcher() override;

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;

    void registerSocketNotifier(QSocketNotifier *notifier) override;
    void unregisterSocketNotifier(QSocketNotifier *notifier) override;

    void registerTimer(
        int timerId, qint64 interval, Qt::TimerType timerType, QObject *object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject *object) override;
    QList<TimerInfo> registeredTimers(QObject *object) const override;
    int remainingTime(int timerId) override;

    void wakeUp() override;
    void interrupt() override;

private:
    // The notifiers of one descriptor, by QSocketNotifier::Type (Read, Write, Exception).
    struct Watched
    {
        std::array<QSocketNotifier *, 3> notifiers {};
        bool isEmpty() const { return !notifiers[0] && !notifiers[1] && !notifiers[2]; }
        quint32 epollEvents() const;
    };

    // Tells epoll what to watch on `fd` now (added, changed or removed).
    void updateEpoll(int fd, const Watched &watched, bool wasWatched);
    // Waits up to `timeout` (std::nullopt: no limit) for a socket or a wake-up; returns
    // how many socket notifiers were activated.
    int waitAndActivateSockets(
        std::optional<std::chrono::nanoseconds> timeout, bool includeNotifiers);
    // epoll_wait with a timeout to the nanosecond where the kernel has epoll_pwait2
    // (Linux 5.11): rounded to milliseconds, timers due within one would fire in bursts.
    int waitForReady(
        epoll_event *ready, int capacity, std::optional<std::chrono::nanoseconds> timeout);
    void drainWakeUp();

    int m_epoll = -1;
    int m_wakeUp = -1; // eventfd
    QAtomicInt m_wakeUpPending;
    QAtomicInt m_interrupted;
    bool m_hasPwait2 = true;
    QHash<int, Watched> m_watched;
    TimerSchedule m_timers;
};

} // namespace rill
