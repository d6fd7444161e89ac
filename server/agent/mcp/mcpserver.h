// One configured MCP server over stdio: started once and kept across runs,
// started again by the next call when it has died. Speaks the lifecycle
// (initialize with the protocol version negotiated, notifications/initialized),
// lists its tools (following nextCursor, again on tools/list_changed) and
// calls them (tools/call; notifications/cancelled when a call is given up).
#pragma once

#include "server/agent/mcp/mcpconfig.h"
#include "server/agent/mcp/mcptool.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>

#include <chrono>

namespace rill {

class JsonRpcChannel;
class McpProcess;
class McpServer;

struct McpServerOptions
{
    // How long initialize and each tools/list page may take.
    std::chrono::milliseconds startTimeout { std::chrono::seconds(30) };
    // How long a stopped server has to exit before SIGTERM, then SIGKILL.
    std::chrono::milliseconds killGrace { std::chrono::seconds(2) };
    // After a call timed out, how long the server has to answer a ping
    // before it counts as hung and is killed (the next call restarts it).
    std::chrono::milliseconds pingTimeout { std::chrono::seconds(5) };
};

// One tools/call. finished() comes exactly once, unless cancel() came first;
// the object deletes itself after either.
class McpToolCall final : public QObject
{
    Q_OBJECT
public:
    // Gives the call up: the server gets notifications/cancelled if the
    // request was sent; nothing is emitted afterwards.
    void cancel(const QString &reason = QStringLiteral("cancelled by the user"));

signals:
    void finished(const rill::McpToolResult &result);

private:
    friend class McpServer;
    McpToolCall(
        McpServer *server, QString tool, QJsonObject arguments, std::chrono::milliseconds timeout);
    void complete(const McpToolResult &result);

    QPointer<McpServer> m_server;
    QString m_tool;
    QJsonObject m_arguments;
    std::chrono::milliseconds m_timeout;
    qint64 m_requestId = 0; // once sent
    bool m_over = false;
};

class McpServer final : public QObject
{
    Q_OBJECT
public:
    enum class State { Stopped, Starting, Ready, Failed };
    Q_ENUM(State)

    // The protocol versions Rill speaks, newest first; the first is offered.
    static const QStringList &supportedProtocolVersions();

    McpServer(McpServerConfig config, McpServerOptions options = {}, QObject *parent = nullptr);
    ~McpServer() override;

    const McpServerConfig &config() const { return m_config; }
    const QString &name() const { return m_config.name; }
    State state() const { return m_state; }
    // Why it is Failed (or was last stopped by a failure).
    QString failureReason() const { return m_failure; }
    QList<McpTool> tools() const { return m_tools; }
    QString protocolVersion() const { return m_protocolVersion; }
    qint64 processId() const;

    // Starts it unless it is starting or ready.
    void start();
    void stop();

    // Calls `tool`; a server that is not ready is started first (the call
    // waits for it). The call is a child of the server.
    McpToolCall *callTool(
        const QString &tool, const QJsonObject &arguments, std::chrono::milliseconds timeout);

signals:
    void stateChanged(rill::McpServer::State state);
    void toolsChanged();

private:
    friend class McpToolCall;
    void setState(State state);
    void onStarted();
    void initialize();
    void onInitialized(const QJsonObject &result);
    void listTools(const QString &cursor, QList<McpTool> collected);
    void becomeReady();
    void failWith(const QString &reason);
    void sendCall(McpToolCall *call);
    void cancelCall(McpToolCall *call, const QString &reason);
    void probeAfterTimeout();
    void onNotification(const QString &method, const QJsonObject &params);
    void teardown();

    McpServerConfig m_config;
    McpServerOptions m_options;
    McpProcess *m_process = nullptr;
    JsonRpcChannel *m_channel = nullptr;
    State m_state = State::Stopped;
    QString m_failure;
    QString m_protocolVersion;
    QList<McpTool> m_tools;
    QList<QPointer<McpToolCall>> m_waiting; // calls made before it was ready
    bool m_probing = false;
    int m_toolPages = 0;
};

} // namespace rill
