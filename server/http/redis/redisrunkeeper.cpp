#include "server/http/redis/redisrunkeeper.h"

#include "server/http/chatrun.h"
#include "server/http/redis/redisscripts.h"
#include "server/http/redis/redissessionbackend.h"

#include <QPointer>

using namespace std::chrono;
using namespace std::chrono_literals;

namespace rill {

namespace {
constexpr milliseconds kListenBlock = 1000ms;
// Runs taken over per pass: a crowd of them ends over a few passes.
constexpr int kReapBatch = 64;
} // namespace

RedisRunKeeper::RedisRunKeeper(
    RedisSessionBackend *backend, milliseconds lease, const RedisConnection::Options &options)
    : m_backend(backend)
    , m_lease(lease)
    , m_listener(backend->connection()->address(), [&] {
        RedisConnection::Options listener = options;
        listener.name = options.name + QStringLiteral(" (stops)");
        return listener;
    }())
{
    m_renewTimer.setInterval(lease / 3);
    connect(&m_renewTimer, &QTimer::timeout, this, &RedisRunKeeper::renew);
    // A dead server's run ends within the lease and this interval.
    m_reapTimer.setInterval(std::clamp<milliseconds>(lease / 15, 100ms, 2s));
    connect(&m_reapTimer, &QTimer::timeout, this, &RedisRunKeeper::reap);
    connect(&m_listener, &RedisConnection::ready, this, &RedisRunKeeper::listen);
    connect(backend->connection(), &RedisConnection::lost, this, [this] {
        m_reapAfter = QDeadlineTimer::Forever;
        m_seenRedisMs = 0;
    });
    connect(backend->connection(), &RedisConnection::ready, this, [this] {
        if (m_reapAfter.isForever())
            m_reapAfter.setRemainingTime(m_lease);
    });
}

void RedisRunKeeper::start()
{
    m_renewTimer.start();
    m_reapTimer.start();
    m_listener.open();
}

void RedisRunKeeper::renew()
{
    RedisConnection *connection = m_backend->connection();
    if (!connection->isReady())
        return; // the backend reasserts every run once Redis is back
    QList<QByteArray> args { m_backend->instanceId(), QByteArray::number(qint64(m_lease.count())),
        QByteArray::number(qint64(m_backend->liveTtl().count())) };
    QStringList ids;
    for (auto it = m_backend->m_runs.cbegin(); it != m_backend->m_runs.cend(); ++it) {
        if (it.value()->run && it.value()->adopted && !it.value()->behind) {
            ids.append(it.key());
            args.append(it.key().toUtf8());
        }
    }
    if (ids.isEmpty())
        return;
    redis::eval(connection, redis::script::renew, { redis::runsKey() }, args,
        [self = QPointer<RedisRunKeeper>(this), ids](const RedisReply &reply) {
            if (!self || reply.failed() || reply.elements.size() != ids.size())
                return;
            for (qsizetype i = 0; i < ids.size(); ++i) {
                const qint64 answer = reply.elements.at(i).integer;
                if (answer == 1)
                    self->m_backend->cancelLocal(ids.at(i));
                else if (answer == -1)
                    self->m_backend->runLost(ids.at(i));
            }
        });
}

void RedisRunKeeper::reap()
{
    RedisConnection *connection = m_backend->connection();
    if (m_reaping || !connection->isReady() || !m_reapAfter.hasExpired())
        return;
    m_reaping = true;
    redis::eval(connection, redis::script::reap, { redis::runsKey() },
        { m_backend->instanceId(), QByteArray::number(qint64(m_lease.count())),
            QByteArray::number(kReapBatch), QByteArray::number(m_seenRedisMs),
            QByteArray::number(qint64(staleAfter().count())) },
        [self = QPointer<RedisRunKeeper>(this)](const RedisReply &reply) {
            if (!self)
                return;
            self->m_reaping = false;
            if (reply.failed() || reply.elements.isEmpty())
                return;
            self->m_seenRedisMs = reply.elements.at(0).integer;
            for (qsizetype i = 1; i + 2 < reply.elements.size(); i += 3) {
                self->m_backend->endTakenRun(QString::fromUtf8(reply.elements.at(i).string),
                    reply.elements.at(i + 1).string.toLongLong(), reply.elements.at(i + 2).string);
            }
        });
}

milliseconds RedisRunKeeper::staleAfter() const
{
    // Three reaps apart: one late answer on a loaded server is not an outage.
    return std::max<milliseconds>(3 * m_reapTimer.intervalAsDuration(), 500ms);
}

void RedisRunKeeper::listen()
{
    if (!m_listener.isReady())
        return; // `ready` listens again
    m_listener.command(
        { "BLPOP", redis::cancelKey(m_backend->instanceId()),
            QByteArray::number(double(kListenBlock.count()) / 1000.0) },
        [self = QPointer<RedisRunKeeper>(this)](const RedisReply &reply) {
            if (!self || reply.failed())
                return; // the connection comes back, and `ready` listens again
            // Nil: nothing in the block time; otherwise [list, sessionId].
            if (reply.type == RedisReply::Type::Array && reply.elements.size() == 2)
                self->m_backend->cancelLocal(QString::fromUtf8(reply.elements.at(1).string));
            QTimer::singleShot(0, self, &RedisRunKeeper::listen);
        },
        kListenBlock + 2s);
}

} // namespace rill
