#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QRandomGenerator>
#include <QStringList>
#include <QTcpSocket>

class RawSseClient;

// What all scenarios of one stress run share: the server's port, the seeded generator
// (one, used from the event loop's thread only) and the tallies.
struct StressContext
{
    quint16 port = 0;
    QElapsedTimer clock;
    QRandomGenerator rng;
    int resumeDelayMaxMs = 100;
    QStringList failures;

    int opened = 0; // POST and resume streams
    int completed = 0; // read to their `done`
    int cut = 0; // aborted by the client mid-stream
    int resumed = 0; // GET with Last-Event-ID after a cut
    int resumedCompleted = 0;
    int followUps = 0; // a second message to a session whose run had finished
    int deletedLive = 0; // DELETE answered 204: the stream ended without done
    int deletedLate = 0; // DELETE answered 404: the run had finished first
    int halfRequests = 0; // connections dropped before the request was complete
    int garbage = 0; // requests of random bytes
    qint64 events = 0;
    qint64 heartbeats = 0; // `: ping` comments received

    void fail(const QString &what);
    int between(int lowest, int highest) { return int(rng.bounded(lowest, highest + 1)); }
    bool chance(int percent) { return int(rng.bounded(100)) < percent; }
};

// One session's life in the stress test: a POST stream that is read to the end, cut at
// a random point (and perhaps resumed with Last-Event-ID, perhaps cut and resumed again),
// or stopped with DELETE; sometimes a follow-up message to the same session. Every event
// it reads is checked: ids "<sessionId>:<seq>" counting up by one from where the stream
// must start, nothing after `done`, and `done` at the end of every stream the server ends.
class StressScenario : public QObject
{
    Q_OBJECT
public:
    enum class Plan {
        ReadToEnd,
        CutAfterEvents,
        CutAtRandomTime,
        Resume,
        Delete,
        HalfRequest,
        Garbage
    };
    Q_ENUM(Plan)

    StressScenario(StressContext &context, Plan plan, QObject *parent = nullptr);
    void start();
    QString describe() const;

signals:
    void finished();

private:
    void openPost();
    void openResume();
    void watch(RawSseClient *client);
    void onProgress();
    bool takeEvents();
    void onServerClosed();
    void cut();
    void sendDelete();
    void onDeleteAnswered();
    void startHalfRequest();
    void startGarbage();
    void end();
    void fail(const QString &what);

    StressContext &m_context;
    Plan m_plan;
    QPointer<RawSseClient> m_stream;
    QPointer<RawSseClient> m_delete;
    QTcpSocket *m_half = nullptr;
    QString m_sessionId; // learnt from the first event's id
    qint64 m_lastSeq = 0; // the last seq read in this session
    qint64 m_nextSeq = 1; // what the current stream's next event must carry
    qsizetype m_taken = 0; // events of the current stream checked so far
    int m_cutAfter = -1; // cut the current stream after this many of its events
    int m_deleteAfter = -1;
    int m_deleteStatus = 0;
    int m_resumesLeft = 0;
    bool m_resuming = false;
    bool m_sawDone = false;
    bool m_sawCancelled = false;
    bool m_followUpDone = false;
    bool m_closing = false;
    bool m_ended = false;
};
