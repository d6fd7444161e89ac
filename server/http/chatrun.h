#pragma once

#include "server/agent/agent.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>
#include <functional>
#include <memory>

namespace rill {

class Session;
class SseStream;

// One agent run relayed to SSE: the agent's signals come in, stamped events go
// out to the attached stream the moment each happens, and into the session's
// resume buffer. It ends the stream with `done` (after an `error` when the
// agent failed). When the client drops, the run waits `resumeGrace` for it to
// come back with Last-Event-ID before cancelling the agent, unless the agent
// waits for a person's answer (a tool call's approval): then it waits on. It deletes itself
// once ended.
class ChatRun : public QObject
{
    Q_OBJECT
public:
    ChatRun(std::shared_ptr<Session> session, std::unique_ptr<Agent> agent,
        std::chrono::milliseconds resumeGrace, QObject *parent = nullptr);
    ~ChatRun() override;

    // Streams from now on to `stream` (already opened and given any replay);
    // a previous stream, if one is still attached, is closed.
    void attach(SseStream *stream);
    // What a resumed client is handed once its replay, up to the session's last
    // event as it is now, is sent: what the run writes after that cursor, from
    // the session's buffer, then the run's live tail. A backend may call it later
    // than now, so nothing falls between; if the run is gone by then, the stream
    // is closed.
    static std::function<void(SseStream *)> followFrom(
        QPointer<ChatRun> run, std::shared_ptr<Session> session);
    void start(const AgentRequest &request);
    // Benchmarks: each event gets a `sentUs` field, the wall-clock time in
    // microseconds since the Unix epoch just before it is written.
    void setStampSendTime(bool on) { m_stampSendTime = on; }

    // Asked when the resume grace ends with no client here: whether clients follow
    // the run through a shared store on other servers. `answer(true)` keeps the run
    // for another grace period. Unset (the in-process backend): the run ends.
    using WatchedElsewhere = std::function<void(std::function<void(bool watched)> answer)>;
    void setWatchedElsewhere(WatchedElsewhere ask) { m_watchedElsewhere = std::move(ask); }

    Agent *agent() const { return m_agent.get(); }
    const std::shared_ptr<Session> &session() const { return m_session; }
    int eventCount() const { return m_events; }
    qint64 elapsedMs() const { return m_clock.elapsed(); }

public slots:
    // Ends the run now: the agent is cancelled, the stream ends with a `done`
    // event whose `state` is "cancelled".
    void cancel();
    // Ends the run now with an `error` event (then `done`), as a failed agent does.
    void endWithError(const QString &reason, int status);

signals:
    // The run is over; `completed` is false when it was cancelled or abandoned.
    void ended(bool completed);
    // Event `seq` was stamped and kept in the session (and sent to a client if one
    // is attached), in order: what a shared store writes to its log.
    void eventStored(qint64 seq, const QByteArray &event);

private slots:
    void relay(const rill::Message &message);
    void onFinished();
    void onFailed(const QString &reason, int status);
    void onClientDisconnected();
    void onAwaitingPerson(bool waiting);

private:
    void send(Message message);
    static void stampSendTime(QByteArray &event);
    void end(bool completed);
    void onGraceOver();

    std::shared_ptr<Session> m_session;
    std::unique_ptr<Agent> m_agent;
    SseStream *m_stream = nullptr;
    QTimer m_graceTimer;
    WatchedElsewhere m_watchedElsewhere;
    QElapsedTimer m_clock;
    int m_events = 0;
    bool m_ended = false;
    bool m_awaitingPerson = false; // no grace timer while a person is to answer
    bool m_stampSendTime = false;
};

} // namespace rill
