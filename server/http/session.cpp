#include "server/http/session.h"

#include "server/protocol/sseencoder.h"

#include <QRandomGenerator64>
#include <QUuid>

namespace rill {

namespace {

// A random (version 4) UUID for a message, from a generator seeded once from
// the system's. QUuid::createUuid() asks the system generator every time,
// which on x86 is the CPU's RDSEED instruction: slow, and slower still in a
// VM, it was a tenth of the server's CPU under the throughput benchmark
// (perf). Message ids must be unique, not secret: session ids, which let a
// client resume a stream, still come from the system generator, so that the
// ids every client sees say nothing about them.
QString newMessageId()
{
    thread_local QRandomGenerator64 generator = QRandomGenerator64::securelySeeded();
    const quint64 high = generator.generate();
    const quint64 low = generator.generate();
    const QUuid uuid(uint(high >> 32), ushort(high >> 16), ushort((high & 0x0fff) | 0x4000),
        uchar(((low >> 56) & 0x3f) | 0x80), uchar(low >> 48), uchar(low >> 40), uchar(low >> 32),
        uchar(low >> 24), uchar(low >> 16), uchar(low >> 8), uchar(low));
    return uuid.toString(QUuid::WithoutBraces);
}

} // namespace

Session::Session(QString id, SessionBufferLimits limits, SessionHistoryLimits historyLimits)
    : m_id(std::move(id))
    , m_idPrefix(m_id.toUtf8() + ':')
    , m_limits(limits)
    , m_historyLimits(historyLimits)
{
    m_lastUsed.start();
}

void Session::appendHistory(const Message &message)
{
    const auto bytes
        = [](const Message &turn) { return turn.content.size() * qsizetype(sizeof(QChar)); };
    m_history.append(message);
    m_historyBytes += bytes(message);
    while (!m_history.isEmpty()
        && (m_history.size() > m_historyLimits.maxTurns
            || m_historyBytes > m_historyLimits.maxBytes)) {
        m_historyBytes -= bytes(m_history.first());
        m_history.removeFirst();
    }
}

void Session::complete(Message &message) const
{
    message.sessionId = m_id;
    if (message.id.isEmpty())
        message.id = newMessageId();
    if (!message.timestamp.isValid())
        message.timestamp = QDateTime::currentDateTimeUtc();
}

QByteArray Session::encodeAside(Message &message) const
{
    complete(message);
    return SseEncoder::encode(message.toJson(), m_idPrefix + QByteArray::number(lastSeq()));
}

QByteArray Session::encodeAside(const QString &sessionId, qint64 lastSeq, Message &message)
{
    message.sessionId = sessionId;
    if (message.id.isEmpty())
        message.id = newMessageId();
    if (!message.timestamp.isValid())
        message.timestamp = QDateTime::currentDateTimeUtc();
    return SseEncoder::encode(
        message.toJson(), sessionId.toUtf8() + ':' + QByteArray::number(lastSeq));
}

QByteArray Session::stampAndEncode(Message &message)
{
    touch();
    const QByteArray eventId = m_idPrefix + QByteArray::number(m_nextSeq++);
    complete(message);
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

QList<std::pair<qint64, QByteArray>> Session::bufferedAfter(qint64 seq) const
{
    QList<std::pair<qint64, QByteArray>> events;
    for (const auto &entry : m_buffer) {
        if (entry.first > seq)
            events.append(entry);
    }
    return events;
}

} // namespace rill
