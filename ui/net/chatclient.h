#pragma once

#include "server/protocol/chatoptions.h"
#include "server/protocol/message.h"
#include "server/protocol/runstats.h"
#include "server/protocol/sseevent.h"
#include "server/protocol/sseparser.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonValue>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <chrono>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace rill {

// Talks to a Rill server, or any server speaking the seed's SSE format, and
// turns the stream into typed signals the moment each event arrives:
// POST /chat, bytes from readyRead through SseParser, one signal per event.
// A lost connection is resumed with Last-Event-ID after the stream's retry
// time; a stream silent for twice the heartbeat counts as lost.
class ChatClient : public QObject
{
    Q_OBJECT
public:
    enum class State { Idle, Connecting, Streaming, Reconnecting };
    Q_ENUM(State)
    // Why the last run ended without its done event, as far as the window
    // can act on it.
    enum class Failure {
        None, // it completed, or was stopped
        Unreachable, // no connection to the server at all
        ConnectionLost, // the stream broke and could not be resumed
        SessionUnknown, // the server no longer knows the session (it restarted)
        Agent, // the agent reported an error (its LLM server was unreachable, say)
        Other, // an HTTP error or an answer that is not an event stream
    };
    Q_ENUM(Failure)

    explicit ChatClient(QObject *parent = nullptr);
    ~ChatClient() override;

    // The server's base URL, e.g. http://127.0.0.1:8000/ ; /chat is resolved against it.
    void setServerUrl(const QUrl &url);
    QUrl serverUrl() const { return m_serverUrl; }
    void setToken(const QString &token) { m_token = token; }
    QString token() const { return m_token; }
    // Sent as Accept-Language, so the agent answers in the UI's language.
    void setLanguage(const QString &language) { m_language = language; }
    // No byte for this long means the connection is lost (default 30 s: 2 × heartbeat).
    void setIdleTimeout(std::chrono::milliseconds timeout);
    // How often to try again before giving up on a lost stream (default 5).
    void setMaxReconnects(int attempts) { m_maxReconnects = attempts; }

    State state() const { return m_state; }
    bool isBusy() const { return m_state != State::Idle; }
    // The conversation's id as the server named it; empty before the first event.
    QString sessionId() const { return m_sessionId; }
    void setSessionId(const QString &id) { m_sessionId = id; }
    Failure lastFailure() const { return m_failure; }
    // Whether sending the last message again may help: the server could not
    // be reached, the connection broke, the session was forgotten, or the
    // agent failed (often for a reason of its own that passes).
    bool canRetry() const { return m_failure != Failure::None && m_failure != Failure::Other; }

    // The body of POST /chat: {"sessionId", "message", "history", "options"},
    // each only when it has something (a bare body is the seed's new session).
    static QByteArray requestBody(const QString &sessionId, const QString &message,
        const QJsonArray &history, const ChatOptions &options);

public slots:
    // Starts a run: POST /chat with {"sessionId", "message", "history",
    // "options"}. Ignored while busy. `history` is the conversation so far as
    // this window kept it ([{"type": "user"|"assistant", "content"}]), for a
    // server that restarted; `options` the model and parameters asked for.
    void send(const QString &message, const QJsonArray &history = {},
        const rill::ChatOptions &options = {});
    // Sends the last message again, with the history and options it had; ignored while busy.
    void retry();
    // Aborts the stream; the server sees the disconnect and cancels the run.
    void stop();
    // Forgets the session id, so the next send starts a new conversation.
    void startNewSession();
    // Answers a tool call's `approval` event: "allow", "allow-always" or
    // "deny", posted to /chat/approval for this session. A refusal other than
    // 409 (someone else answered first) comes back as approvalAnswerFailed().
    void answerApproval(const QString &callId, const QString &decision);

signals:
    // The server would not take an approval answer, in plain words.
    void approvalAnswerFailed(const QString &reason);
    void stateChanged(rill::ChatClient::State state);
    // A request went out: a new run (resume false) or a reconnect to the same one.
    // msSinceRequest in rawEventReceived counts from the latest of these.
    void requestSent(bool resume);
    // Every event as parsed, before interpretation (for the stream inspector).
    // Events that arrived in the same read carry the same time.
    void rawEventReceived(const rill::SseEvent &event, qint64 msSinceRequest);
    // Every message, then one of the typed signals below for known types.
    void messageReceived(const rill::Message &message);
    void assistantMessageReceived(const QString &content);
    void planningStepReceived(int step, const QString &title);
    void stepStateChanged(int step, const QString &state, const QString &detail);
    // A tool call's detail, from its planning, approval or step events.
    void stepToolReceived(int step, const QString &tool, const QJsonValue &arguments,
        const std::optional<QString> &result);
    // A tool call waits for Allow / Deny (answerApproval()).
    void approvalRequested(int step, const QString &callId);
    void deltaReceived(const QString &text);
    // A piece of the model's thinking, before (or between) the pieces of its answer.
    void reasoningReceived(const QString &text);
    // The figures of the answer just received (after assistantMessageReceived).
    void answerStatsReceived(const rill::RunStats &stats);
    // An `error` event from the agent, or a transport/HTTP failure, readable as is.
    void errorOccurred(const QString &reason);
    // The run is over: `done` arrived, the stream ended, it was stopped or it failed.
    void streamFinished();

private:
    void openStream(bool resume);
    // Checks the answer is an event stream; ends the run with an error if not.
    bool acceptHead();
    void onReadyRead();
    void onReplyFinished();
    void handleEvent(const SseEvent &event, qint64 arrivedMs);
    void handleMessage(const Message &message);
    void emitToolDetail(const Message &message);
    void connectionLost(const QString &why);
    // A readable reason for an HTTP error answer (401, 403 and 503 say what to do).
    QString httpErrorText(int status, QNetworkReply *reply);
    void finish(const QString &error = {}, Failure failure = Failure::Other);
    void setState(State state);
    void dropReply();

    QNetworkAccessManager *m_network;
    QPointer<QNetworkReply> m_reply;
    SseParser m_parser;
    QTimer m_idleTimer;
    QTimer m_reconnectTimer;
    QElapsedTimer m_requestClock;
    QUrl m_serverUrl;
    QString m_token;
    QString m_language = QStringLiteral("zh_CN");
    QString m_sessionId;
    QString m_pendingMessage;
    QJsonArray m_pendingHistory;
    ChatOptions m_pendingOptions;
    // The id of the last event dispatched (not the parser's id buffer, which
    // may already hold the id of an event cut off by the drop).
    QString m_lastEventId;
    State m_state = State::Idle;
    Failure m_failure = Failure::None;
    int m_reconnects = 0;
    int m_maxReconnects = 5;
    bool m_headersChecked = false;
    bool m_sawDone = false;
};

} // namespace rill
