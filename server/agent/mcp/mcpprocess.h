// One MCP server's child process: started from its configuration in a
// process group of its own, its stderr logged line by line (category
// rill.mcp), ended without orphans or zombies (ProcessGroup).
#pragma once

#include "server/agent/mcp/mcpconfig.h"
#include "server/agent/stderrlines.h"

#include <QObject>
#include <QPointer>
#include <QProcess>

#include <chrono>

namespace rill {

class McpProcess final : public QObject
{
    Q_OBJECT
public:
    McpProcess(
        McpServerConfig config, std::chrono::milliseconds killGrace, QObject *parent = nullptr);
    ~McpProcess() override; // stops the child

    void start();
    // Closes its stdin (MCP's way to ask a stdio server to exit), then
    // SIGTERM and SIGKILL to its group if it lingers. Nothing is emitted after.
    void stop();

    // Where JSON-RPC goes: reads the child's stdout, writes its stdin.
    QIODevice *device() const { return m_process; }
    qint64 processId() const { return m_pid; }
    bool isRunning() const;

signals:
    void started();
    // It could not start, or it exited: `reason` says which, quoting its last
    // line on stderr when it wrote one.
    void exited(const QString &reason);

private:
    void onStderr();
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void onError(QProcess::ProcessError error);

    McpServerConfig m_config;
    std::chrono::milliseconds m_killGrace;
    QPointer<QProcess> m_process;
    StderrLines m_stderr { 64 * 1024 };
    qint64 m_pid = 0;
};

} // namespace rill
