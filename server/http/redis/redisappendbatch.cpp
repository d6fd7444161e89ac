#include "server/http/redis/redisappendbatch.h"

#include "server/http/redis/redisscripts.h"

#include <QMetaObject>

namespace rill {

RedisAppendBatch::RedisAppendBatch(RedisConnection *connection, QByteArray owner,
    qsizetype maxEvents, std::chrono::milliseconds ttl, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_owner(std::move(owner))
    , m_maxEvents(QByteArray::number(maxEvents))
    , m_ttl(QByteArray::number(qint64(ttl.count())))
{ }

void RedisAppendBatch::add(
    const QString &sessionId, qint64 seq, const QByteArray &event, bool refresh, Done done)
{
    if (m_args.isEmpty())
        m_args = { m_owner, m_maxEvents, m_ttl };
    m_args += { sessionId.toUtf8(), QByteArray::number(seq), event,
        refresh ? QByteArrayLiteral("1") : QByteArrayLiteral("0") };
    m_done.push_back(std::move(done));
    if (!m_flushQueued) {
        m_flushQueued = true;
        // After the events already posted for this turn: they join this call.
        QMetaObject::invokeMethod(this, &RedisAppendBatch::flush, Qt::QueuedConnection);
    }
}

void RedisAppendBatch::flush()
{
    m_flushQueued = false;
    if (m_done.empty())
        return;
    QList<QByteArray> args = std::move(m_args);
    m_args.clear();
    std::vector<Done> done = std::move(m_done);
    m_done.clear();
    redis::eval(m_connection, redis::script::append, {}, args,
        [done = std::move(done)](const RedisReply &reply) {
            const bool each = reply.type == RedisReply::Type::Array
                && reply.elements.size() == qsizetype(done.size());
            for (size_t i = 0; i < done.size(); ++i) {
                if (done[i])
                    done[i](each ? reply.elements.at(qsizetype(i)) : reply);
            }
        });
}

} // namespace rill
