#pragma once

#include <QString>

#include <optional>

namespace rill {

// Where a Redis server is: `redis://[:password@]host:port[/db]` or
// `unix:///path/to/socket[?db=N]`, as --redis takes it.
struct RedisAddress
{
    QString host; // empty for a unix socket
    int port = 6379;
    QString socketPath;
    QString password;
    int database = 0;

    bool isUnixSocket() const { return !socketPath.isEmpty(); }
    // For logs: never the password.
    QString display() const;

    // std::nullopt (and `error` says why) for a URL that names no Redis server.
    static std::optional<RedisAddress> parse(const QString &url, QString *error = nullptr);
};

} // namespace rill
