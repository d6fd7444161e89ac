// The MCP servers Rill may start, in the `mcpServers` JSON shape other MCP
// clients already use:
//   {"mcpServers": {"files": {"command": "npx", "args": ["..."],
//                             "env": {"KEY": "value"}, "trust": true}}}
// `trust` is Rill's own: true trusts every tool of the server, a list of
// names trusts those tools; an untrusted tool asks for approval before it runs.
#pragma once

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace rill {

struct McpServerConfig
{
    QString name;
    QString command;
    QStringList args;
    QMap<QString, QString> env; // added to Rill's own environment
    bool trustAll = false;
    QStringList trustedTools;

    bool trusts(const QString &tool) const { return trustAll || trustedTools.contains(tool); }
};

struct McpConfig
{
    QList<McpServerConfig> servers; // in the file's order

    // Reads the JSON text; on a problem returns nothing and says what and
    // where in `error` ("mcpServers.files.args[1]: expected a string").
    static std::optional<McpConfig> parse(const QByteArray &json, QString *error);
    // Reads a file; the error names the file.
    static std::optional<McpConfig> load(const QString &path, QString *error);
};

} // namespace rill
