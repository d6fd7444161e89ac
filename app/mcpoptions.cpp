#include "app/mcpoptions.h"

#include "app/cli.h"

#include <QCommandLineParser>

namespace rill::McpOptions {

namespace {

const QString kConfig = QStringLiteral("mcp-config");
const QString kMaxRounds = QStringLiteral("max-tool-rounds");
const QString kToolTimeout = QStringLiteral("tool-timeout");
const QString kApprovalTimeout = QStringLiteral("approval-timeout");

} // namespace

void addTo(QCommandLineParser &parser)
{
    parser.addOptions({
        { kConfig,
            QStringLiteral("MCP servers whose tools the openai agent may use, in the "
                           "{\"mcpServers\": {NAME: {\"command\", \"args\", \"env\", "
                           "\"trust\"}}} shape other MCP clients use."),
            QStringLiteral("file") },
        { kMaxRounds,
            QStringLiteral("Rounds of tool calls one answer may take before the run ends with "
                           "an error (default 8)."),
            QStringLiteral("n"), QStringLiteral("8") },
        { kToolTimeout,
            QStringLiteral("Seconds a tool call may take before it fails and is cancelled "
                           "(default 60)."),
            QStringLiteral("seconds"), QStringLiteral("60") },
        { kApprovalTimeout,
            QStringLiteral("Seconds a call of an untrusted tool waits for Allow or Deny "
                           "(POST /chat/approval) before it is denied (default 300)."),
            QStringLiteral("seconds"), QStringLiteral("300") },
    });
}

std::unique_ptr<McpServerSet> startServers(const QCommandLineParser &parser)
{
    if (!parser.isSet(kConfig))
        return nullptr;
    QString error;
    const std::optional<McpConfig> config = McpConfig::load(parser.value(kConfig), &error);
    if (!config)
        cli::fail(QStringLiteral("--mcp-config: %1").arg(error));
    auto servers = std::make_unique<McpServerSet>(*config);
    servers->startAll();
    return servers;
}

ToolLoopOptions toolLoop(
    const QCommandLineParser &parser, McpServerSet *servers, ToolApprovals *approvals)
{
    ToolLoopOptions options;
    options.tools = servers;
    options.approvals = approvals;
    options.approvalTimeout
        = std::chrono::seconds(cli::readNumber(parser, kApprovalTimeout, 1, 86400));
    options.maxRounds = cli::readNumber(parser, kMaxRounds, 1, 1000);
    options.toolTimeout = std::chrono::seconds(cli::readNumber(parser, kToolTimeout, 1, 86400));
    return options;
}

} // namespace rill::McpOptions
