#include "server/agent/mcp/mcpserverset.h"

#include <QHash>

namespace rill {

namespace {

QString key(const QString &server, const QString &tool)
{
    return server + u'/' + tool;
}

} // namespace

McpServerSet::McpServerSet(const McpConfig &config, McpServerOptions options, QObject *parent)
    : QObject(parent)
{
    for (const McpServerConfig &serverConfig : config.servers) {
        auto *server = new McpServer(serverConfig, options, this);
        connect(server, &McpServer::stateChanged, this, &McpServerSet::changed);
        connect(server, &McpServer::toolsChanged, this, &McpServerSet::changed);
        m_servers.append(server);
    }
}

McpServerSet::~McpServerSet()
{
    stopAll();
}

McpServer *McpServerSet::server(const QString &name) const
{
    for (McpServer *server : m_servers) {
        if (server->name() == name)
            return server;
    }
    return nullptr;
}

void McpServerSet::startAll()
{
    for (McpServer *server : std::as_const(m_servers))
        server->start();
}

void McpServerSet::stopAll()
{
    for (McpServer *server : std::as_const(m_servers))
        server->stop();
}

QList<McpToolEntry> McpServerSet::tools() const
{
    QHash<QString, int> servingName; // tool name -> how many servers have one
    for (McpServer *server : m_servers) {
        for (const McpTool &tool : server->tools())
            ++servingName[tool.name];
    }
    QList<McpToolEntry> entries;
    for (McpServer *server : m_servers) {
        for (const McpTool &tool : server->tools()) {
            McpToolEntry entry;
            entry.server = server;
            entry.tool = tool;
            entry.functionName = servingName.value(tool.name) > 1
                ? server->name() + QStringLiteral("__") + tool.name
                : tool.name;
            entry.enabled = !m_disabled.contains(key(server->name(), tool.name));
            entry.trusted = server->config().trusts(tool.name)
                || m_trusted.contains(key(server->name(), tool.name));
            entries.append(entry);
        }
    }
    return entries;
}

QList<McpToolEntry> McpServerSet::enabledTools() const
{
    QList<McpToolEntry> entries = tools();
    entries.removeIf([](const McpToolEntry &entry) { return !entry.enabled; });
    return entries;
}

std::optional<McpToolEntry> McpServerSet::find(const QString &functionName) const
{
    for (const McpToolEntry &entry : enabledTools()) {
        if (entry.functionName == functionName)
            return entry;
    }
    return std::nullopt;
}

void McpServerSet::setToolEnabled(const QString &server, const QString &tool, bool enabled)
{
    const QString k = key(server, tool);
    if (enabled == !m_disabled.contains(k))
        return;
    if (enabled)
        m_disabled.remove(k);
    else
        m_disabled.insert(k);
    emit changed();
}

bool McpServerSet::isToolEnabled(const QString &server, const QString &tool) const
{
    return !m_disabled.contains(key(server, tool));
}

QStringList McpServerSet::disabledTools() const
{
    QStringList keys = m_disabled.values();
    keys.sort();
    return keys;
}

void McpServerSet::setDisabledTools(const QStringList &keys)
{
    m_disabled = QSet<QString>(keys.begin(), keys.end());
    emit changed();
}

void McpServerSet::trustTool(const QString &server, const QString &tool)
{
    m_trusted.insert(key(server, tool));
    emit changed();
}

} // namespace rill
