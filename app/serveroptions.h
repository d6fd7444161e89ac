// The command-line group that sets the server's security and limits.
#pragma once

#include "server/http/chatserver.h"

class QCommandLineParser;
class QHostAddress;

namespace rill::ServerOptions {

// --token, --allow-origin, --allow-host, --tls-cert, --tls-key, --session-idle,
// --max-streams, --max-unsent, --max-sessions, --history-turns, --history-kib.
void addTo(QCommandLineParser &parser);

// Fills `options` from the parsed command line and RILL_TOKEN. With `serve`
// false (the window's embedded server) only the limits apply: that server
// stays on loopback, with a random token of its own (options.access.token,
// for the window's client). Exits with status 2 (cli::fail), saying
// why, when the server must not start: a non-loopback address without a
// token, unusable TLS files, a bad number.
void apply(const QCommandLineParser &parser, const QHostAddress &host, bool serve,
    ChatServer::Options &options);

// The token for the window's --connect: --token, else RILL_TOKEN.
QString clientToken(const QCommandLineParser &parser);

} // namespace rill::ServerOptions
