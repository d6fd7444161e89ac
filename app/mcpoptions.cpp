#include "app/mcpoptions.h"

#include "app/cli.h"

#include <QCommandLineParser>

namespace rill::McpOptions {

namespace {

const QString kConfig = QStringLiteral("mcp-config");

} // namespace

void addTo(QCommandLineParser &parser)
{
    parser.addOptions({
        { kConfig,
            QStringLiteral("MCP servers whose tools the openai agent may use, in the "
                           "{\"mcpServers\": {NAME: {\"command\", \"args\", \"env\", "
                           "\"trust\"}}} shape other MCP clients use."),
            QStringLiteral("file") },
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

} // namespace rill::McpOptions
