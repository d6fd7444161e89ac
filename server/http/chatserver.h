#pragma once

#include "server/agent/agent.h"
#include "server/agent/toolapproval.h"
#include "server/http/accesspolicy.h"
#include "server/http/chatrequest.h"
#include "server/http/connectionguard.h"
#include "server/http/sessionbackend.h"
#include "server/http/sessionstore.h"

#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QHttpServer>
#include <QObject>
#include <QSslConfiguration>
#include <QTimer>
#include <QUrl>

#include <chrono>
#include <optional>

namespace rill {

class ChatRun;
class PendingReply;
class SseStream;

// Rill's HTTP server: the /chat stream, /chat/approval, /health and the demo page, over one
// QHttpServer. It knows agents only through the factory it is given.
class ChatServer : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        std::chrono::milliseconds heartbeat { std::chrono::seconds(15) };
        // What clients are told to wait before reconnecting (the `retry:` field).
        std::chrono::milliseconds retry { 1000 };
        // How long a run outlives a dropped client, waiting for it to resume.
        std::chrono::milliseconds resumeGrace { std::chrono::seconds(5) };
        // How long a finished run's events stay in the session for clients that resume;
        // after that only their count is kept (a late resume gets 204 or the 410 error).
        std::chrono::milliseconds finishedRunReplay { std::chrono::seconds(5) };
        // ... and all finished runs' events together take at most this much; past it the
        // oldest finished run's go first (FinishedReplay).
        qsizetype finishedRunReplayBytes = 32 * 1024 * 1024;
        ChatRequestLimits limits;
        SessionBufferLimits buffer;
        // A session nobody used for this long is forgotten, unless its run is live.
        std::chrono::milliseconds sessionIdle { std::chrono::minutes(30) };
        // What each session keeps of its conversation for the agent.
        SessionHistoryLimits history;
        // Sessions kept at once: one more pushes out the one idle for longest; when
        // every one has a live run, a new session gets 503 with Retry-After. As many
        // as maxStreams, so that every open stream can have a session of its own.
        int maxSessions = 10000;
        // Open event streams at once; more get 503 with Retry-After.
        int maxStreams = 10000;
        // A client that leaves more than this unread is dropped (and may resume).
        qint64 maxUnsentBytes = 1024 * 1024;
        // Request heads, timeouts and connections that are not streams, checked
        // before QHttpServer reads anything; the body bound is limits.maxBodyBytes.
        ConnectionLimits connection;
        AccessSettings access;
        // Set: serve HTTPS only.
        std::optional<QSslConfiguration> tls;
        // The model and parameters of a run whose client asks for none (or, with
        // lockOptions, whatever it asks for).
        ChatOptions defaultOptions;
        bool lockOptions = false;
        // Benchmarks: stamp each event with `sentUs` (see ChatRun::setStampSendTime).
        bool stampSendTime = false;
        // The tool calls waiting for approval, answered by POST /chat/approval;
        // none: every answer is 404. Calls wait in this process: with a shared
        // session store, a client must post to the instance that runs the call.
        QPointer<ToolApprovals> approvals;
    };

    explicit ChatServer(AgentFactory agentFactory, QObject *parent = nullptr);
    ChatServer(AgentFactory agentFactory, Options options, QObject *parent = nullptr);
    // Sessions and runs kept by `backend` (the default keeps them in this process).
    ChatServer(AgentFactory agentFactory, Options options, std::unique_ptr<SessionBackend> backend,
        QObject *parent = nullptr);
    ~ChatServer() override;

    // Returns false (and errorString() says why) when the address cannot be bound.
    bool listen(const QHostAddress &address, quint16 port = 0);
    quint16 port() const { return m_port; }
    QUrl url() const;
    QString errorString() const { return m_error; }

    // Runs going on this server.
    int activeRunCount() const { return m_backend->activeRunCount(); }
    int openStreamCount() const { return m_openStreams; }
    int sessionCount() const { return m_backend->sessionCount(); }

    // Runs started from now on use `agentFactory`; runs under way keep their agent.
    void setAgentFactory(AgentFactory agentFactory) { m_agentFactory = std::move(agentFactory); }

signals:
    // A run began streaming; the agent object lives until runEnded.
    void runStarted(rill::Agent *agent);
    // `completed` is false when the run was cancelled or its client never came back.
    void runEnded(bool completed);
    // Idle sessions were forgotten.
    void sessionsExpired(int count);

private:
    void setupRoutes();
    void handleChat(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void startRun(const QHttpServerRequest &request, QHttpServerResponder &&responder,
        const ChatRequest &chat);
    void runClaimed(const std::shared_ptr<PendingReply> &pending, const ChatRequest &chat,
        const SessionBackend::Claim &claim);
    void resume(const QHttpServerRequest &request, QHttpServerResponder &&responder,
        const ChatRequest &chat);
    void resumeAnswered(
        const std::shared_ptr<PendingReply> &pending, qint64 seq, SessionBackend::Resume resume);
    void cancelRun(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void handleApproval(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void handleHealth(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    // Answers 501 itself for a method this server does not know at all, 405
    // (with Allow) for a known one it does not serve on `allowed`'s path.
    bool methodServed(QHttpServerResponder &responder, const QHttpServerRequest &request,
        const QList<QByteArray> &allowed);
    void handleWebAsset(
        const QString &path, const QHttpServerRequest &request, QHttpServerResponder &&responder);
    // Answers 401/403 itself and returns false when the request may not go on.
    bool admit(const QHttpServerRequest &request, QHttpServerResponder &responder, bool open);
    // Answers 503 itself and returns false when no stream may be opened now.
    bool streamAvailable(const QHttpServerRequest &request, QHttpServerResponder &responder);
    SseStream *openStream(PendingReply &pending);
    void replyError(const QHttpServerRequest &request, QHttpServerResponder &responder,
        const QElapsedTimer &clock, int status, const QString &reason,
        const HttpHeaders &extraHeaders = {});
    void expireSessions();

    AgentFactory m_agentFactory;
    Options m_options;
    QHttpServer m_http;
    AccessPolicy m_access;
    ConnectionGuards m_guards;
    std::unique_ptr<SessionBackend> m_backend;
    QTimer m_expiryTimer;
    int m_openStreams = 0;
    QHostAddress m_address;
    quint16 m_port = 0;
    QString m_error;
};

} // namespace rill
