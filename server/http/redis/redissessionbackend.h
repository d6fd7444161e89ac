#pragma once

#include "server/http/redis/redisconnection.h"
#include "server/http/redis/rediseventlog.h"
#include "server/http/session.h"
#include "server/http/sessionbackend.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <chrono>
#include <memory>

namespace rill {

class RedisAppendBatch;
class RedisRunKeeper;

// Sessions and runs in Redis, shared by every server that uses the same Redis
// (issue 18): a session's record (history, last seq, run state, owner, cancel
// flag) in a hash, its events in a Stream (RedisEventLog), the live runs by
// lease deadline in one sorted set. Claims, stops and take-overs are Lua
// scripts (redisscripts.h), so two servers never decide alike at once. A run
// goes on this server, which writes each of its events to the log after
// sending it to its own client; a client that resumes on another server reads
// the log from its own cursor (RedisFollow). Redis away: new streams, resumes
// and stops get 503; runs going here carry on for their own clients and their
// events are written to the log from the session's buffer once Redis is back.
class RedisSessionBackend : public QObject, public SessionBackend
{
    Q_OBJECT
public:
    struct Options
    {
        SessionBufferLimits buffer;
        SessionHistoryLimits history;
        // A session unused this long expires (its keys' TTL).
        std::chrono::milliseconds sessionIdle { std::chrono::minutes(30) };
        // A finished run's events stay this long in the log.
        std::chrono::milliseconds finishedRunReplay { std::chrono::seconds(5) };
        // A run whose server renews no lease for this long is ended by another.
        std::chrono::milliseconds lease { std::chrono::seconds(15) };
        RedisConnection::Options connection;
    };

    RedisSessionBackend(RedisAddress address, Options options, QObject *parent = nullptr);
    ~RedisSessionBackend() override;

    void claim(const QString &id, std::function<void(Claim)> done) override;
    void adopt(ChatRun *run) override;
    void resume(const QString &id, qint64 afterSeq, std::function<void(Resume)> done) override;
    void stop(const QString &id, std::function<void(StopOutcome)> done) override;
    // Redis expires sessions itself (TTLs).
    qsizetype expireIdle(std::chrono::milliseconds) override { return 0; }
    int sessionCount() const override { return int(m_runs.size()); }
    int activeRunCount() const override;
    void shutDown() override;

    const QByteArray &instanceId() const { return m_instanceId; }
    RedisConnection *connection() { return &m_connection; }

private:
    friend class RedisRunKeeper;
    // A run of this server as Redis has it: what was written of it, and what is
    // still to write (while Redis was away). It outlives its ChatRun until the
    // run's end is written.
    struct StoredRun
    {
        std::shared_ptr<Session> session;
        QPointer<ChatRun> run;
        qint64 storedSeq = 0; // the last event Redis confirmed
        bool adopted = false;
        bool behind = false; // events wait in the session's buffer for Redis
        bool reasserting = false;
        bool ended = false;
        bool historySaved = false;
        bool expirySet = false; // the keys' expiry, set by the run's first append
        bool lost = false; // another server took the run over: write nothing more
    };
    using StoredRunPtr = std::shared_ptr<StoredRun>;

    void claimAnswered(const QString &id, const RedisReply &reply, std::function<void(Claim)> done);
    void resumeLocal(const StoredRunPtr &stored, qint64 afterSeq, Resume &resume);
    void resumeStored(const QString &id, qint64 afterSeq, const QByteArray &state, qint64 lastSeq,
        std::function<void(Resume)> done);
    void onEvent(const StoredRunPtr &stored, qint64 seq, const QByteArray &event);
    void sendAppend(const StoredRunPtr &stored, qint64 seq, const QByteArray &event);
    void onRunEnded(const StoredRunPtr &stored);
    void sendFinish(const StoredRunPtr &stored);
    void saveHistory(const StoredRunPtr &stored);
    void fallBehind(const StoredRunPtr &stored);
    // After a reconnect: claims the run again (Redis may have restarted empty)
    // and writes what the log misses from the session's buffer.
    void reassert(const StoredRunPtr &stored);
    void forget(const StoredRunPtr &stored);
    // Another server holds the run now: it ends here with an error for its clients.
    void runLost(const QString &id);
    // Called by the keeper.
    void cancelLocal(const QString &id);
    void endTakenRun(const QString &id, qint64 lastSeq, const QByteArray &previousOwner);
    void askWatchers(const QString &id, std::function<void(bool)> answer);
    QByteArray historyJson(const Session &session) const;
    // How long a live run's keys live between two renewals: never less than the
    // lease, so that a short --session-idle cannot expire a run under way.
    std::chrono::milliseconds liveTtl() const
    {
        return std::max(m_options.sessionIdle, m_options.lease);
    }

    Options m_options;
    RedisConnection m_connection;
    QByteArray m_instanceId;
    QHash<QString, StoredRunPtr> m_runs; // by session id
    RedisAppendBatch *m_appends = nullptr; // a child
    std::unique_ptr<RedisRunKeeper> m_keeper;
    bool m_shuttingDown = false;
    bool m_warnedScriptError = false;
};

} // namespace rill
