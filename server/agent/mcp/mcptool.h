// What an MCP server offers and what one of its calls gives back.
#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace rill {

struct McpTool
{
    QString name;
    QString title;
    QString description;
    QJsonObject inputSchema; // JSON Schema of its arguments
};

struct McpToolResult
{
    enum class Outcome {
        Done, // the tool ran and succeeded
        ToolError, // the tool ran and reported an error (isError)
        Failed, // the call did not get through: server down, timeout, protocol
    };
    Outcome outcome = Outcome::Failed;
    // The tool's text content joined, or the reason it failed; what a model reads.
    QString text;
    QJsonObject raw; // the result object as the server sent it, when one came

    bool succeeded() const { return outcome == Outcome::Done; }
};

} // namespace rill

Q_DECLARE_METATYPE(rill::McpToolResult)
