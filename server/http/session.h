#pragma once

#include "server/protocol/message.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <memory>

namespace rill {

// What the server remembers of one conversation: the sequence numbers of its
// events, its turns (for agents that want history) and whether a run is going.
class Session
{
public:
    explicit Session(QString id);

    const QString &id() const { return m_id; }
    bool isRunning() const { return m_running; }
    void setRunning(bool running) { m_running = running; }

    // Completes a message for the wire (id, sessionId, timestamp), gives it the
    // next sequence number and returns the encoded SSE event.
    QByteArray stampAndEncode(Message &message);

    qint64 lastSeq() const { return m_nextSeq - 1; }

    const QList<Message> &history() const { return m_history; }
    void appendHistory(const Message &message) { m_history.append(message); }

private:
    QString m_id;
    QByteArray m_idPrefix; // "<sessionId>:" in UTF-8, reused for every event id
    qint64 m_nextSeq = 1;
    bool m_running = false;
    QList<Message> m_history;
};

// All sessions of one server.
class SessionStore
{
public:
    // An existing session, or a new one (with a fresh id when `id` is empty).
    std::shared_ptr<Session> obtain(const QString &id);
    std::shared_ptr<Session> find(const QString &id) const { return m_sessions.value(id); }
    qsizetype size() const { return m_sessions.size(); }

private:
    QHash<QString, std::shared_ptr<Session>> m_sessions;
};

} // namespace rill
