// Every configured MCP server, kept for the application's life: their
// state, their tools, which tools are switched on, and which tool a model's
// function name means.
#pragma once

#include "server/agent/mcp/mcpconfig.h"
#include "server/agent/mcp/mcpserver.h"

#include <QList>
#include <QObject>
#include <QSet>

#include <optional>

namespace rill {

// A tool as an agent offers it to a model.
struct McpToolEntry
{
    McpServer *server = nullptr;
    McpTool tool;
    // The name the model calls it by: the tool's own, or "<server>__<tool>"
    // when two servers have a tool of that name.
    QString functionName;
    bool enabled = true;
    bool trusted = false; // runs without asking for approval
};

class McpServerSet final : public QObject
{
    Q_OBJECT
public:
    explicit McpServerSet(
        const McpConfig &config, McpServerOptions options = {}, QObject *parent = nullptr);
    ~McpServerSet() override;

    QList<McpServer *> servers() const { return m_servers; }
    McpServer *server(const QString &name) const;
    bool isEmpty() const { return m_servers.isEmpty(); }

    void startAll();
    void stopAll();

    // Every tool of every ready server, switched on or not.
    QList<McpToolEntry> tools() const;
    QList<McpToolEntry> enabledTools() const;
    // The enabled tool a model's function name stands for.
    std::optional<McpToolEntry> find(const QString &functionName) const;

    void setToolEnabled(const QString &server, const QString &tool, bool enabled);
    bool isToolEnabled(const QString &server, const QString &tool) const;
    // Tools switched off, as "server/tool" (the window keeps them in its settings).
    QStringList disabledTools() const;
    void setDisabledTools(const QStringList &keys);

    // Approval chosen with "allow always": trusted from now on, for this run of Rill.
    void trustTool(const QString &server, const QString &tool);

signals:
    // A server's state or tools changed, or a tool was switched on or off.
    void changed();

private:
    QList<McpServer *> m_servers;
    QSet<QString> m_disabled; // "server/tool"
    QSet<QString> m_trusted; // "server/tool", by allow-always
};

} // namespace rill
