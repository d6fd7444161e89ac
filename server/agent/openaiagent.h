#pragma once

#include "server/agent/agent.h"
#include "server/agent/statsrecorder.h"
#include "server/agent/thinktagsplitter.h"
#include "server/agent/toolloop.h"
#include "server/protocol/sseparser.h"

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <chrono>

class QNetworkReply;

namespace rill {

struct OpenAiAgentOptions
{
    // The server's base URL, e.g. http://127.0.0.1:8080 (llama-server) or
    // http://127.0.0.1:11434 (Ollama); /v1/chat/completions is added.
    QUrl baseUrl;
    QString model; // sent only when set: llama-server serves the model it loaded
    QString apiKey; // sent as a bearer token when set
    QString systemPrompt; // the first message when set
    // A run fails when the server sends nothing for this long.
    std::chrono::milliseconds timeout { std::chrono::seconds(120) };
    // The MCP tools the model may call, and how many rounds of calls a run may take.
    ToolLoopOptions tools;
};

// An OpenAI-compatible LLM server (llama.cpp's llama-server, Ollama, vLLM)
// streaming its answer: each piece of thinking becomes a `reasoning` message
// and each piece of the answer a `delta` message, the moment it arrives; then
// the whole answer comes as one `assistant` message with the run's `stats`.
// The conversation so far goes up as `messages`, with the run's options.
class OpenAiAgent final : public Agent
{
    Q_OBJECT
public:
    explicit OpenAiAgent(OpenAiAgentOptions options, QObject *parent = nullptr);
    ~OpenAiAgent() override;

    void start(const AgentRequest &request) override;
    void cancel() override;

    // Where the requests go: the base URL plus /v1/chat/completions, without
    // doubling a /v1 the user already wrote.
    static QUrl completionsUrl(const QUrl &baseUrl);
    // The request body for `request`.
    QByteArray requestBody(const AgentRequest &request) const;
    // The conversation sent for `request`: system prompt, history, the message.
    QJsonArray conversation(const AgentRequest &request) const;

private:
    QByteArray requestBody(const QJsonArray &messages, const ChatOptions &asked) const;
    void post();
    void onToolRoundFinished(const QJsonArray &messages);
    void onReadyRead();
    void onReplyFinished();
    void handleEvent(const SseEvent &event);
    // Sends each piece as a `reasoning` or `delta` message, and keeps it.
    void relay(const QList<ThinkTagSplitter::Piece> &pieces);
    void complete();
    void fail(const QString &reason, int status);
    void dropReply();
    int httpStatus() const;

    OpenAiAgentOptions m_options;
    QNetworkAccessManager m_network;
    QPointer<QNetworkReply> m_reply;
    SseParser m_parser;
    QTimer m_silenceTimer;
    ThinkTagSplitter m_splitter;
    StatsRecorder m_stats;
    QString m_model; // asked for in this run; empty: the server's default
    QString m_answer;
    QString m_thinking;
    QByteArray m_errorBody; // the body of a non-200 answer, for its error message
    QJsonArray m_messages; // the conversation so far, tool rounds included
    ChatOptions m_asked; // the run's options, for each of its requests
    ToolLoop m_tools;
    bool m_finishReasonSeen = false;
    bool m_running = false;
};

} // namespace rill
