// Two ChatServers in one process over RedisSessionBackend and one real
// redis-server: the same session cannot run on both (409, decided in Redis,
// even when both claim at once), a stream cut on one resumes on the other
// with each event once, a Stop on the other ends the run within 100 ms, a
// server that shuts down leaves its run to the other, which ends it with an
// error within the lease, and a Redis that restarts empty mid-run costs the
// run's client nothing and is given the run back.
#include "rawsseclient.h"
#include "redisserver.h"
#include "server/agent/demoagent.h"
#include "server/http/chatserver.h"
#include "server/http/redis/redissessionbackend.h"

#include <QJsonObject>
#include <QTest>

using namespace std::chrono_literals;

namespace {

constexpr auto kLease = 1000ms;

// A server over its own RedisSessionBackend; `backend` is left pointing at it.
std::unique_ptr<rill::ChatServer> makeServer(const QString &redisUrl,
    rill::RedisSessionBackend **backend, std::chrono::milliseconds stepDelay = 60ms)
{
    rill::RedisSessionBackend::Options options;
    options.lease = kLease;
    options.connection.commandTimeout = 300ms;
    options.connection.connectTimeout = 300ms;
    options.connection.minBackoff = 10ms;
    options.connection.maxBackoff = 100ms;
    auto owned = std::make_unique<rill::RedisSessionBackend>(
        *rill::RedisAddress::parse(redisUrl), options);
    *backend = owned.get();
    auto server = std::make_unique<rill::ChatServer>(
        [stepDelay] { return std::make_unique<rill::DemoAgent>(stepDelay); },
        rill::ChatServer::Options {}, std::move(owned));
    server->listen(QHostAddress::LocalHost, 0);
    return server;
}

QList<qint64> seqsOf(const RawSseClient &client)
{
    QList<qint64> seqs;
    for (const auto &arrival : client.arrivals()) {
        const QString id = arrival.event.lastEventId;
        seqs.append(id.mid(id.lastIndexOf(u':') + 1).toLongLong());
    }
    return seqs;
}

QString typeAt(const RawSseClient &client, qsizetype index)
{
    return client.jsonAt(index).value(QLatin1String("type")).toString();
}

QByteArray postBody(const char *sessionId, const char *message)
{
    return QByteArray(R"({"sessionId":")") + sessionId + R"(","message":")" + message + "\"}";
}

} // namespace

class TestRedisSessionBackend : public QObject
{
    Q_OBJECT
private slots:
    void init()
    {
        m_clock.start();
        m_redis = std::make_unique<rill::test::RedisServer>();
        QVERIFY2(m_redis->start(), qPrintable(m_redis->errorString()));
        rill::RedisSessionBackend *a = nullptr;
        rill::RedisSessionBackend *b = nullptr;
        m_a = makeServer(m_redis->url(), &a);
        m_b = makeServer(m_redis->url(), &b);
        QVERIFY(m_a->port() && m_b->port());
        // Until then a new stream gets 503, as while Redis is away.
        QTRY_VERIFY(a->connection()->isReady() && b->connection()->isReady());
    }
    void cleanup()
    {
        m_a.reset();
        m_b.reset();
        m_redis.reset();
    }

    void claimIsDecidedInRedis()
    {
        // Both servers claim the same new session in the same turn of the loop.
        RawSseClient onA(m_clock);
        RawSseClient onB(m_clock);
        onA.request(m_a->port(), "POST", "/chat", postBody("race", "hi"),
            { "Content-Type: application/json" });
        onB.request(m_b->port(), "POST", "/chat", postBody("race", "hi"),
            { "Content-Type: application/json" });
        QTRY_VERIFY(onA.headReceived() && onB.headReceived());
        QCOMPARE(QList<int>({ onA.status(), onB.status() }).count(409), 1);
        QCOMPARE(QList<int>({ onA.status(), onB.status() }).count(200), 1);
    }

    void resumeOnTheOther()
    {
        RawSseClient first(m_clock);
        first.request(m_a->port(), "POST", "/chat", postBody("cut", "play something"),
            { "Content-Type: application/json" });
        QTRY_VERIFY(first.arrivals().size() >= 3);
        first.abort();
        const qint64 cursor = seqsOf(first).last();
        RawSseClient resumed(m_clock);
        resumed.request(m_b->port(), "GET", "/chat", {},
            { "Last-Event-ID: cut:" + QByteArray::number(cursor) });
        QTRY_VERIFY_WITH_TIMEOUT(resumed.isComplete(), 10000);
        QCOMPARE(resumed.status(), 200);
        const QList<qint64> seqs = seqsOf(resumed);
        QVERIFY(seqs.size() >= 3);
        for (qsizetype i = 0; i < seqs.size(); ++i)
            QCOMPARE(seqs.at(i), cursor + 1 + i);
        QCOMPARE(typeAt(resumed, seqs.size() - 1), QStringLiteral("done"));

        // The next turn on B carries on the numbering.
        RawSseClient next(m_clock);
        next.request(m_b->port(), "POST", "/chat", postBody("cut", "again"),
            { "Content-Type: application/json" });
        QTRY_VERIFY(!next.arrivals().isEmpty());
        QCOMPARE(seqsOf(next).first(), seqs.last() + 1);
    }

    void stopOnTheOther()
    {
        RawSseClient run(m_clock);
        run.request(m_a->port(), "POST", "/chat", postBody("stop", "hi"),
            { "Content-Type: application/json" });
        QTRY_VERIFY(run.arrivals().size() >= 2);
        RawSseClient stop(m_clock);
        const qint64 asked = m_clock.elapsed();
        stop.request(m_b->port(), "DELETE", "/chat?sessionId=stop");
        QTRY_VERIFY(run.isComplete());
        QCOMPARE(stop.status(), 204);
        const qsizetype last = run.arrivals().size() - 1;
        QCOMPARE(
            run.jsonAt(last).value(QLatin1String("state")).toString(), QStringLiteral("cancelled"));
        const qint64 took = run.arrivals().at(last).atMs - asked;
        qInfo("the Stop on B ended the run on A in %lld ms", took);
        QVERIFY(took < 100);
    }

    void aStoppedServersRunEndsWithAnError()
    {
        RawSseClient run(m_clock);
        run.request(m_a->port(), "POST", "/chat", postBody("dead", "hi"),
            { "Content-Type: application/json" });
        QTRY_VERIFY(run.arrivals().size() >= 2);
        const qint64 cursor = seqsOf(run).last();
        // Shut down (its lease handed back) while the run goes; kill -9, where the
        // lease runs out, is tests/cluster's.
        m_a.reset();
        const qint64 gone = m_clock.elapsed();
        RawSseClient resumed(m_clock);
        resumed.request(m_b->port(), "GET", "/chat", {},
            { "Last-Event-ID: dead:" + QByteArray::number(cursor) });
        QTRY_VERIFY_WITH_TIMEOUT(resumed.isComplete(), 5000);
        QCOMPARE(resumed.status(), 200);
        const qsizetype n = resumed.arrivals().size();
        QVERIFY(n >= 2);
        QCOMPARE(typeAt(resumed, n - 2), QStringLiteral("error"));
        QCOMPARE(typeAt(resumed, n - 1), QStringLiteral("done"));
        QVERIFY(resumed.arrivals().at(n - 2).atMs - gone < kLease.count() + 1000);
        QCOMPARE(seqsOf(resumed).first(), cursor + 1);
    }

    void anOutageLongerThanTheLeaseKeepsTheRun()
    {
        // Redis hangs (SIGSTOP) for longer than the lease, keeping its data: every
        // lease has run out when it is back, and no server may take a run over
        // before its own server has had the time to renew it.
        m_a.reset();
        rill::RedisSessionBackend *a = nullptr;
        m_a = makeServer(m_redis->url(), &a, 200ms);
        QTRY_VERIFY(a->connection()->isReady());
        RawSseClient run(m_clock);
        run.request(m_a->port(), "POST", "/chat", postBody("hang", "hi"),
            { "Content-Type: application/json" });
        QTRY_VERIFY(run.arrivals().size() >= 2);
        m_redis->pause();
        QTRY_VERIFY(!a->connection()->isReady());
        QTest::qWait(int(kLease.count()) + 200); // the outage itself: past every lease
        m_redis->resume();
        QTRY_VERIFY_WITH_TIMEOUT(run.isComplete(), 10000);
        for (qsizetype i = 0; i < run.arrivals().size(); ++i)
            QVERIFY2(typeAt(run, i) != u"error", "the run was taken over");
        QCOMPARE(typeAt(run, run.arrivals().size() - 1), QStringLiteral("done"));
        // And Redis has it whole, with no error appended by B.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                RawSseClient replay(m_clock);
                replay.request(m_b->port(), "GET", "/chat", {}, { "Last-Event-ID: hang:0" });
                if (!QTest::qWaitFor([&] { return replay.isComplete(); }, 2000))
                    return false;
                return replay.status() == 200 && replay.arrivals().size() == run.arrivals().size()
                    && typeAt(replay, replay.arrivals().size() - 1) == u"done";
            }(),
            5000);
    }

    void redisRestartsEmptyMidRun()
    {
        RawSseClient run(m_clock);
        run.request(m_a->port(), "POST", "/chat", postBody("restart", "hi"),
            { "Content-Type: application/json" });
        QTRY_VERIFY(run.arrivals().size() >= 2);
        m_redis->kill();
        // New streams meanwhile: 503 with Retry-After and a JSON error.
        RawSseClient refused(m_clock);
        refused.request(m_b->port(), "POST", "/chat", postBody("other", "hi"),
            { "Content-Type: application/json" });
        QTRY_VERIFY(refused.isComplete());
        QCOMPARE(refused.status(), 503);
        QVERIFY(!refused.header("retry-after").isEmpty());
        QVERIFY(refused.body().contains("\"status\":503"));
        QVERIFY(m_redis->start());
        QTRY_VERIFY_WITH_TIMEOUT(run.isComplete(), 10000);
        const QList<qint64> seqs = seqsOf(run);
        for (qsizetype i = 0; i < seqs.size(); ++i)
            QCOMPARE(seqs.at(i), i + 1);
        QCOMPARE(typeAt(run, seqs.size() - 1), QStringLiteral("done"));
        // A wrote the run back: B replays it all from Redis.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                RawSseClient replay(m_clock);
                replay.request(m_b->port(), "GET", "/chat", {}, { "Last-Event-ID: restart:0" });
                if (!QTest::qWaitFor([&] { return replay.isComplete(); }, 2000))
                    return false;
                return replay.status() == 200 && replay.arrivals().size() == seqs.size();
            }(),
            5000);
    }

private:
    QElapsedTimer m_clock;
    std::unique_ptr<rill::test::RedisServer> m_redis;
    std::unique_ptr<rill::ChatServer> m_a;
    std::unique_ptr<rill::ChatServer> m_b;
};

QTEST_GUILESS_MAIN(TestRedisSessionBackend)
#include "tst_redissessionbackend.moc"
