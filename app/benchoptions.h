// The benchmark switches of `rill --serve` (docs/benchmarks.md): --bench,
// --steps, --payload and --idle-streams.
#pragma once

#include "server/agent/demoagent.h"

#include <chrono>

class QCommandLineParser;

namespace rill::bench {

// Adds the options to `parser`; call before QCommandLineParser::process().
void addOptions(QCommandLineParser &parser);

// Whether events get a `sentUs` stamp (ChatServer::Options::stampSendTime).
bool stampSendTime(const QCommandLineParser &parser);

// The demo agent as the command line asks for it; fails (exit 2) on bad values.
DemoAgentOptions agentOptions(
    const QCommandLineParser &parser, std::chrono::milliseconds stepDelay);

} // namespace rill::bench
