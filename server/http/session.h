#pragma once

#include "server/protocol/message.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QString>

#include <chrono>
#include <deque>
#include <memory>
#include <optional>

namespace rill {

// How much of a session's recent stream is kept for clients that resume.
struct SessionBufferLimits
{
    qsizetype maxEvents = 1024;
    qsizetype maxBytes = 1024 * 1024;
};

// How much of a conversation a session keeps for its agent: the newest turns,
// at most this many and this many bytes of text (as held, UTF-16: 2 bytes a
// character). The defaults hold 100 turns or 32 768 characters, whichever is
// less; the oldest turns go first.
struct SessionHistoryLimits
{
    qsizetype maxTurns = 100;
    qsizetype maxBytes = 64 * 1024;
};

// What the server remembers of one conversation: the sequence numbers of its
// events, the recent events themselves (for clients that resume) and its turns
// (for agents that want history).
class Session
{
public:
    explicit Session(
        QString id, SessionBufferLimits limits = {}, SessionHistoryLimits historyLimits = {});

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
    // The same for a session known by id and last sequence number only (kept elsewhere).
    static QByteArray encodeAside(const QString &sessionId, qint64 lastSeq, Message &message);

    qint64 lastSeq() const { return m_nextSeq - 1; }
    // Numbers the next event `lastSeq + 1`: a session whose earlier events were
    // numbered elsewhere (a shared store) goes on from there. Only before any event.
    void continueAfter(qint64 lastSeq) { m_nextSeq = lastSeq + 1; }
    // The buffered events after `seq`, each with its seq, even when some between
    // are gone (eventsAfter() says nullopt then): what this server can still give.
    QList<std::pair<qint64, QByteArray>> bufferedAfter(qint64 seq) const;

    // The encoded events after `seq`, for a client resuming with Last-Event-ID;
    // std::nullopt when some of them already left the bounded buffer.
    std::optional<QList<QByteArray>> eventsAfter(qint64 seq) const;
    // Forgets the buffered events but not their count: eventsAfter() then reports
    // anything before the last event as gone.
    void releaseEvents();
    // What the buffered events take, encoded.
    qsizetype bufferedBytes() const { return m_bufferBytes; }

    const QList<Message> &history() const { return m_history; }
    // Keeps `message` as the newest turn, forgetting the oldest ones past the
    // history limits (even `message` itself, when its text alone is over them).
    void appendHistory(const Message &message);
    qsizetype historyBytes() const { return m_historyBytes; }

    // Marks the session as used now; idle sessions expire (see SessionStore).
    void touch() { m_lastUsed.start(); }
    std::chrono::milliseconds idleTime() const
    {
        return std::chrono::milliseconds(m_lastUsed.elapsed());
    }
    // Whether this session was last used before `other` was (monotonic clock, to
    // the nanosecond): compares without reading the clock.
    bool usedBefore(const Session &other) const { return m_lastUsed < other.m_lastUsed; }

private:
    // Fills in what the wire needs: sessionId, and an id and timestamp if missing.
    void complete(Message &message) const;

    QString m_id;
    QByteArray m_idPrefix; // "<sessionId>:" in UTF-8, reused for every event id
    qint64 m_nextSeq = 1;
    SessionBufferLimits m_limits;
    std::deque<std::pair<qint64, QByteArray>> m_buffer; // (seq, encoded event), oldest first
    qsizetype m_bufferBytes = 0;
    SessionHistoryLimits m_historyLimits;
    QList<Message> m_history;
    qsizetype m_historyBytes = 0;
    QElapsedTimer m_lastUsed;
};

} // namespace rill
