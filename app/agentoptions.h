// The command-line group that picks the agent (--agent and its settings), and
// the agent factory built from it.
#pragma once

#include "server/agent/agent.h"
#include "server/agent/demoagent.h"
#include "server/agent/toolloop.h"
#include "ui/widgets/agentsettings.h"

#include <chrono>

class QCommandLineParser;

namespace rill {
class ChatServer;
class MainWindow;
} // namespace rill

namespace rill::AgentOptions {

void addTo(QCommandLineParser &parser);

// `base` (the stored settings, or the defaults) with the flags given on the
// command line applied over it; the API key falls back to $RILL_LLM_API_KEY.
// Fails (cli::fail) on a value that cannot work.
AgentSettings resolve(const QCommandLineParser &parser, AgentSettings base);

// `tools` go to the openai agent.
AgentFactory factory(
    const AgentSettings &settings, const DemoAgentOptions &demo, const ToolLoopOptions &tools = {});

// For the startup line: "demo agent, step delay 300 ms", "process agent: CMD"...
QString describe(const AgentSettings &settings, const DemoAgentOptions &demo);

// Agent changes made in the window's settings reach the embedded server.
void follow(MainWindow &window, ChatServer &server, const DemoAgentOptions &demo,
    const ToolLoopOptions &tools = {});

} // namespace rill::AgentOptions
