#include "server/http/memorysessionbackend.h"

#include "server/http/chatrun.h"
#include "server/http/session.h"
#include "server/http/ssestream.h"

#include <QPointer>

namespace rill {

MemorySessionBackend::MemorySessionBackend(SessionStoreLimits limits,
    std::chrono::milliseconds finishedRunReplay, qsizetype finishedRunReplayBytes, QObject *parent)
    : QObject(parent)
    , m_sessions(limits, [this](const QString &id) { return m_runs.contains(id); })
    , m_finishedReplay(finishedRunReplay, finishedRunReplayBytes)
{ }

MemorySessionBackend::~MemorySessionBackend()
{
    shutDown();
}

void MemorySessionBackend::claim(const QString &id, std::function<void(Claim)> done)
{
    Claim claim;
    if (!id.isEmpty() && m_runs.contains(id)) {
        claim.outcome = Claim::Outcome::Busy;
        done(std::move(claim));
        return;
    }
    claim.known = !id.isEmpty() && m_sessions.find(id);
    claim.session = m_sessions.obtain(id);
    if (!claim.session) {
        claim.outcome = Claim::Outcome::Full;
        claim.reason = QStringLiteral("too many sessions with a live run (limit %1); try again "
                                      "shortly")
                           .arg(m_sessions.maxSessions());
    }
    done(std::move(claim));
}

void MemorySessionBackend::adopt(ChatRun *run)
{
    m_runs.insert(run->session()->id(), run);
    connect(run, &ChatRun::ended, this, [this, run] { onRunEnded(run); });
}

void MemorySessionBackend::onRunEnded(ChatRun *run)
{
    m_runs.remove(run->session()->id());
    // Without this, every finished run's events would stay until the session idles
    // out (30 min): memory would grow with the number of runs, not of clients.
    m_finishedReplay.keep(run->session());
}

void MemorySessionBackend::resume(
    const QString &id, qint64 afterSeq, std::function<void(Resume)> done)
{
    Resume resume;
    resume.sessionId = id;
    const std::shared_ptr<Session> session = m_sessions.find(id);
    if (!session) {
        done(std::move(resume));
        return;
    }
    ChatRun *run = m_runs.value(id);
    std::optional<QList<QByteArray>> missed = session->eventsAfter(afterSeq);
    resume.lastSeq = session->lastSeq();
    if (missed && missed->isEmpty() && !run) {
        resume.outcome = Resume::Outcome::NothingLeft;
        done(std::move(resume));
        return;
    }
    session->touch();
    resume.outcome = missed ? Resume::Outcome::Replay : Resume::Outcome::Gone;
    if (missed)
        resume.missed = std::move(*missed);
    if (run)
        resume.follow = ChatRun::followFrom(run, session);
    done(std::move(resume));
}

void MemorySessionBackend::stop(const QString &id, std::function<void(StopOutcome)> done)
{
    ChatRun *run = m_runs.value(id);
    if (!run) {
        done(StopOutcome::NoRun);
        return;
    }
    run->cancel();
    done(StopOutcome::Stopped);
}

qsizetype MemorySessionBackend::expireIdle(std::chrono::milliseconds idle)
{
    return m_sessions.expireIdle(idle);
}

void MemorySessionBackend::shutDown()
{
    // Close the streams while their sockets still exist.
    const QList<ChatRun *> runs = m_runs.values();
    m_runs.clear();
    for (ChatRun *run : runs)
        disconnect(run, nullptr, this, nullptr);
    qDeleteAll(runs);
}

} // namespace rill
