#pragma once

#include "server/http/session.h"

#include <QHash>
#include <QString>

#include <chrono>
#include <functional>
#include <memory>

namespace rill {

struct SessionStoreLimits
{
    SessionBufferLimits buffer;
    SessionHistoryLimits history;
    qsizetype maxSessions = 10000;
};

// All sessions of one server, at most `maxSessions` of them: a new session
// past that pushes out the one idle for longest, never one with a live run.
class SessionStore
{
public:
    // Whether a session (by id) has a live run, and so must be kept.
    using InUse = std::function<bool(const QString &)>;

    explicit SessionStore(SessionStoreLimits limits = {}, InUse inUse = {});

    // An existing session, or a new one (with a fresh id when `id` is empty);
    // nullptr when a new one is needed but every kept session is in use.
    std::shared_ptr<Session> obtain(const QString &id);
    std::shared_ptr<Session> find(const QString &id) const { return m_sessions.value(id); }
    qsizetype size() const { return m_sessions.size(); }
    qsizetype maxSessions() const { return m_limits.maxSessions; }
    // Forgets the sessions unused for longer than `idle`, except those in use
    // (a session with a live run never expires). Returns how many went.
    qsizetype expireIdle(std::chrono::milliseconds idle);

private:
    bool inUse(const QString &id) const { return m_inUse && m_inUse(id); }
    // Forgets the session idle for longest that is not in use; false if none is.
    bool evictOldestIdle();

    SessionStoreLimits m_limits;
    InUse m_inUse;
    QHash<QString, std::shared_ptr<Session>> m_sessions;
};

} // namespace rill
