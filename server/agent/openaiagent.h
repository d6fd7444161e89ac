#pragma once

#include "server/agent/agent.h"
#include "server/agent/statsrecorder.h"
#include "server/agent/thinktagsplitter.h"
#include "server/protocol/sseparser.h"

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

private:
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
    bool m_finishReasonSeen = false;
    bool m_running = false;
};

} // namespace rill
