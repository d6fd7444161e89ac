#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <chrono>
#include <functional>
#include <memory>

namespace rill {

class ChatRun;
class Session;
class SseStream;

// Where sessions, their events and their runs live, and where it is decided
// which server runs a session: in this process (MemorySessionBackend) or in a
// store shared by several servers. The HTTP layer asks its backend and does
// not know which one it has. Answers come through callbacks, which a backend
// in this process calls at once and a shared one when its store has answered.
class SessionBackend
{
public:
    virtual ~SessionBackend() = default;

    struct Claim
    {
        enum class Outcome {
            Claimed, // `session` is this server's to run
            Busy, // the session's run is still going (here or elsewhere): 409
            Full, // no room for a new session: 503, `reason` says why
            Unavailable, // the store cannot be reached: 503, `reason` says why
        };
        Outcome outcome = Outcome::Claimed;
        std::shared_ptr<Session> session;
        // The session existed before: its own history wins over the client's.
        bool known = false;
        QString reason;
    };
    // Takes session `id` (a new one when empty) for a run on this server; at
    // most one run per session goes at a time, wherever it runs. A Claimed
    // answer must be followed by adopt() of the run.
    virtual void claim(const QString &id, std::function<void(Claim)> done) = 0;
    // Keeps track of a run started on this server for a claimed session until
    // it ends (ChatRun::ended).
    virtual void adopt(ChatRun *run) = 0;

    struct Resume
    {
        enum class Outcome {
            UnknownSession, // 404
            NothingLeft, // the run is over and nothing is missed: 204
            Gone, // some missed events are no longer kept: an in-band 410
            Replay, // `missed`, then `follow` when the run is live
            Unavailable, // the store cannot be reached: 503, `reason` says why
        };
        Outcome outcome = Outcome::UnknownSession;
        QString sessionId;
        qint64 lastSeq = 0; // the run's last event (the id of an aside)
        QList<QByteArray> missed; // encoded events after the cursor, in order
        // Set while the run is live: hands `stream` (opened, and given the
        // replay) the rest of the run's events; it then owns the stream.
        std::function<void(SseStream *)> follow;
        QString reason;
    };
    // What a client that saw events up to `afterSeq` of session `id` gets.
    virtual void resume(const QString &id, qint64 afterSeq, std::function<void(Resume)> done) = 0;

    enum class StopOutcome { Stopped, NoRun, Unavailable };
    // Stops the session's run, wherever it runs.
    virtual void stop(const QString &id, std::function<void(StopOutcome)> done) = 0;

    // Forgets the sessions unused for longer than `idle` (never one with a live
    // run); returns how many went. A store that expires entries itself returns 0.
    virtual qsizetype expireIdle(std::chrono::milliseconds idle) = 0;
    virtual int sessionCount() const = 0;
    // Runs going on this server.
    virtual int activeRunCount() const = 0;
    // Ends this server's runs now: it is shutting down.
    virtual void shutDown() = 0;
};

} // namespace rill
