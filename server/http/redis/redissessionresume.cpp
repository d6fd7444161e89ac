// RedisSessionBackend's resume and Stop: a client that comes back, or stops a
// run, on any server.
#include "server/http/chatrun.h"
#include "server/http/redis/redisfollow.h"
#include "server/http/redis/redisscripts.h"
#include "server/http/redis/redissessionbackend.h"
#include "server/http/ssestream.h"

namespace rill {

namespace {

QString unavailableReason(const QByteArray &why)
{
    return QStringLiteral("the session store (Redis) cannot be reached (%1); try again shortly")
        .arg(QString::fromUtf8(why.isEmpty() ? QByteArray("not connected") : why));
}

// A Stop's entry waits this long in its server's list: that server is gone if
// it has not read it by then, and its run is ended by another.
constexpr qint64 kStopListTtlMs = 60000;

} // namespace

void RedisSessionBackend::resume(
    const QString &id, qint64 afterSeq, std::function<void(Resume)> done)
{
    Resume resume;
    resume.sessionId = id;
    if (const StoredRunPtr stored = m_runs.value(id); stored && stored->run) {
        // The run goes on here: its own buffer and stream, as without Redis.
        resumeLocal(stored, afterSeq, resume);
        done(std::move(resume));
        return;
    }
    if (!m_connection.isReady()) {
        resume.outcome = Resume::Outcome::Unavailable;
        resume.reason = unavailableReason({});
        done(std::move(resume));
        return;
    }
    m_connection.command({ "HMGET", redis::sessionKey(id), "state", "lastSeq" },
        [self = QPointer<RedisSessionBackend>(this), id, afterSeq, done = std::move(done)](
            const RedisReply &reply) mutable {
            if (!self)
                return;
            Resume resume;
            resume.sessionId = id;
            if (reply.failed() || reply.elements.size() != 2) {
                resume.outcome = Resume::Outcome::Unavailable;
                resume.reason = unavailableReason(reply.string);
                done(std::move(resume));
                return;
            }
            if (reply.elements.at(0).type == RedisReply::Type::Nil) {
                done(std::move(resume)); // unknown, or expired
                return;
            }
            self->resumeStored(id, afterSeq, reply.elements.at(0).string,
                reply.elements.at(1).string.toLongLong(), std::move(done));
        });
}

void RedisSessionBackend::resumeLocal(const StoredRunPtr &stored, qint64 afterSeq, Resume &resume)
{
    const std::shared_ptr<Session> session = stored->session;
    std::optional<QList<QByteArray>> missed = session->eventsAfter(afterSeq);
    resume.lastSeq = session->lastSeq();
    resume.outcome = missed ? Resume::Outcome::Replay : Resume::Outcome::Gone;
    if (missed)
        resume.missed = std::move(*missed);
    resume.follow = ChatRun::followFrom(stored->run, session);
}

void RedisSessionBackend::resumeStored(const QString &id, qint64 afterSeq, const QByteArray &state,
    qint64 lastSeq, std::function<void(Resume)> done)
{
    const bool running = state == "running";
    if (!running && afterSeq >= lastSeq) {
        Resume resume;
        resume.sessionId = id;
        resume.lastSeq = lastSeq;
        resume.outcome = Resume::Outcome::NothingLeft;
        done(std::move(resume));
        return;
    }
    RedisEventLog log(&m_connection, { m_options.buffer.maxEvents, m_options.sessionIdle });
    log.readAfter(id, afterSeq, lastSeq,
        [self = QPointer<RedisSessionBackend>(this), id, afterSeq, lastSeq, running,
            done = std::move(done)](RedisEventLog::Read read) {
            if (!self)
                return;
            Resume resume;
            resume.sessionId = id;
            resume.lastSeq = lastSeq;
            if (!read.ok) {
                resume.outcome = Resume::Outcome::Unavailable;
                resume.reason = unavailableReason(read.error);
                done(std::move(resume));
                return;
            }
            qint64 cursor = read.gone ? lastSeq : afterSeq;
            bool ended = false;
            if (read.gone) {
                resume.outcome = Resume::Outcome::Gone;
            } else {
                resume.outcome = Resume::Outcome::Replay;
                for (const RedisEventLog::Entry &entry : std::as_const(read.entries)) {
                    resume.missed.append(entry.event);
                    cursor = entry.seq;
                    ended = ended || RedisFollow::isDone(entry.event);
                }
                resume.lastSeq = std::max(lastSeq, cursor);
            }
            if (running && !ended) {
                resume.follow = [self, id, cursor](SseStream *stream) {
                    if (!self) {
                        stream->close();
                        stream->deleteLater();
                        return;
                    }
                    new RedisFollow(
                        &self->m_connection, self->m_options.connection, id, cursor, stream, self);
                };
            }
            done(std::move(resume));
        });
}

void RedisSessionBackend::stop(const QString &id, std::function<void(StopOutcome)> done)
{
    if (const StoredRunPtr stored = m_runs.value(id); stored && stored->run) {
        stored->run->cancel();
        done(StopOutcome::Stopped);
        return;
    }
    if (!m_connection.isReady()) {
        done(StopOutcome::Unavailable);
        return;
    }
    // The flag and the owner's list in one script: the owner hears it at once
    // (its blocking pop), and reads the flag again at its next renewal.
    redis::eval(&m_connection, redis::script::stop, { redis::sessionKey(id), redis::runsKey() },
        { id.toUtf8(), QByteArray::number(kStopListTtlMs) },
        [done = std::move(done)](const RedisReply &reply) {
            if (reply.failed())
                done(StopOutcome::Unavailable);
            else
                done(reply.integer == 1 ? StopOutcome::Stopped : StopOutcome::NoRun);
        });
}

} // namespace rill
