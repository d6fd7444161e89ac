// The tool side of a model's run: which tools it is offered, the calls it
// asks for in a streamed answer, and running them through MCP, each call a
// live step (server/protocol/toolstep.h). The agent that talks to the model
// asks again with the messages a round adds, until the model answers
// without calls or the rounds run out.
#pragma once

#include "server/agent/mcp/mcpserverset.h"
#include "server/agent/toolapproval.h"
#include "server/agent/toolcallaccumulator.h"
#include "server/protocol/message.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>

#include <chrono>

namespace rill {

struct ToolLoopOptions
{
    QPointer<McpServerSet> tools; // none: the model is offered no tools
    int maxRounds = 8; // rounds of calls in one run
    std::chrono::milliseconds toolTimeout { std::chrono::seconds(60) };
    // Set: a call of a tool the configuration does not trust waits for a
    // person's answer (an `approval` event, POST /chat/approval); none: every
    // call runs, as in the tests of the loop itself.
    QPointer<ToolApprovals> approvals;
    std::chrono::milliseconds approvalTimeout { std::chrono::seconds(300) };
};

class ToolLoop final : public QObject
{
    Q_OBJECT
public:
    explicit ToolLoop(ToolLoopOptions options, QObject *parent = nullptr);
    ~ToolLoop() override;

    // The request's `tools`: each enabled tool as a function whose parameters
    // are its MCP inputSchema. Empty when there are none.
    QJsonArray functions() const;

    // One chunk's `delta` of the model's answer.
    void feed(const QJsonObject &delta);
    // The session whose clients may answer the run's approvals.
    void setSessionId(const QString &sessionId) { m_sessionId = sessionId; }
    // Whether the answer just streamed asked for calls.
    bool hasCalls() const { return !m_calls.isEmpty(); }
    // Runs them, one after the other; roundFinished() or failed() follows.
    void runRound();
    // Gives up the call under way; nothing is emitted afterwards.
    void cancel();

    int roundsRun() const { return m_rounds; }

signals:
    void messageProduced(const rill::Message &message);
    // The messages to add to the conversation: the assistant's tool_calls
    // message, then one `tool` message per call, in order.
    void roundFinished(const QJsonArray &messages);
    void failed(const QString &reason, int status);
    // A call is waiting for a person (true) or no longer is (false); the run
    // must then outlive a client that leaves, for another one to answer.
    void awaitingApproval(bool waiting);

private:
    struct Call
    {
        ToolCallRequest request;
        int step = 0;
        QJsonValue arguments; // parsed, or the text when it is not a JSON object
        QString problem; // why it cannot run: bad arguments, unknown tool
        std::optional<McpToolEntry> tool;
    };

    void runNext();
    void askApproval(const Call &call);
    void onDecided(ApprovalDecision decision, bool timedOut);
    void startCall(const Call &call);
    void finishCall(bool succeeded, const QString &result);

    ToolLoopOptions m_options;
    ToolCallAccumulator m_calls;
    QString m_roundText;
    QList<Call> m_round;
    qsizetype m_next = 0;
    QJsonArray m_added;
    QPointer<McpToolCall> m_running;
    QPointer<PendingApproval> m_waiting;
    QString m_sessionId;
    int m_rounds = 0;
    int m_steps = 0;
    bool m_cancelled = false;
};

} // namespace rill
