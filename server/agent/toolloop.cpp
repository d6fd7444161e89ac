#include "server/agent/toolloop.h"

#include "server/protocol/toolstep.h"

#include <QJsonDocument>

namespace rill {

ToolLoop::ToolLoop(ToolLoopOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{ }

ToolLoop::~ToolLoop()
{
    cancel();
}

QJsonArray ToolLoop::functions() const
{
    QJsonArray functions;
    if (!m_options.tools)
        return functions;
    for (const McpToolEntry &entry : m_options.tools->enabledTools()) {
        QJsonObject parameters = entry.tool.inputSchema;
        if (parameters.isEmpty())
            parameters = { { QStringLiteral("type"), QStringLiteral("object") } };
        parameters.remove(QStringLiteral("$schema")); // some servers refuse the meta key
        QJsonObject function { { QStringLiteral("name"), entry.functionName },
            { QStringLiteral("parameters"), parameters } };
        const QString description
            = entry.tool.description.isEmpty() ? entry.tool.title : entry.tool.description;
        if (!description.isEmpty())
            function.insert(QStringLiteral("description"), description);
        functions.append(QJsonObject { { QStringLiteral("type"), QStringLiteral("function") },
            { QStringLiteral("function"), function } });
    }
    return functions;
}

void ToolLoop::feed(const QJsonObject &delta)
{
    m_roundText += delta.value(QLatin1String("content")).toString();
    const QJsonArray toolCalls = delta.value(QLatin1String("tool_calls")).toArray();
    if (!toolCalls.isEmpty())
        m_calls.feed(toolCalls);
}

void ToolLoop::runRound()
{
    if (++m_rounds > m_options.maxRounds) {
        emit failed(QStringLiteral("the model still asked for tools after %1 rounds of calls "
                                   "(--max-tool-rounds %1)")
                        .arg(m_options.maxRounds),
            508);
        return;
    }
    const QList<ToolCallRequest> requests = m_calls.calls();
    m_calls.clear();
    QJsonArray toolCalls;
    m_round.clear();
    for (const ToolCallRequest &request : requests) {
        toolCalls.append(QJsonObject { { QStringLiteral("id"), request.id },
            { QStringLiteral("type"), QStringLiteral("function") },
            { QStringLiteral("function"),
                QJsonObject { { QStringLiteral("name"), request.name },
                    { QStringLiteral("arguments"), request.arguments } } } });
        Call call;
        call.request = request;
        call.step = ++m_steps;
        QJsonParseError error;
        const QString text = request.arguments.trimmed();
        const QJsonDocument document = QJsonDocument::fromJson(
            text.isEmpty() ? QByteArrayLiteral("{}") : text.toUtf8(), &error);
        if (document.isObject()) {
            call.arguments = document.object();
        } else {
            call.arguments = request.arguments;
            call.problem = QStringLiteral("the arguments are not a JSON object (%1); call %2 "
                                          "again with arguments that match its schema")
                               .arg(error.error != QJsonParseError::NoError
                                       ? error.errorString()
                                       : QStringLiteral("got another kind of value"),
                                   request.name);
        }
        if (m_options.tools)
            call.tool = m_options.tools->find(request.name);
        if (!call.tool && call.problem.isEmpty()) {
            QStringList names;
            if (m_options.tools) {
                for (const McpToolEntry &entry : m_options.tools->enabledTools())
                    names.append(entry.functionName);
            }
            call.problem = QStringLiteral("there is no tool named \"%1\"; the tools are: %2")
                               .arg(request.name,
                                   names.isEmpty() ? QStringLiteral("none")
                                                   : names.join(QStringLiteral(", ")));
        }
        m_round.append(call);
    }
    m_added = { QJsonObject { { QStringLiteral("role"), QStringLiteral("assistant") },
        { QStringLiteral("content"), std::exchange(m_roundText, {}) },
        { QStringLiteral("tool_calls"), toolCalls } } };
    // The whole plan of the round first, as the model decided it.
    for (const Call &call : std::as_const(m_round))
        emit messageProduced(ToolStep::planning(call.step, call.request.name, call.arguments));
    m_next = 0;
    runNext();
}

void ToolLoop::runNext()
{
    if (m_cancelled)
        return;
    if (m_next >= m_round.size()) {
        m_round.clear();
        emit roundFinished(std::exchange(m_added, {}));
        return;
    }
    const Call &call = m_round.at(m_next);
    if (!call.problem.isEmpty()) {
        emit messageProduced(ToolStep::running(call.step, call.request.name, call.arguments));
        finishCall(false, QStringLiteral("Error: ") + call.problem);
        return;
    }
    // Trust is looked up now, not when the round was planned: an earlier call's
    // "allow always" counts for the calls after it.
    const std::optional<McpToolEntry> now
        = m_options.tools ? m_options.tools->find(call.request.name) : std::nullopt;
    if (m_options.approvals && !(now ? now->trusted : call.tool->trusted)) {
        askApproval(call);
        return;
    }
    startCall(call);
}

void ToolLoop::askApproval(const Call &call)
{
    m_waiting = m_options.approvals->ask(m_sessionId, m_options.approvalTimeout, this);
    connect(m_waiting, &PendingApproval::decided, this, &ToolLoop::onDecided);
    emit messageProduced(ToolStep::approval(call.step, m_waiting->callId(), call.request.name,
        call.tool->server->name(), call.arguments));
    emit awaitingApproval(true);
}

void ToolLoop::onDecided(ApprovalDecision decision, bool timedOut)
{
    if (m_waiting)
        m_waiting->deleteLater();
    m_waiting = nullptr;
    if (m_cancelled)
        return;
    emit awaitingApproval(false);
    if (m_cancelled) // the run gave up as it stopped waiting
        return;
    const Call &call = m_round.at(m_next);
    if (decision == ApprovalDecision::Deny) {
        finishCall(false,
            timedOut ? QStringLiteral("The user did not answer within %1 s, so the call was "
                                      "denied")
                           .arg(std::chrono::duration_cast<std::chrono::seconds>(
                               m_options.approvalTimeout)
                                    .count())
                     : QStringLiteral("The user denied this call"));
        return;
    }
    if (decision == ApprovalDecision::AllowAlways && m_options.tools)
        m_options.tools->trustTool(call.tool->server->name(), call.tool->tool.name);
    startCall(call);
}

void ToolLoop::startCall(const Call &call)
{
    emit messageProduced(ToolStep::running(call.step, call.request.name, call.arguments));
    m_running = call.tool->server->callTool(
        call.tool->tool.name, call.arguments.toObject(), m_options.toolTimeout);
    connect(m_running, &McpToolCall::finished, this, [this](const McpToolResult &result) {
        m_running = nullptr;
        finishCall(result.succeeded(),
            result.outcome == McpToolResult::Outcome::Failed
                ? QStringLiteral("Error: ") + result.text
                : result.text);
    });
}

void ToolLoop::finishCall(bool succeeded, const QString &result)
{
    const Call &call = m_round.at(m_next);
    emit messageProduced(
        ToolStep::finished(call.step, call.request.name, call.arguments, succeeded, result));
    m_added.append(QJsonObject { { QStringLiteral("role"), QStringLiteral("tool") },
        { QStringLiteral("tool_call_id"), call.request.id },
        { QStringLiteral("content"), result } });
    ++m_next;
    runNext();
}

void ToolLoop::cancel()
{
    m_cancelled = true;
    if (m_running)
        m_running->cancel();
    m_running = nullptr;
    // Withdrawn: a late answer gets 409, and nothing runs.
    delete m_waiting.data();
}

} // namespace rill
