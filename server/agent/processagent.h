#pragma once

#include "server/agent/agent.h"
#include "server/agent/stderrlines.h"

#include <QByteArray>
#include <QPointer>
#include <QProcess>
#include <QStringList>
#include <QTimer>

#include <chrono>

namespace rill {

struct ProcessAgentOptions
{
    QString program;
    QStringList arguments;
    // A run fails when the process prints nothing on stdout for this long.
    std::chrono::milliseconds outputTimeout { std::chrono::seconds(120) };
    // After terminate (SIGTERM), how long the process has before it is killed.
    std::chrono::milliseconds killGrace { std::chrono::seconds(2) };
};

// Runs an external command per run, the way an existing Python or LangGraph
// agent plugs in (protocol in README.md, "Agents"): the request goes to its
// stdin as one JSON line, and each JSON line it prints on stdout is relayed as
// a message the moment it arrives. `{"type":"done"}` or a clean exit ends the
// run; a non-zero exit, a crash, a line that is not a JSON object or silence
// for longer than the timeout fail it. Stderr goes to the log (category
// rill.agent.process).
class ProcessAgent final : public Agent
{
    Q_OBJECT
public:
    explicit ProcessAgent(ProcessAgentOptions options, QObject *parent = nullptr);
    ~ProcessAgent() override;

    void start(const AgentRequest &request) override;
    void cancel() override;

    // The child's pid while it runs, else 0 (for tests and the log).
    qint64 processId() const;

    // The request line written to the process's stdin, without its newline.
    static QByteArray requestLine(const AgentRequest &request);

private:
    void onStdout();
    void onStderr();
    void onProcessFinished(int exitCode, QProcess::ExitStatus status);
    void onProcessError(QProcess::ProcessError error);
    void handleLine(QByteArray line);
    void succeed();
    void fail(const QString &reason, int status);
    // Ends this run's process without blocking: see processagent.cpp.
    void retireProcess(bool runCompleted);

    ProcessAgentOptions m_options;
    QPointer<QProcess> m_process;
    QTimer m_silenceTimer;
    QByteArray m_stdout; // bytes of a line whose newline has not arrived yet
    StderrLines m_stderr { 1 << 20 }; // its last line is quoted in failure reasons
    qint64 m_pid = 0;
    bool m_running = false;
};

} // namespace rill
