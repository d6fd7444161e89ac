#pragma once

#include "server/protocol/message.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QString>

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <optional>

namespace rill {

// What the server remembers of one conversation: the sequence numbers of its
// events, the recent events themselves (for clients that resume) and its turns
// (for agents that want history).
// How much of a session's recent stream is kept for clients that resume.
struct SessionBufferLimits
{
    qsizetype maxEvents = 1024;
    qsizetype maxBytes = 1024 * 1024;
};

class Session
{
public:
    explicit Session(QString id, SessionBufferLimits limits = {});

    const QString &id() const { return m_id; }

    // Completes a message for the wire (id, sessionId, timestamp), gives it the
    // next sequence number and returns the encoded SSE event, which is also
    // kept in the resume buffer.
    QByteArray stampAndEncode(Message &message);
    // Completes a message meant for one client only (a refusal, not an event of the
    // run) and encodes it with the id of the last event: no sequence number is used
    // and nothing is kept, so no other client ever sees it, and a reconnect after it
    // resumes from where the run really is.
    QByteArray encodeAside(Message &message) const;

    qint64 lastSeq() const { return m_nextSeq - 1; }

    // The encoded events after `seq`, for a client resuming with Last-Event-ID;
    // std::nullopt when some of them already left the bounded buffer.
    std::optional<QList<QByteArray>> eventsAfter(qint64 seq) const;
    // Forgets the buffered events but not their count: eventsAfter() then reports
    // anything before the last event as gone.
    void releaseEvents();

    const QList<Message> &history() const { return m_history; }
    void appendHistory(const Message &message) { m_history.append(message); }

    // Marks the session as used now; idle sessions expire (see SessionStore).
    void touch() { m_lastUsed.start(); }
    std::chrono::milliseconds idleTime() const
    {
        return std::chrono::milliseconds(m_lastUsed.elapsed());
    }

private:
    // Fills in what the wire needs: sessionId, and an id and timestamp if missing.
    void complete(Message &message) const;

    QString m_id;
    QByteArray m_idPrefix; // "<sessionId>:" in UTF-8, reused for every event id
    qint64 m_nextSeq = 1;
    SessionBufferLimits m_limits;
    std::deque<std::pair<qint64, QByteArray>> m_buffer; // (seq, encoded event), oldest first
    qsizetype m_bufferBytes = 0;
    QList<Message> m_history;
    QElapsedTimer m_lastUsed;
};

// All sessions of one server.
class SessionStore
{
public:
    // An existing session, or a new one (with a fresh id when `id` is empty).
    explicit SessionStore(SessionBufferLimits limits = {})
        : m_limits(limits)
    { }

    std::shared_ptr<Session> obtain(const QString &id);
    std::shared_ptr<Session> find(const QString &id) const { return m_sessions.value(id); }
    qsizetype size() const { return m_sessions.size(); }
    // Forgets the sessions unused for longer than `idle`, except those `inUse`
    // names (a session with a live run never expires). Returns how many went.
    qsizetype expireIdle(
        std::chrono::milliseconds idle, const std::function<bool(const QString &)> &inUse);

private:
    SessionBufferLimits m_limits;
    QHash<QString, std::shared_ptr<Session>> m_sessions;
};

} // namespace rill
