#pragma once

#include "server/http/redis/redisconnection.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>

#include <chrono>
#include <functional>
#include <vector>

namespace rill {

// The events that this server's runs write in one turn of the event loop,
// sent to Redis as one script call (script::append) at the end of the turn:
// one call per event cost Redis about 15 µs each, most of it the call itself.
// Whatever else is sent about a run must follow its events: flush() first.
class RedisAppendBatch : public QObject
{
    Q_OBJECT
public:
    // Called once per event: Integer 1, 0 or -1 (see script::append), or the
    // call's failure (NoAnswer, Error) for every event of the call.
    using Done = std::function<void(const RedisReply &)>;

    RedisAppendBatch(RedisConnection *connection, QByteArray owner, qsizetype maxEvents,
        std::chrono::milliseconds ttl, QObject *parent = nullptr);

    void add(
        const QString &sessionId, qint64 seq, const QByteArray &event, bool refresh, Done done);
    // Sends what waits, now.
    void flush();

private:
    RedisConnection *m_connection;
    QByteArray m_owner;
    QByteArray m_maxEvents;
    QByteArray m_ttl;
    QList<QByteArray> m_args;
    std::vector<Done> m_done;
    bool m_flushQueued = false;
};

} // namespace rill
