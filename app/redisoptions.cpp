#include "app/redisoptions.h"

#include "app/cli.h"
#include "server/http/redis/redissessionbackend.h"

#include <QCommandLineParser>

namespace rill::RedisOptions {

namespace {
const QString kRedis = QStringLiteral("redis");
const QString kLease = QStringLiteral("redis-lease");
} // namespace

void addTo(QCommandLineParser &parser)
{
    parser.addOptions({
        { kRedis,
            QStringLiteral("With --serve: keep sessions, their events and runs in this Redis, "
                           "shared by every server given the same one: redis://[:password@]"
                           "host:port[/db] or unix:///path. Without it they stay in this "
                           "process."),
            QStringLiteral("url") },
        { kLease,
            QStringLiteral("With --redis: seconds after which a run whose server stopped "
                           "renewing it is ended with an error by another (default 15)."),
            QStringLiteral("seconds"), QStringLiteral("15") },
    });
}

std::unique_ptr<SessionBackend> backend(
    const QCommandLineParser &parser, bool serve, const ChatServer::Options &options)
{
    if (!parser.isSet(kRedis))
        return nullptr;
    if (!serve)
        cli::fail(QStringLiteral("--redis goes with --serve: the window's embedded server keeps "
                                 "its sessions to itself"));
    QString error;
    const std::optional<RedisAddress> address = RedisAddress::parse(parser.value(kRedis), &error);
    if (!address)
        cli::fail(error);
    RedisSessionBackend::Options redis;
    redis.buffer = options.buffer;
    redis.history = options.history;
    redis.sessionIdle = options.sessionIdle;
    redis.finishedRunReplay = options.finishedRunReplay;
    redis.lease = std::chrono::seconds(cli::readNumber(parser, kLease, 1, 3600));
    return std::make_unique<RedisSessionBackend>(*address, redis);
}

} // namespace rill::RedisOptions
