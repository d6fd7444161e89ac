// The command-line group for the shared session store: --redis, --redis-lease.
#pragma once

#include "server/http/chatserver.h"
#include "server/http/sessionbackend.h"

#include <memory>

class QCommandLineParser;

namespace rill::RedisOptions {

void addTo(QCommandLineParser &parser);

// Sessions and runs in the Redis of --redis, with `options`' limits; nullptr
// without the flag (they stay in this process). Fails (cli::fail) on a URL
// that names no Redis server, or --redis without --serve.
std::unique_ptr<SessionBackend> backend(
    const QCommandLineParser &parser, bool serve, const ChatServer::Options &options);

} // namespace rill::RedisOptions
