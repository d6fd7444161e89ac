#pragma once

#include "server/agent/agent.h"

#include <QElapsedTimer>
#include <QObject>

#include <memory>

namespace rill {

class Session;
class SseStream;

// One agent run relayed to one SSE stream: the agent's signals come in, stamped
// events go out, the moment each happens. It ends the stream with `done`
// (after an `error` when the agent failed), and cancels the agent when the
// client goes away. It deletes itself once ended.
class ChatRun : public QObject
{
    Q_OBJECT
public:
    ChatRun(std::shared_ptr<Session> session, std::unique_ptr<Agent> agent, SseStream *stream,
        QObject *parent = nullptr);
    ~ChatRun() override;

    void start(const AgentRequest &request);

    Agent *agent() const { return m_agent.get(); }
    int eventCount() const { return m_events; }
    qint64 elapsedMs() const { return m_clock.elapsed(); }

signals:
    // The run is over, completed or not; `clientGone` tells which.
    void ended(bool clientGone);

private slots:
    void relay(const rill::Message &message);
    void onFinished();
    void onFailed(const QString &reason, int status);
    void onClientDisconnected();

private:
    void send(Message message);
    void end(bool clientGone);

    std::shared_ptr<Session> m_session;
    std::unique_ptr<Agent> m_agent;
    SseStream *m_stream;
    QElapsedTimer m_clock;
    int m_events = 0;
    bool m_ended = false;
};

} // namespace rill
