#include "server/http/sessionstore.h"

#include <QUuid>

namespace rill {

SessionStore::SessionStore(SessionStoreLimits limits, InUse inUse)
    : m_limits(limits)
    , m_inUse(std::move(inUse))
{ }

std::shared_ptr<Session> SessionStore::obtain(const QString &id)
{
    if (!id.isEmpty()) {
        if (auto existing = m_sessions.value(id)) {
            existing->touch();
            return existing;
        }
    }
    if (m_sessions.size() >= m_limits.maxSessions && !evictOldestIdle())
        return nullptr;
    const QString newId = id.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : id;
    auto session = std::make_shared<Session>(newId, m_limits.buffer, m_limits.history);
    m_sessions.insert(newId, session);
    return session;
}

bool SessionStore::evictOldestIdle()
{
    // One pass, reading no clock: a full store under a flood of new sessions
    // pays a few nanoseconds per kept session, and asks inUse() only about
    // sessions older than the oldest candidate so far.
    auto oldest = m_sessions.end();
    for (auto it = m_sessions.begin(); it != m_sessions.end(); ++it) {
        if (oldest != m_sessions.end() && !it.value()->usedBefore(*oldest.value()))
            continue;
        if (!inUse(it.key()))
            oldest = it;
    }
    if (oldest == m_sessions.end())
        return false;
    m_sessions.erase(oldest);
    return true;
}

qsizetype SessionStore::expireIdle(std::chrono::milliseconds idle)
{
    const qsizetype removed = m_sessions.removeIf(
        [&](const auto &entry) { return entry.value()->idleTime() > idle && !inUse(entry.key()); });
    // A table sized for a crowd that has left would keep its buckets for ever.
    if (removed > 0 && m_sessions.size() < m_sessions.capacity() / 4)
        m_sessions.squeeze();
    return removed;
}

} // namespace rill
