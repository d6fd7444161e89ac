#include "server/http/session.h"

#include "server/protocol/sseencoder.h"

#include <QUuid>

namespace rill {

Session::Session(QString id)
    : m_id(std::move(id))
    , m_idPrefix(m_id.toUtf8() + ':')
{
}

QByteArray Session::stampAndEncode(Message &message)
{
    const QByteArray eventId = m_idPrefix + QByteArray::number(m_nextSeq++);
    message.sessionId = m_id;
    if (message.id.isEmpty())
        message.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (!message.timestamp.isValid())
        message.timestamp = QDateTime::currentDateTimeUtc();
    return SseEncoder::encode(message.toJson(), eventId);
}

std::shared_ptr<Session> SessionStore::obtain(const QString &id)
{
    if (!id.isEmpty()) {
        if (auto existing = m_sessions.value(id))
            return existing;
    }
    const QString newId = id.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : id;
    auto session = std::make_shared<Session>(newId);
    m_sessions.insert(newId, session);
    return session;
}

} // namespace rill
