#pragma once

#include "server/http/sessionbackend.h"
#include "server/http/finishedreplay.h"
#include "server/http/sessionstore.h"

#include <QHash>
#include <QObject>

#include <chrono>

namespace rill {

// Sessions and runs inside this process, as one server alone has them: the
// sessions in a SessionStore, each run's events in its session's resume
// buffer, and a run's clients attached to the run itself.
class MemorySessionBackend : public QObject, public SessionBackend
{
    Q_OBJECT
public:
    // A finished run's events stay for `finishedRunReplay`, for clients that
    // resume, and all finished runs' together in `finishedRunReplayBytes` (oldest
    // out first); after that only their count is kept.
    MemorySessionBackend(SessionStoreLimits limits, std::chrono::milliseconds finishedRunReplay,
        qsizetype finishedRunReplayBytes, QObject *parent = nullptr);
    ~MemorySessionBackend() override;

    void claim(const QString &id, std::function<void(Claim)> done) override;
    void adopt(ChatRun *run) override;
    void resume(const QString &id, qint64 afterSeq, std::function<void(Resume)> done) override;
    void stop(const QString &id, std::function<void(StopOutcome)> done) override;
    qsizetype expireIdle(std::chrono::milliseconds idle) override;
    int sessionCount() const override { return int(m_sessions.size()); }
    int activeRunCount() const override { return int(m_runs.size()); }
    void shutDown() override;

private:
    void onRunEnded(ChatRun *run);

    SessionStore m_sessions;
    FinishedReplay m_finishedReplay;
    QHash<QString, ChatRun *> m_runs; // by session id: at most one run per session
};

} // namespace rill
