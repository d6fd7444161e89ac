#include "server/agent/openaiagent.h"

#include "server/agent/upstreamerror.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace rill {

namespace {

// An error page bigger than this is not read further; its start says enough.
constexpr qsizetype kMaxErrorBody = 64 * 1024;

QString snippet(const QString &text)
{
    const QString simple = text.simplified();
    return simple.size() > 200 ? simple.left(197) + QStringLiteral("...") : simple;
}

// What a piece of content was, for the stats: blank space or the start of a
// tag before the answer is neither thinking nor answer yet.
StatsRecorder::PieceKind kindOf(const QList<ThinkTagSplitter::Piece> &pieces, bool thinking)
{
    for (const ThinkTagSplitter::Piece &piece : pieces) {
        if (piece.kind == ThinkTagSplitter::Piece::Kind::Answer)
            return StatsRecorder::PieceKind::Answer;
    }
    return !pieces.isEmpty() || thinking ? StatsRecorder::PieceKind::Thinking
                                         : StatsRecorder::PieceKind::Undecided;
}

} // namespace

OpenAiAgent::OpenAiAgent(OpenAiAgentOptions options, QObject *parent)
    : Agent(parent)
    , m_options(std::move(options))
    , m_tools(m_options.tools)
{
    connect(&m_tools, &ToolLoop::messageProduced, this, &Agent::messageProduced);
    connect(&m_tools, &ToolLoop::roundFinished, this, &OpenAiAgent::onToolRoundFinished);
    connect(&m_tools, &ToolLoop::failed, this, &OpenAiAgent::fail);
    connect(&m_tools, &ToolLoop::awaitingApproval, this, &Agent::awaitingPerson);
    connect(&m_tools, &ToolLoop::awaitingApproval, this,
        [this](bool waiting) { m_stats.setPaused(waiting); });
    m_silenceTimer.setSingleShot(true);
    m_silenceTimer.setInterval(m_options.timeout);
    connect(&m_silenceTimer, &QTimer::timeout, this, [this] {
        fail(QStringLiteral("the LLM server at %1 sent nothing for %2 s")
                 .arg(m_options.baseUrl.toDisplayString())
                 .arg(double(m_options.timeout.count()) / 1000.0),
            504);
    });
}

OpenAiAgent::~OpenAiAgent()
{
    dropReply();
}

QUrl OpenAiAgent::completionsUrl(const QUrl &baseUrl)
{
    QUrl url = baseUrl;
    QString path = url.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    if (path.endsWith(QLatin1String("/chat/completions")))
        return url;
    if (!path.endsWith(QLatin1String("/v1")))
        path += QLatin1String("/v1");
    url.setPath(path + QLatin1String("/chat/completions"));
    return url;
}

QByteArray OpenAiAgent::requestBody(const AgentRequest &request) const
{
    return requestBody(conversation(request), request.options);
}

QJsonArray OpenAiAgent::conversation(const AgentRequest &request) const
{
    const ChatOptions &asked = request.options;
    QJsonArray messages;
    const auto add = [&messages](const QString &role, const QString &content) {
        messages.append(QJsonObject {
            { QStringLiteral("role"), role }, { QStringLiteral("content"), content } });
    };
    // An empty system prompt asked for is none at all, not the configured one.
    const QString system = asked.system.value_or(m_options.systemPrompt);
    if (!system.isEmpty())
        add(QStringLiteral("system"), system);
    for (const Message &turn : request.history) {
        // Plans, steps and errors are the app's, not the conversation's.
        if (turn.type == MessageType::User || turn.type == MessageType::Assistant)
            add(turn.type, turn.content);
    }
    add(QStringLiteral("user"), request.message);
    return messages;
}

QByteArray OpenAiAgent::requestBody(const QJsonArray &messages, const ChatOptions &asked) const
{
    QJsonObject body { { QStringLiteral("stream"), true },
        // The token counts for the stats; servers that do not know it ignore it.
        { QStringLiteral("stream_options"),
            QJsonObject { { QStringLiteral("include_usage"), true } } },
        { QStringLiteral("messages"), messages } };
    const QString model = asked.model.value_or(m_options.model);
    if (!model.isEmpty())
        body.insert(QStringLiteral("model"), model);
    if (asked.temperature)
        body.insert(QStringLiteral("temperature"), *asked.temperature);
    if (asked.topP)
        body.insert(QStringLiteral("top_p"), *asked.topP);
    if (asked.maxTokens)
        body.insert(QStringLiteral("max_tokens"), *asked.maxTokens);
    const QJsonArray tools = m_tools.functions();
    if (!tools.isEmpty())
        body.insert(QStringLiteral("tools"), tools);
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

void OpenAiAgent::start(const AgentRequest &request)
{
    m_running = true;
    if (request.message.trimmed().isEmpty()) {
        fail(QStringLiteral("the LLM agent needs a message to answer"), 400);
        return;
    }
    m_asked = request.options;
    m_tools.setSessionId(request.sessionId);
    m_model = request.options.model.value_or(m_options.model);
    m_stats.requestSent();
    m_messages = conversation(request);
    post();
}

// One request of the run: the first, and one after each round of tool calls.
void OpenAiAgent::post()
{
    m_parser = SseParser();
    m_errorBody.clear();
    m_finishReasonSeen = false;
    QNetworkRequest upstream(completionsUrl(m_options.baseUrl));
    upstream.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    upstream.setRawHeader("Accept", "text/event-stream");
    if (!m_options.apiKey.isEmpty())
        upstream.setRawHeader("Authorization", "Bearer " + m_options.apiKey.toUtf8());
    m_reply = m_network.post(upstream, requestBody(m_messages, m_asked));
    connect(m_reply, &QNetworkReply::readyRead, this, &OpenAiAgent::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &OpenAiAgent::onReplyFinished);
    m_silenceTimer.start();
}

void OpenAiAgent::onToolRoundFinished(const QJsonArray &messages)
{
    if (!m_running)
        return;
    for (const QJsonValue &message : messages)
        m_messages.append(message);
    post();
}

void OpenAiAgent::cancel()
{
    m_running = false;
    m_tools.cancel();
    m_silenceTimer.stop();
    dropReply();
}

int OpenAiAgent::httpStatus() const
{
    return m_reply ? m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() : 0;
}

void OpenAiAgent::onReadyRead()
{
    if (!m_running || !m_reply)
        return;
    m_silenceTimer.start();
    if (httpStatus() != 200) {
        if (m_errorBody.size() < kMaxErrorBody)
            m_errorBody += m_reply->read(kMaxErrorBody - m_errorBody.size());
        m_reply->readAll(); // the rest is dropped
        return;
    }
    const QList<SseEvent> events = m_parser.feed(m_reply->readAll());
    for (const SseEvent &event : events) {
        if (!m_running)
            return;
        handleEvent(event);
    }
}

void OpenAiAgent::handleEvent(const SseEvent &event)
{
    const QString data = event.data.trimmed();
    if (data.isEmpty())
        return;
    if (data == QLatin1String("[DONE]")) {
        complete();
        return;
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(data.toUtf8(), &error);
    if (!document.isObject()) {
        fail(QStringLiteral("the LLM server sent a malformed chunk (%1): %2")
                 .arg(error.error != QJsonParseError::NoError ? error.errorString()
                                                              : QStringLiteral("not an object"),
                     snippet(data)),
            502);
        return;
    }
    const QJsonObject chunk = document.object();
    if (chunk.contains(QLatin1String("error"))) {
        const UpstreamError error
            = UpstreamError::fromStreamChunk(data.toUtf8(), m_model, m_options.baseUrl);
        fail(error.reason, error.status);
        return;
    }
    const QJsonObject usage = chunk.value(QLatin1String("usage")).toObject();
    if (usage.value(QLatin1String("completion_tokens")).isDouble()) {
        const QJsonValue prompt = usage.value(QLatin1String("prompt_tokens"));
        m_stats.usageReported(qint64(usage.value(QLatin1String("completion_tokens")).toDouble()),
            prompt.isDouble() ? std::optional<qint64>(qint64(prompt.toDouble())) : std::nullopt);
    }
    // The usage chunk that ends a stream has no choices, so no text.
    const QJsonObject choice = chunk.value(QLatin1String("choices")).toArray().first().toObject();
    const QJsonObject delta = choice.value(QLatin1String("delta")).toObject();
    m_tools.feed(delta);
    if (choice.value(QLatin1String("finish_reason")).isString())
        m_finishReasonSeen = true;
    // llama-server and DeepSeek name the thinking reasoning_content; Ollama,
    // vLLM and OpenRouter name it reasoning.
    for (const QLatin1String key :
        { QLatin1String("reasoning_content"), QLatin1String("reasoning") }) {
        const QString thinking = delta.value(key).toString();
        if (!thinking.isEmpty()) {
            m_stats.pieceReceived(StatsRecorder::PieceKind::Thinking);
            relay({ { ThinkTagSplitter::Piece::Kind::Thinking, thinking } });
            break;
        }
    }
    const QString content = delta.value(QLatin1String("content")).toString();
    if (content.isEmpty())
        return;
    const QList<ThinkTagSplitter::Piece> pieces = m_splitter.feed(content);
    m_stats.pieceReceived(kindOf(pieces, m_splitter.thinking()));
    relay(pieces);
}

void OpenAiAgent::relay(const QList<ThinkTagSplitter::Piece> &pieces)
{
    for (const ThinkTagSplitter::Piece &piece : pieces) {
        if (piece.kind == ThinkTagSplitter::Piece::Kind::Thinking) {
            m_thinking += piece.text;
            emit messageProduced(Message::make(MessageType::Reasoning, piece.text));
        } else {
            m_answer += piece.text;
            emit messageProduced(Message::make(MessageType::Delta, piece.text));
        }
    }
}

void OpenAiAgent::onReplyFinished()
{
    // What arrived with the end is read first: it may hold [DONE], or the
    // rest of an error body.
    onReadyRead();
    if (!m_running || !m_reply)
        return;
    const int status = httpStatus();
    const QNetworkReply::NetworkError error = m_reply->error();
    if (status != 0 && status != 200) {
        const UpstreamError failure
            = UpstreamError::fromResponse(status, m_errorBody, m_model, m_options.baseUrl);
        fail(failure.reason, failure.status);
        return;
    }
    if (error != QNetworkReply::NoError) {
        fail(status == 200
                ? QStringLiteral("the connection to the LLM server broke before the answer was "
                                 "complete: %1")
                      .arg(m_reply->errorString())
                : QStringLiteral("cannot reach the LLM server at %1: %2")
                      .arg(m_options.baseUrl.toDisplayString(), m_reply->errorString()),
            502);
        return;
    }
    m_parser.finish();
    // Some servers end the stream after the finish reason without [DONE].
    if (m_finishReasonSeen)
        complete();
    else
        fail(
            QStringLiteral("the LLM server closed the stream before the answer was complete"), 502);
}

void OpenAiAgent::complete()
{
    if (!m_running)
        return;
    if (m_tools.hasCalls()) {
        // The model asked for tools: they run, and then it is asked again.
        m_silenceTimer.stop();
        dropReply();
        if (!m_answer.isEmpty() && !m_answer.endsWith(QLatin1String("\n\n"))) {
            m_answer += QLatin1String("\n\n");
            emit messageProduced(Message::make(MessageType::Delta, QStringLiteral("\n\n")));
        }
        m_tools.runRound();
        return;
    }
    m_running = false;
    m_silenceTimer.stop();
    dropReply();
    relay(m_splitter.finish());
    // The whole answer replaces the pieces: it is what the history keeps.
    if (!m_answer.isEmpty() || !m_thinking.isEmpty())
        emit messageProduced(Message::make(MessageType::Assistant, m_answer, 200,
            { { QStringLiteral("stats"), m_stats.stats().toJson() } }));
    emit finished();
}

void OpenAiAgent::fail(const QString &reason, int status)
{
    if (!m_running)
        return;
    m_running = false;
    m_silenceTimer.stop();
    dropReply();
    m_tools.cancel();
    emit failed(reason, status);
}

void OpenAiAgent::dropReply()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    disconnect(reply, nullptr, this, nullptr);
    reply->abort();
    reply->deleteLater();
}

} // namespace rill
