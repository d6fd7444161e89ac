#include "server/http/session.h"

#include "server/protocol/sseencoder.h"

#include <QUuid>

namespace rill {

Session::Session(QString id, SessionBufferLimits limits)
    : m_id(std::move(id))
    , m_idPrefix(m_id.toUtf8() + ':')
    , m_limits(limits)
{
    m_lastUsed.start();
}

QByteArray Session::stampAndEncode(Message &message)
{
    touch();
    const QByteArray eventId = m_idPrefix + QByteArray::number(m_nextSeq++);
    message.sessionId = m_id;
    if (message.id.isEmpty())
        message.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (!message.timestamp.isValid())
        message.timestamp = QDateTime::currentDateTimeUtc();
    QByteArray event = SseEncoder::encode(message.toJson(), eventId);
    m_buffer.emplace_back(m_nextSeq - 1, event);
    m_bufferBytes += event.size();
    while (!m_buffer.empty()
        && (qsizetype(m_buffer.size()) > m_limits.maxEvents || m_bufferBytes > m_limits.maxBytes)) {
        m_bufferBytes -= m_buffer.front().second.size();
        m_buffer.pop_front();
    }
    return event;
}

void Session::releaseEvents()
{
    std::deque<std::pair<qint64, QByteArray>>().swap(m_buffer); // gives the memory back
    m_bufferBytes = 0;
}

std::optional<QList<QByteArray>> Session::eventsAfter(qint64 seq) const
{
    QList<QByteArray> events;
    if (seq >= lastSeq())
        return events;
    const qint64 oldest = m_buffer.empty() ? m_nextSeq : m_buffer.front().first;
    if (seq + 1 < oldest)
        return std::nullopt;
    for (const auto &[eventSeq, bytes] : m_buffer) {
        if (eventSeq > seq)
            events.append(bytes);
    }
    return events;
}

std::shared_ptr<Session> SessionStore::obtain(const QString &id)
{
    if (!id.isEmpty()) {
        if (auto existing = m_sessions.value(id)) {
            existing->touch();
            return existing;
        }
    }
    const QString newId = id.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : id;
    auto session = std::make_shared<Session>(newId, m_limits);
    m_sessions.insert(newId, session);
    return session;
}

qsizetype SessionStore::expireIdle(
    std::chrono::milliseconds idle, const std::function<bool(const QString &)> &inUse)
{
    return m_sessions.removeIf(
        [&](const auto &entry) { return entry.value()->idleTime() > idle && !inUse(entry.key()); });
}

} // namespace rill
