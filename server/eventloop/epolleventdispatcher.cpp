#include "server/eventloop/epolleventdispatcher.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QVarLengthArray>

#include <algorithm>
#include <cerrno>
#include <limits>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace rill {

namespace {

// The epoll conditions that wake each type of notifier, as poll()'s do in Qt's own
// dispatcher: a hang-up or error wakes them all, so that the reader sees the end.
constexpr quint32 wakesRead = EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR;
constexpr quint32 wakesWrite = EPOLLOUT | EPOLLHUP | EPOLLERR;
constexpr quint32 wakesException = EPOLLPRI | EPOLLHUP | EPOLLERR;
constexpr std::array<quint32, 3> wakes { wakesRead, wakesWrite, wakesException };

constexpr int maxEventsPerWait = 256;

// A timeout for poll() and epoll_wait(): milliseconds rounded up, so a timer is never
// woken for early; -1 for none.
int timeoutMs(std::optional<std::chrono::nanoseconds> timeout)
{
    if (!timeout)
        return -1;
    const auto ms = std::chrono::ceil<std::chrono::milliseconds>(*timeout).count();
    return int(std::min<qint64>(ms, std::numeric_limits<int>::max()));
}

} // namespace

quint32 EpollEventDispatcher::Watched::epollEvents() const
{
    quint32 events = 0;
    if (notifiers[QSocketNotifier::Read])
        events |= EPOLLIN | EPOLLRDHUP;
    if (notifiers[QSocketNotifier::Write])
        events |= EPOLLOUT;
    if (notifiers[QSocketNotifier::Exception])
        events |= EPOLLPRI;
    return events;
}

EpollEventDispatcher::EpollEventDispatcher(QObject *parent)
    : QAbstractEventDispatcher(parent)
    , m_epoll(epoll_create1(EPOLL_CLOEXEC))
    , m_wakeUp(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC))
{
    if (m_epoll < 0 || m_wakeUp < 0)
        qFatal("EpollEventDispatcher: cannot create an epoll set or an eventfd");
    epoll_event event {};
    event.events = EPOLLIN;
    event.data.fd = m_wakeUp;
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wakeUp, &event);
}

EpollEventDispatcher::~EpollEventDispatcher()
{
    ::close(m_wakeUp);
    ::close(m_epoll);
}

void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    const bool wasWatched = m_watched.contains(fd);
    Watched &watched = m_watched[fd];
    QSocketNotifier *&slot = watched.notifiers[notifier->type()];
    if (slot && slot != notifier)
        qWarning("EpollEventDispatcher: two socket notifiers of one type for descriptor %d", fd);
    slot = notifier;
    updateEpoll(fd, watched, wasWatched);
}

void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    const auto it = m_watched.find(fd);
    if (it == m_watched.end() || it->notifiers[notifier->type()] != notifier)
        return;
    it->notifiers[notifier->type()] = nullptr;
    const Watched watched = *it;
    if (watched.isEmpty())
        m_watched.erase(it);
    updateEpoll(fd, watched, true);
}

void EpollEventDispatcher::updateEpoll(int fd, const Watched &watched, bool wasWatched)
{
    epoll_event event {};
    event.events = watched.epollEvents();
    event.data.fd = fd;
    if (watched.isEmpty()) {
        // ENOENT/EBADF when the descriptor was closed before its notifier went: the
        // kernel already dropped it from the set.
        epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
        return;
    }
    // A descriptor closed while watched leaves the set by itself, and its number may come
    // back for a new socket: whichever of ADD and MOD the table suggests, try the other
    // one when the kernel disagrees.
    const int first = wasWatched ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
    if (epoll_ctl(m_epoll, first, fd, &event) == 0)
        return;
    if ((first == EPOLL_CTL_MOD && errno == ENOENT) || (first == EPOLL_CTL_ADD && errno == EEXIST))
        epoll_ctl(m_epoll, first == EPOLL_CTL_MOD ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd, &event);
    else
        qWarning("EpollEventDispatcher: cannot watch descriptor %d: %s", fd, strerror(errno));
}

void EpollEventDispatcher::registerTimer(
    int timerId, qint64 interval, Qt::TimerType timerType, QObject *object)
{
    m_timers.add(timerId, interval, timerType, object, TimerSchedule::Clock::now());
}

bool EpollEventDispatcher::unregisterTimer(int timerId)
{
    return m_timers.remove(timerId);
}

bool EpollEventDispatcher::unregisterTimers(QObject *object)
{
    return m_timers.removeAllOf(object);
}

QList<QAbstractEventDispatcher::TimerInfo> EpollEventDispatcher::registeredTimers(
    QObject *object) const
{
    return m_timers.timersOf(object);
}

int EpollEventDispatcher::remainingTime(int timerId)
{
    return m_timers.remainingMs(timerId, TimerSchedule::Clock::now());
}

void EpollEventDispatcher::wakeUp()
{
    // One write per sleep is enough; the flag spares a system call per posted event.
    if (m_wakeUpPending.testAndSetAcquire(0, 1)) {
        const eventfd_t one = 1;
        while (eventfd_write(m_wakeUp, one) != 0 && errno == EINTR) { }
    }
}

void EpollEventDispatcher::interrupt()
{
    m_interrupted.storeRelaxed(1);
    wakeUp();
}

void EpollEventDispatcher::drainWakeUp()
{
    eventfd_t value = 0;
    eventfd_read(m_wakeUp, &value);
    m_wakeUpPending.storeRelease(0);
}

bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    m_interrupted.storeRelaxed(0);
    emit awake();
    QCoreApplication::sendPostedEvents();

    const bool includeTimers = !(flags & QEventLoop::X11ExcludeTimers);
    const bool includeNotifiers = !(flags & QEventLoop::ExcludeSocketNotifiers);
    // Events posted while the ones above ran have called wakeUp(), so the wait below
    // returns at once for them: nothing posted is left waiting for a socket or a timer.
    const bool mayWait = (flags & QEventLoop::WaitForMoreEvents) && !m_interrupted.loadRelaxed();
    if (mayWait)
        emit aboutToBlock();
    if (m_interrupted.loadRelaxed())
        return false;

    std::optional<std::chrono::nanoseconds> timeout = std::chrono::nanoseconds(0);
    if (mayWait)
        timeout = includeTimers ? m_timers.wait(TimerSchedule::Clock::now()) : std::nullopt;
    int handled = waitAndActivateSockets(timeout, includeNotifiers);
    if (includeTimers)
        handled += m_timers.activateDue(TimerSchedule::Clock::now());
    return handled > 0;
}

int EpollEventDispatcher::waitForReady(
    epoll_event *ready, int capacity, std::optional<std::chrono::nanoseconds> timeout)
{
    if (timeout && m_hasPwait2) {
        const timespec precise { time_t(timeout->count() / 1000000000),
            long(timeout->count() % 1000000000) };
        const int count = epoll_pwait2(m_epoll, ready, capacity, &precise, nullptr);
        if (count >= 0 || errno != ENOSYS)
            return count;
        m_hasPwait2 = false;
    }
    return epoll_wait(m_epoll, ready, capacity, timeoutMs(timeout));
}

int EpollEventDispatcher::waitAndActivateSockets(
    std::optional<std::chrono::nanoseconds> timeout, bool includeNotifiers)
{
    if (!includeNotifiers) {
        // Sockets are left for a later pass: wait on the wake-up alone.
        pollfd wake { m_wakeUp, POLLIN, 0 };
        if (::poll(&wake, 1, timeoutMs(timeout)) > 0) {
            drainWakeUp();
            return 1;
        }
        return 0;
    }
    epoll_event ready[maxEventsPerWait];
    const int count = waitForReady(ready, maxEventsPerWait, timeout);
    if (count < 0) {
        if (errno != EINTR)
            qWarning("EpollEventDispatcher: epoll_wait: %s", strerror(errno));
        return 0;
    }
    // Every notifier to activate is chosen before any runs, and each is looked up again
    // just before its turn: a handler may disable or delete the others (or its own).
    QVarLengthArray<QPointer<QSocketNotifier>, maxEventsPerWait> toActivate;
    int handled = 0;
    for (int i = 0; i < count; ++i) {
        const int fd = ready[i].data.fd;
        if (fd == m_wakeUp) {
            drainWakeUp();
            ++handled;
            continue;
        }
        const auto it = m_watched.constFind(fd);
        if (it == m_watched.cend())
            continue;
        for (int type = 0; type < 3; ++type) {
            if (it->notifiers[size_t(type)] && (ready[i].events & wakes[size_t(type)]))
                toActivate.append(it->notifiers[size_t(type)]);
        }
    }
    QEvent activated(QEvent::SockAct);
    for (const QPointer<QSocketNotifier> &notifier : toActivate) {
        if (!notifier || !notifier->isEnabled())
            continue;
        const auto it = m_watched.constFind(int(notifier->socket()));
        if (it == m_watched.cend() || it->notifiers[notifier->type()] != notifier.data())
            continue;
        QCoreApplication::sendEvent(notifier.data(), &activated);
        ++handled;
    }
    return handled;
}

} // namespace rill
