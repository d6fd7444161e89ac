#include "server/http/redis/redissessionbackend.h"

#include "server/http/chatrun.h"
#include "server/http/redis/redisappendbatch.h"
#include "server/http/redis/redisfollow.h"
#include "server/http/redis/redisrunkeeper.h"
#include "server/http/redis/redisscripts.h"
#include "server/http/ssestream.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QUuid>

Q_DECLARE_LOGGING_CATEGORY(lcRedis)

namespace rill {

namespace {

QByteArray ms(std::chrono::milliseconds duration)
{
    return QByteArray::number(qint64(duration.count()));
}

QString unavailable(const QByteArray &why)
{
    return QStringLiteral("the session store (Redis) cannot be reached (%1); try again shortly")
        .arg(QString::fromUtf8(why.isEmpty() ? QByteArray("not connected") : why));
}

} // namespace

RedisSessionBackend::RedisSessionBackend(RedisAddress address, Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_connection(std::move(address), m_options.connection)
    // Names this server in Redis (run owner, its Stop list): new at each start,
    // so that a restarted server never mistakes a dead one's runs for its own.
    , m_instanceId(QUuid::createUuid().toByteArray(QUuid::Id128).left(12))
{
    connect(&m_connection, &RedisConnection::ready, this, [this] {
        // Ahead of anything written from here on (Redis may have restarted empty).
        redis::loadScripts(&m_connection);
        for (const StoredRunPtr &stored : m_runs)
            if (stored->behind)
                reassert(stored);
    });
    connect(&m_connection, &RedisConnection::lost, this, [this] {
        for (const StoredRunPtr &stored : m_runs)
            fallBehind(stored);
    });
    m_appends = new RedisAppendBatch(
        &m_connection, m_instanceId, m_options.buffer.maxEvents, liveTtl(), this);
    m_keeper = std::make_unique<RedisRunKeeper>(this, m_options.lease, m_options.connection);
    m_connection.open();
    m_keeper->start();
}

RedisSessionBackend::~RedisSessionBackend()
{
    shutDown();
}

int RedisSessionBackend::activeRunCount() const
{
    int live = 0;
    for (const StoredRunPtr &stored : m_runs)
        live += stored->run ? 1 : 0;
    return live;
}

void RedisSessionBackend::claim(const QString &id, std::function<void(Claim)> done)
{
    Claim claim;
    if (!id.isEmpty() && m_runs.contains(id) && m_runs.value(id)->run) {
        claim.outcome = Claim::Outcome::Busy;
        done(std::move(claim));
        return;
    }
    if (!m_connection.isReady()) {
        claim.outcome = Claim::Outcome::Unavailable;
        claim.reason = unavailable({});
        done(std::move(claim));
        return;
    }
    const QString sessionId
        = id.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : id;
    redis::eval(&m_connection, redis::script::claim,
        { redis::sessionKey(sessionId), redis::runsKey() },
        { sessionId.toUtf8(), m_instanceId, ms(m_options.lease), ms(liveTtl()) },
        [self = QPointer<RedisSessionBackend>(this), sessionId, done = std::move(done)](
            const RedisReply &reply) mutable {
            if (self)
                self->claimAnswered(sessionId, reply, std::move(done));
        });
}

void RedisSessionBackend::claimAnswered(
    const QString &id, const RedisReply &reply, std::function<void(Claim)> done)
{
    Claim claim;
    if (reply.failed() || reply.elements.isEmpty()) {
        claim.outcome = Claim::Outcome::Unavailable;
        claim.reason = unavailable(reply.string);
        done(std::move(claim));
        return;
    }
    if (reply.elements.at(0).integer == 0 || reply.elements.size() < 4) {
        claim.outcome = Claim::Outcome::Busy;
        done(std::move(claim));
        return;
    }
    auto session = std::make_shared<Session>(id, m_options.buffer, m_options.history);
    session->continueAfter(reply.elements.at(3).string.toLongLong());
    const QJsonArray history = QJsonDocument::fromJson(reply.elements.at(2).string).array();
    for (const QJsonValue &turn : history) {
        if (auto message = Message::fromJson(QJsonDocument(turn.toObject()).toJson()))
            session->appendHistory(*message);
    }
    auto stored = std::make_shared<StoredRun>();
    stored->session = session;
    stored->storedSeq = session->lastSeq();
    m_runs.insert(id, stored);
    claim.session = session;
    claim.known = reply.elements.at(1).integer == 1;
    done(std::move(claim));
    if (!stored->adopted) {
        // The client left before its run started: the claim goes back.
        stored->ended = true;
        sendFinish(stored);
    }
}

void RedisSessionBackend::adopt(ChatRun *run)
{
    const StoredRunPtr stored = m_runs.value(run->session()->id());
    if (!stored)
        return;
    stored->run = run;
    stored->adopted = true;
    std::weak_ptr<StoredRun> weak = stored;
    connect(run, &ChatRun::eventStored, this, [this, weak](qint64 seq, const QByteArray &event) {
        if (const StoredRunPtr stored = weak.lock())
            onEvent(stored, seq, event);
    });
    connect(run, &ChatRun::ended, this, [this, weak] {
        if (const StoredRunPtr stored = weak.lock())
            onRunEnded(stored);
    });
    const QString id = run->session()->id();
    run->setWatchedElsewhere(
        [self = QPointer<RedisSessionBackend>(this), id](std::function<void(bool)> answer) {
            if (self)
                self->askWatchers(id, std::move(answer));
        });
}

void RedisSessionBackend::onEvent(const StoredRunPtr &stored, qint64 seq, const QByteArray &event)
{
    if (stored->lost)
        return;
    if (!stored->historySaved) {
        // The user's turn is in the history by the run's first event: a server that
        // takes the session's next turn sees it even if this one dies meanwhile.
        stored->historySaved = true;
        saveHistory(stored);
    }
    if (stored->behind || !m_connection.isReady()) {
        fallBehind(stored);
        return; // kept in the session's buffer until Redis is back
    }
    sendAppend(stored, seq, event);
}

void RedisSessionBackend::sendAppend(
    const StoredRunPtr &stored, qint64 seq, const QByteArray &event)
{
    const QString &id = stored->session->id();
    std::weak_ptr<StoredRun> weak = stored;
    const bool refresh = !stored->expirySet;
    stored->expirySet = true;
    m_appends->add(id, seq, event, refresh,
        [self = QPointer<RedisSessionBackend>(this), weak, seq](const RedisReply &reply) {
            const StoredRunPtr stored = weak.lock();
            if (!self || !stored)
                return;
            if (reply.type == RedisReply::Type::NoAnswer) {
                self->fallBehind(stored);
            } else if (reply.type == RedisReply::Type::Error) {
                if (!self->m_warnedScriptError)
                    qCWarning(lcRedis).noquote() << "Redis refused an event of session"
                                                 << stored->session->id() << ":" << reply.string;
                self->m_warnedScriptError = true;
            } else if (reply.integer == -1) {
                // Not this server's run as Redis has it (it restarted empty, or another
                // server took the run over): reassert() finds out which.
                self->fallBehind(stored);
                if (self->m_connection.isReady())
                    self->reassert(stored);
            } else {
                stored->storedSeq = std::max(stored->storedSeq, seq);
            }
        });
}

void RedisSessionBackend::fallBehind(const StoredRunPtr &stored)
{
    stored->behind = true;
}

void RedisSessionBackend::saveHistory(const StoredRunPtr &stored)
{
    const QString &id = stored->session->id();
    redis::eval(&m_connection, redis::script::saveHistory, { redis::sessionKey(id) },
        { m_instanceId, historyJson(*stored->session), ms(m_options.sessionIdle) });
}

void RedisSessionBackend::onRunEnded(const StoredRunPtr &stored)
{
    stored->ended = true;
    if (!stored->behind && m_connection.isReady())
        sendFinish(stored);
    // Otherwise reassert() writes the rest and then the end.
}

void RedisSessionBackend::sendFinish(const StoredRunPtr &stored)
{
    m_appends->flush(); // the run's last events first
    const QString &id = stored->session->id();
    std::weak_ptr<StoredRun> weak = stored;
    redis::eval(&m_connection, redis::script::finish,
        { redis::sessionKey(id), RedisEventLog::keyFor(id), redis::runsKey() },
        { m_instanceId, id.toUtf8(), historyJson(*stored->session), ms(m_options.finishedRunReplay),
            ms(m_options.sessionIdle) },
        [self = QPointer<RedisSessionBackend>(this), weak](const RedisReply &reply) {
            const StoredRunPtr stored = weak.lock();
            if (!self || !stored)
                return;
            if (reply.type == RedisReply::Type::NoAnswer)
                self->fallBehind(stored); // written once Redis is back
            else
                self->forget(stored);
        });
}

void RedisSessionBackend::reassert(const StoredRunPtr &stored)
{
    if (stored->reasserting || stored->lost)
        return;
    stored->reasserting = true;
    const QString &id = stored->session->id();
    std::weak_ptr<StoredRun> weak = stored;
    redis::eval(&m_connection, redis::script::reassert, { redis::sessionKey(id), redis::runsKey() },
        { id.toUtf8(), m_instanceId, ms(m_options.lease), ms(liveTtl()),
            historyJson(*stored->session) },
        [self = QPointer<RedisSessionBackend>(this), weak](const RedisReply &reply) {
            const StoredRunPtr stored = weak.lock();
            if (!self || !stored)
                return;
            stored->reasserting = false;
            if (reply.failed())
                return; // still away: the next `ready` tries again
            if (reply.integer < 0) {
                self->runLost(stored->session->id());
                return;
            }
            // What the log misses, from this server's buffer, then what comes.
            stored->behind = false;
            stored->expirySet = false;
            const auto missed = stored->session->bufferedAfter(reply.integer);
            for (const auto &[seq, event] : missed)
                self->sendAppend(stored, seq, event);
            qCInfo(lcRedis).noquote() << QStringLiteral("session %1: %2 events written to Redis "
                                                        "after it came back")
                                             .arg(stored->session->id())
                                             .arg(missed.size());
            if (stored->ended)
                self->sendFinish(stored);
        });
}

void RedisSessionBackend::forget(const StoredRunPtr &stored)
{
    const QString &id = stored->session->id();
    if (m_runs.value(id) == stored)
        m_runs.remove(id);
}

void RedisSessionBackend::runLost(const QString &id)
{
    const StoredRunPtr stored = m_runs.value(id);
    if (!stored || stored->lost)
        return;
    stored->lost = true;
    qCWarning(lcRedis).noquote()
        << QStringLiteral("session %1: another server took its run over; ending it here").arg(id);
    if (stored->run)
        stored->run->endWithError(QStringLiteral("this answer was taken over by another server "
                                                 "while this one could not reach Redis"),
            503);
    forget(stored);
}

void RedisSessionBackend::cancelLocal(const QString &id)
{
    const StoredRunPtr stored = m_runs.value(id);
    if (stored && stored->run)
        stored->run->cancel();
}

void RedisSessionBackend::endTakenRun(
    const QString &id, qint64 lastSeq, const QByteArray &previousOwner)
{
    if (const StoredRunPtr local = m_runs.value(id); local && local->run)
        return; // still ours and live: the take-over only renewed its lease
    qCWarning(lcRedis).noquote() << QStringLiteral(
        "session %1: its server (%2) stopped renewing the run's lease; "
        "ending the run with an error")
                                        .arg(id, QString::fromUtf8(previousOwner));
    auto stored = std::make_shared<StoredRun>();
    stored->session = std::make_shared<Session>(id, m_options.buffer, m_options.history);
    stored->session->continueAfter(lastSeq);
    stored->storedSeq = lastSeq;
    stored->adopted = true;
    stored->ended = true;
    m_runs.insert(id, stored);
    Message error = Message::make(MessageType::Error,
        QStringLiteral("the server running this answer stopped; send your message again"), 503);
    Message done = Message::done();
    for (Message *message : { &error, &done }) {
        const QByteArray event = stored->session->stampAndEncode(*message);
        sendAppend(stored, stored->session->lastSeq(), event);
    }
    // "" keeps the history the dead server saved.
    m_appends->flush();
    redis::eval(&m_connection, redis::script::finish,
        { redis::sessionKey(id), RedisEventLog::keyFor(id), redis::runsKey() },
        { m_instanceId, id.toUtf8(), QByteArray(), ms(m_options.finishedRunReplay),
            ms(m_options.sessionIdle) },
        [self = QPointer<RedisSessionBackend>(this), stored](const RedisReply &) {
            if (self)
                self->forget(stored);
        });
}

void RedisSessionBackend::askWatchers(const QString &id, std::function<void(bool)> answer)
{
    redis::eval(&m_connection, redis::script::watchers, { redis::followersKey(id) }, {},
        [answer = std::move(answer)](
            const RedisReply &reply) { answer(!reply.failed() && reply.integer > 0); });
}

QByteArray RedisSessionBackend::historyJson(const Session &session) const
{
    QByteArray json = "[";
    for (const Message &turn : session.history()) {
        if (json.size() > 1)
            json += ',';
        json += turn.toJson();
    }
    return json + ']';
}

void RedisSessionBackend::shutDown()
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    // Followers first (their streams close), then this server's runs. Their
    // events so far, and a lease that has run out, go to Redis now, without the
    // event loop (which has stopped): another server ends each run with an error
    // within a second, rather than once the lease would have run out.
    const QList<RedisFollow *> follows = findChildren<RedisFollow *>(Qt::FindDirectChildrenOnly);
    qDeleteAll(follows);
    m_appends->flush();
    QList<ChatRun *> runs;
    for (const StoredRunPtr &stored : m_runs) {
        if (!stored->run)
            continue;
        runs.append(stored->run);
        if (!stored->behind)
            m_connection.command(
                { "ZADD", redis::runsKey(), "XX", "0", stored->session->id().toUtf8() });
    }
    m_connection.flushNow();
    m_runs.clear();
    for (ChatRun *run : runs)
        disconnect(run, nullptr, this, nullptr);
    qDeleteAll(runs);
}

} // namespace rill
