#include "server/http/redis/redisfollow.h"

#include "server/http/redis/redisscripts.h"
#include "server/http/ssestream.h"

#include <QUuid>

using namespace std::chrono_literals;

namespace rill {

namespace {
// A follower's name stays in the session's followers this long without a
// refresh; refreshed three times as often, so one late refresh loses nothing.
constexpr std::chrono::milliseconds kWatchTtl = 6s;

RedisConnection::Options followerOptions(RedisConnection::Options options)
{
    options.name += QStringLiteral(" (follower)");
    return options;
}
} // namespace

RedisFollow::RedisFollow(RedisConnection *commands, const RedisConnection::Options &options,
    const QString &sessionId, qint64 afterSeq, SseStream *stream, QObject *parent)
    : QObject(parent)
    , m_commands(commands)
    , m_sessionId(sessionId)
    , m_member(QUuid::createUuid().toByteArray(QUuid::WithoutBraces))
    , m_stream(stream)
    , m_follower(commands->address(), followerOptions(options), sessionId, afterSeq)
{
    stream->setParent(this);
    connect(stream, &SseStream::clientDisconnected, this, [this] { finish(false); });
    connect(&m_follower, &RedisLogFollower::entryArrived, this, &RedisFollow::onEntry);
    m_refresh.setInterval(kWatchTtl / 3);
    connect(&m_refresh, &QTimer::timeout, this, &RedisFollow::refresh);
    m_refresh.start();
    refresh();
    m_follower.start();
}

RedisFollow::~RedisFollow()
{
    if (!m_finished && m_commands->isReady())
        m_commands->command({ "ZREM", redis::followersKey(m_sessionId), m_member });
}

bool RedisFollow::isDone(const QByteArray &event)
{
    // Message::toJson writes `type` first, always.
    return event.contains("\ndata: {\"type\":\"done\"")
        || event.startsWith("data: {\"type\":\"done\"");
}

void RedisFollow::refresh()
{
    redis::eval(m_commands, redis::script::watch,
        { redis::followersKey(m_sessionId), redis::sessionKey(m_sessionId) },
        { m_member, QByteArray::number(qint64(kWatchTtl.count())) },
        [self = QPointer<RedisFollow>(this)](const RedisReply &reply) {
            if (!self || reply.failed() || reply.elements.size() != 2)
                return; // Redis is away: the follower waits for it, and so does this
            const QByteArray state = reply.elements.at(0).string;
            const qint64 lastSeq = reply.elements.at(1).string.toLongLong();
            // Over without a `done` this follower could read (the session expired,
            // or its run was given up): nothing more will come.
            if (state != "running" && self->m_follower.cursor() >= lastSeq)
                self->finish(true);
        });
}

void RedisFollow::onEntry(qint64, const QByteArray &event)
{
    if (m_finished || !m_stream)
        return;
    m_stream->send(event);
    if (isDone(event))
        finish(true);
}

void RedisFollow::finish(bool closeStream)
{
    if (m_finished)
        return;
    m_finished = true;
    m_refresh.stop();
    m_commands->command({ "ZREM", redis::followersKey(m_sessionId), m_member });
    if (closeStream && m_stream)
        m_stream->close();
    deleteLater();
}

} // namespace rill
