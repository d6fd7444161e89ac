#pragma once

#include "server/agent/agent.h"
#include "server/http/chatrequest.h"
#include "server/http/session.h"

#include <QHash>
#include <QHostAddress>
#include <QHttpServer>
#include <QObject>
#include <QUrl>

#include <chrono>

namespace rill {

class ChatRun;

// Rill's HTTP server: the /chat stream, /health and the demo page, over one
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
        ChatRequestLimits limits;
        SessionBufferLimits buffer;
        // Benchmarks: stamp each event with `sentUs` (see ChatRun::setStampSendTime).
        bool stampSendTime = false;
    };

    explicit ChatServer(AgentFactory agentFactory, QObject *parent = nullptr);
    ChatServer(AgentFactory agentFactory, Options options, QObject *parent = nullptr);
    ~ChatServer() override;

    // Returns false (and errorString() says why) when the address cannot be bound.
    bool listen(const QHostAddress &address, quint16 port = 0);
    quint16 port() const { return m_port; }
    QUrl url() const;
    QString errorString() const { return m_error; }

    int activeRunCount() const { return int(m_runs.size()); }

signals:
    // A run began streaming; the agent object lives until runEnded.
    void runStarted(rill::Agent *agent);
    // `completed` is false when the run was cancelled or its client never came back.
    void runEnded(bool completed);

private:
    void setupRoutes();
    void handleChat(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void startRun(const QHttpServerRequest &request, QHttpServerResponder &&responder,
        const ChatRequest &chat);
    void resume(const QHttpServerRequest &request, QHttpServerResponder &&responder,
        const ChatRequest &chat);
    void cancelRun(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void handleHealth(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void handleIndex(const QHttpServerRequest &request, QHttpServerResponder &&responder);

    AgentFactory m_agentFactory;
    Options m_options;
    QHttpServer m_http;
    SessionStore m_sessions;
    QHash<QString, ChatRun *> m_runs; // by session id: at most one run per session
    QHostAddress m_address;
    quint16 m_port = 0;
    QString m_error;
};

} // namespace rill
