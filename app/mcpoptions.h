// The command-line group for tools: --mcp-config and the MCP servers it names.
#pragma once

#include "server/agent/mcp/mcpserverset.h"
#include "server/agent/toolloop.h"

#include <memory>

class QCommandLineParser;

namespace rill::McpOptions {

void addTo(QCommandLineParser &parser);

// The servers of --mcp-config, started; nullptr without the flag. Fails
// (cli::fail) on a file that cannot be read or a configuration that is wrong.
std::unique_ptr<McpServerSet> startServers(const QCommandLineParser &parser);

// What the openai agent does with the tools: --max-tool-rounds, --tool-timeout,
// and --approval-timeout for the calls that wait in `approvals`.
ToolLoopOptions toolLoop(
    const QCommandLineParser &parser, McpServerSet *servers, ToolApprovals *approvals);

} // namespace rill::McpOptions
