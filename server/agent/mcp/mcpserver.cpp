#include "server/agent/mcp/mcpserver.h"

#include "server/agent/mcp/jsonrpcchannel.h"
#include "server/agent/mcp/mcpprocess.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcMcp)

namespace rill {

namespace {

// A server that keeps handing out cursors is not going to end its list.
constexpr int kMaxToolPages = 100;

QString seconds(std::chrono::milliseconds duration)
{
    return QString::number(double(duration.count()) / 1000.0);
}

// What a model reads of a tools/call result: its text content, with the
// other kinds of content named rather than dropped.
QString resultText(const QJsonObject &result)
{
    QStringList parts;
    const QJsonArray content = result.value(QStringLiteral("content")).toArray();
    for (const QJsonValue &value : content) {
        const QJsonObject item = value.toObject();
        const QString type = item.value(QStringLiteral("type")).toString();
        if (type == QLatin1String("text")) {
            parts.append(item.value(QStringLiteral("text")).toString());
        } else if (type == QLatin1String("resource")) {
            const QJsonObject resource = item.value(QStringLiteral("resource")).toObject();
            parts.append(resource.contains(QStringLiteral("text"))
                    ? resource.value(QStringLiteral("text")).toString()
                    : QStringLiteral("[resource %1]")
                          .arg(resource.value(QStringLiteral("uri")).toString()));
        } else if (type == QLatin1String("resource_link")) {
            parts.append(
                QStringLiteral("[link %1]").arg(item.value(QStringLiteral("uri")).toString()));
        } else {
            parts.append(QStringLiteral("[%1 %2]").arg(
                type, item.value(QStringLiteral("mimeType")).toString()));
        }
    }
    if (parts.isEmpty() && result.value(QStringLiteral("structuredContent")).isObject())
        return QString::fromUtf8(
            QJsonDocument(result.value(QStringLiteral("structuredContent")).toObject())
                .toJson(QJsonDocument::Compact));
    return parts.join(u'\n');
}

} // namespace

// --- McpToolCall ---

McpToolCall::McpToolCall(
    McpServer *server, QString tool, QJsonObject arguments, std::chrono::milliseconds timeout)
    : QObject(server)
    , m_server(server)
    , m_tool(std::move(tool))
    , m_arguments(std::move(arguments))
    , m_timeout(timeout)
{ }

void McpToolCall::cancel(const QString &reason)
{
    if (m_over)
        return;
    m_over = true;
    if (m_server)
        m_server->cancelCall(this, reason);
    deleteLater();
}

void McpToolCall::complete(const McpToolResult &result)
{
    if (m_over)
        return;
    m_over = true;
    emit finished(result);
    deleteLater();
}

// --- McpServer ---

const QStringList &McpServer::supportedProtocolVersions()
{
    static const QStringList versions { QStringLiteral("2025-11-25"), QStringLiteral("2025-06-18"),
        QStringLiteral("2025-03-26"), QStringLiteral("2024-11-05") };
    return versions;
}

McpServer::McpServer(McpServerConfig config, McpServerOptions options, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_options(options)
{
    qRegisterMetaType<McpToolResult>();
}

McpServer::~McpServer()
{
    teardown();
}

qint64 McpServer::processId() const
{
    return m_process ? m_process->processId() : 0;
}

void McpServer::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void McpServer::start()
{
    if (m_state == State::Starting || m_state == State::Ready)
        return;
    teardown();
    m_failure.clear();
    m_process = new McpProcess(m_config, m_options.killGrace, this);
    connect(m_process, &McpProcess::started, this, &McpServer::onStarted);
    connect(m_process, &McpProcess::exited, this, &McpServer::failWith);
    setState(State::Starting);
    m_process->start();
}

void McpServer::stop()
{
    teardown();
    const QList<QPointer<McpToolCall>> waiting = std::exchange(m_waiting, {});
    for (const QPointer<McpToolCall> &call : waiting) {
        if (call)
            call->complete({ McpToolResult::Outcome::Failed,
                QStringLiteral("the MCP server \"%1\" was stopped").arg(name()), {} });
    }
    setState(State::Stopped);
}

void McpServer::teardown()
{
    // Nulled first: the calls failed by breakWith see a server with no channel.
    if (JsonRpcChannel *channel = std::exchange(m_channel, nullptr)) {
        channel->disconnect(this);
        channel->breakWith(QStringLiteral("the MCP server \"%1\" was stopped").arg(name()));
        channel->deleteLater();
    }
    if (m_process) {
        m_process->disconnect(this);
        m_process->stop();
        m_process->deleteLater();
        m_process = nullptr;
    }
    m_probing = false;
}

void McpServer::onStarted()
{
    m_channel = new JsonRpcChannel(m_process->device(), this);
    connect(m_channel, &JsonRpcChannel::broken, this, [this](const QString &reason) {
        failWith(
            QStringLiteral("the MCP server \"%1\" broke the protocol: %2").arg(name(), reason));
    });
    connect(m_channel, &JsonRpcChannel::notificationReceived, this, &McpServer::onNotification);
    initialize();
}

void McpServer::initialize()
{
    const QJsonObject params { { QStringLiteral("protocolVersion"),
                                   supportedProtocolVersions().first() },
        { QStringLiteral("capabilities"), QJsonObject {} },
        { QStringLiteral("clientInfo"),
            QJsonObject { { QStringLiteral("name"), QStringLiteral("rill") },
                { QStringLiteral("version"), QCoreApplication::applicationVersion() } } } };
    m_channel->call(QStringLiteral("initialize"), params, m_options.startTimeout, this,
        [this](const JsonRpcResponse &response) {
            if (!m_channel)
                return; // torn down: the reason is known already
            if (!response.ok)
                failWith(QStringLiteral("the MCP server \"%1\" did not initialize: %2")
                             .arg(name(), response.errorMessage));
            else
                onInitialized(response.result.toObject());
        });
}

void McpServer::onInitialized(const QJsonObject &result)
{
    const QString version = result.value(QStringLiteral("protocolVersion")).toString();
    if (!supportedProtocolVersions().contains(version)) {
        failWith(QStringLiteral("the MCP server \"%1\" speaks protocol version \"%2\"; Rill "
                                "speaks %3")
                     .arg(name(), version, supportedProtocolVersions().join(QStringLiteral(", "))));
        return;
    }
    m_protocolVersion = version;
    m_channel->notify(QStringLiteral("notifications/initialized"));
    const QJsonObject capabilities = result.value(QStringLiteral("capabilities")).toObject();
    if (!capabilities.contains(QStringLiteral("tools"))) {
        m_tools.clear();
        becomeReady();
        return;
    }
    listTools({}, {});
}

void McpServer::listTools(const QString &cursor, QList<McpTool> collected)
{
    QJsonObject params;
    if (!cursor.isEmpty())
        params.insert(QStringLiteral("cursor"), cursor);
    m_channel->call(QStringLiteral("tools/list"), params, m_options.startTimeout, this,
        [this, collected](const JsonRpcResponse &response) mutable {
            if (!m_channel)
                return;
            if (!response.ok) {
                failWith(QStringLiteral("the MCP server \"%1\" did not list its tools: %2")
                             .arg(name(), response.errorMessage));
                return;
            }
            const QJsonObject result = response.result.toObject();
            const QJsonArray tools = result.value(QStringLiteral("tools")).toArray();
            for (const QJsonValue &value : tools) {
                const QJsonObject tool = value.toObject();
                const QString toolName = tool.value(QStringLiteral("name")).toString();
                if (toolName.isEmpty())
                    continue;
                collected.append({ toolName, tool.value(QStringLiteral("title")).toString(),
                    tool.value(QStringLiteral("description")).toString(),
                    tool.value(QStringLiteral("inputSchema")).toObject() });
            }
            const QString next = result.value(QStringLiteral("nextCursor")).toString();
            if (!next.isEmpty() && ++m_toolPages < kMaxToolPages) {
                listTools(next, std::move(collected));
                return;
            }
            m_toolPages = 0;
            m_tools = std::move(collected);
            qCInfo(lcMcp).noquote() << QStringLiteral("[%1] ready (MCP %2), %3 tools")
                                           .arg(name(), m_protocolVersion)
                                           .arg(m_tools.size());
            if (m_state == State::Ready)
                emit toolsChanged();
            else
                becomeReady();
        });
}

void McpServer::becomeReady()
{
    setState(State::Ready);
    emit toolsChanged();
    const QList<QPointer<McpToolCall>> waiting = std::exchange(m_waiting, {});
    for (const QPointer<McpToolCall> &call : waiting) {
        if (call)
            sendCall(call);
    }
}

void McpServer::failWith(const QString &reason)
{
    qCWarning(lcMcp).noquote() << reason;
    m_failure = reason;
    JsonRpcChannel *channel = std::exchange(m_channel, nullptr);
    if (channel)
        channel->disconnect(this);
    teardown();
    const QList<QPointer<McpToolCall>> waiting = std::exchange(m_waiting, {});
    setState(State::Failed);
    // Only now do the calls learn why: a caller that calls again from there
    // (a model's next call) finds a failed server, which starts again for it.
    if (channel) {
        channel->breakWith(reason);
        channel->deleteLater();
    }
    for (const QPointer<McpToolCall> &call : waiting) {
        if (call)
            call->complete({ McpToolResult::Outcome::Failed, reason, {} });
    }
}

McpToolCall *McpServer::callTool(
    const QString &tool, const QJsonObject &arguments, std::chrono::milliseconds timeout)
{
    auto *call = new McpToolCall(this, tool, arguments, timeout);
    if (m_state == State::Ready && m_channel) {
        sendCall(call);
    } else {
        m_waiting.append(call);
        start(); // a server that died is started again here
    }
    return call;
}

void McpServer::sendCall(McpToolCall *call)
{
    const QJsonObject params { { QStringLiteral("name"), call->m_tool },
        { QStringLiteral("arguments"), call->m_arguments } };
    const QPointer<McpToolCall> target(call);
    call->m_requestId = m_channel->call(QStringLiteral("tools/call"), params, call->m_timeout, call,
        [this, target](const JsonRpcResponse &response) {
            if (!target)
                return;
            McpToolResult result;
            if (response.ok) {
                result.raw = response.result.toObject();
                result.text = resultText(result.raw);
                result.outcome = result.raw.value(QStringLiteral("isError")).toBool()
                    ? McpToolResult::Outcome::ToolError
                    : McpToolResult::Outcome::Done;
            } else if (response.errorCode == JsonRpcResponse::TimedOut) {
                result.text = QStringLiteral("the tool \"%1\" gave no answer within %2 s")
                                  .arg(target->m_tool, seconds(target->m_timeout));
                if (m_channel)
                    m_channel->notify(QStringLiteral("notifications/cancelled"),
                        { { QStringLiteral("requestId"), target->m_requestId },
                            { QStringLiteral("reason"), QStringLiteral("timed out") } });
                probeAfterTimeout();
            } else if (response.errorCode == JsonRpcResponse::ChannelBroken) {
                result.text = response.errorMessage;
            } else {
                // The server refused the call (unknown tool, invalid arguments):
                // it got through, and the model may do better next time.
                result.outcome = McpToolResult::Outcome::ToolError;
                result.text = QStringLiteral("MCP error %1: %2")
                                  .arg(response.errorCode)
                                  .arg(response.errorMessage);
            }
            target->complete(result);
        });
}

void McpServer::cancelCall(McpToolCall *call, const QString &reason)
{
    m_waiting.removeAll(call);
    if (!call->m_requestId || !m_channel)
        return;
    m_channel->abandon(call->m_requestId);
    m_channel->notify(QStringLiteral("notifications/cancelled"),
        { { QStringLiteral("requestId"), call->m_requestId },
            { QStringLiteral("reason"), reason } });
}

// A call timed out. A server that is busy answers a ping anyway; one that
// does not is hung, and is killed rather than left holding a process.
void McpServer::probeAfterTimeout()
{
    if (m_probing || !m_channel)
        return;
    m_probing = true;
    m_channel->call(QStringLiteral("ping"), {}, m_options.pingTimeout, this,
        [this](const JsonRpcResponse &response) {
            m_probing = false;
            if (m_channel && response.errorCode == JsonRpcResponse::TimedOut)
                failWith(QStringLiteral("the MCP server \"%1\" stopped answering (no answer to "
                                        "a ping within %2 s); it will be started again")
                             .arg(name(), seconds(m_options.pingTimeout)));
        });
}

void McpServer::onNotification(const QString &method, const QJsonObject &)
{
    if (method == QLatin1String("notifications/tools/list_changed") && m_state == State::Ready)
        listTools({}, {});
}

} // namespace rill
