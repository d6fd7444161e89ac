#include "server/agent/mcp/mcpconfig.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

namespace rill {

namespace {

QString typeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

// Reads one server's entry; returns an error text, empty when it is fine.
QString readServer(const QString &where, const QJsonObject &entry, McpServerConfig &server)
{
    const QJsonValue command = entry.value(QStringLiteral("command"));
    if (!command.isString() || command.toString().trimmed().isEmpty())
        return QStringLiteral("%1.command: expected the program to start (a string), got %2")
            .arg(where, command.isString() ? QStringLiteral("an empty string") : typeName(command));
    server.command = command.toString();
    const QJsonValue args = entry.value(QStringLiteral("args"));
    if (!args.isUndefined() && !args.isArray())
        return QStringLiteral("%1.args: expected an array of strings, got %2")
            .arg(where, typeName(args));
    const QJsonArray argList = args.toArray();
    for (qsizetype i = 0; i < argList.size(); ++i) {
        if (!argList[i].isString())
            return QStringLiteral("%1.args[%2]: expected a string, got %3")
                .arg(where)
                .arg(i)
                .arg(typeName(argList[i]));
        server.args.append(argList[i].toString());
    }
    const QJsonValue env = entry.value(QStringLiteral("env"));
    if (!env.isUndefined() && !env.isObject())
        return QStringLiteral("%1.env: expected an object of strings, got %2")
            .arg(where, typeName(env));
    const QJsonObject envObject = env.toObject();
    for (auto it = envObject.begin(); it != envObject.end(); ++it) {
        if (!it.value().isString())
            return QStringLiteral("%1.env.%2: expected a string, got %3")
                .arg(where, it.key(), typeName(it.value()));
        if (it.key().isEmpty() || it.key().contains(u'='))
            return QStringLiteral("%1.env: \"%2\" is not a variable name").arg(where, it.key());
        server.env.insert(it.key(), it.value().toString());
    }
    const QJsonValue trust = entry.value(QStringLiteral("trust"));
    if (trust.isBool()) {
        server.trustAll = trust.toBool();
    } else if (trust.isArray()) {
        const QJsonArray tools = trust.toArray();
        for (qsizetype i = 0; i < tools.size(); ++i) {
            if (!tools[i].isString())
                return QStringLiteral("%1.trust[%2]: expected a tool name, got %3")
                    .arg(where)
                    .arg(i)
                    .arg(typeName(tools[i]));
            server.trustedTools.append(tools[i].toString());
        }
    } else if (!trust.isUndefined()) {
        return QStringLiteral("%1.trust: expected true, false or a list of tool names, got %2")
            .arg(where, typeName(trust));
    }
    return {};
}

} // namespace

std::optional<McpConfig> McpConfig::parse(const QByteArray &json, QString *error)
{
    const auto failWith = [error](const QString &text) {
        if (error)
            *error = text;
        return std::nullopt;
    };
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return failWith(QStringLiteral("not valid JSON (%1 at offset %2)")
                            .arg(parseError.errorString())
                            .arg(parseError.offset));
    if (!document.isObject())
        return failWith(QStringLiteral("expected an object {\"mcpServers\": {...}}"));
    const QJsonValue servers = document.object().value(QStringLiteral("mcpServers"));
    if (!servers.isObject())
        return failWith(QStringLiteral("mcpServers: expected an object of servers by name, got %1")
                            .arg(typeName(servers)));
    McpConfig config;
    const QJsonObject byName = servers.toObject();
    // QJsonObject iterates in key order; the file's order is not kept by Qt,
    // so servers are listed by name, which is at least stable.
    for (auto it = byName.begin(); it != byName.end(); ++it) {
        const QString where = QStringLiteral("mcpServers.%1").arg(it.key());
        if (it.key().trimmed().isEmpty())
            return failWith(QStringLiteral("mcpServers: a server needs a name"));
        if (!it.value().isObject())
            return failWith(QStringLiteral("%1: expected an object with \"command\", got %2")
                                .arg(where, typeName(it.value())));
        McpServerConfig server;
        server.name = it.key();
        const QString problem = readServer(where, it.value().toObject(), server);
        if (!problem.isEmpty())
            return failWith(problem);
        config.servers.append(server);
    }
    return config;
}

std::optional<McpConfig> McpConfig::load(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    QString problem;
    std::optional<McpConfig> config = parse(file.readAll(), &problem);
    if (!config && error)
        *error = QStringLiteral("%1: %2").arg(path, problem);
    return config;
}

} // namespace rill
