// The command-line group that gives a server's runs their model parameters
// when a client asks for none: --system, --temperature, --top-p, --max-tokens,
// and --lock-options to ignore what clients ask for.
#pragma once

#include "server/http/chatserver.h"

class QCommandLineParser;

namespace rill::ModelOptions {

void addTo(QCommandLineParser &parser);

// Fills options.defaultOptions and options.lockOptions; a value out of range
// fails (cli::fail) with the same words a client's bad `options` gets.
void apply(const QCommandLineParser &parser, ChatServer::Options &options);

} // namespace rill::ModelOptions
