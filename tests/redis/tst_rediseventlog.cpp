// A session's event log in a real redis-server: entry ids carry the seq, a
// read from a cursor gets what follows it, a trimmed or expired log says its
// events are gone, and a follower gets each later event once, in order, from
// its own cursor, across a Redis restart.
#include "redisserver.h"
#include "server/http/redis/rediseventlog.h"

#include <QSignalSpy>
#include <QTest>

#include <optional>

using namespace std::chrono_literals;
using rill::RedisAddress;
using rill::RedisConnection;
using rill::RedisEventLog;
using rill::RedisLogFollower;
using rill::RedisReply;

namespace {

RedisConnection::Options fastOptions()
{
    RedisConnection::Options options;
    options.connectTimeout = 1000ms;
    options.commandTimeout = 1000ms;
    options.minBackoff = 10ms;
    options.maxBackoff = 80ms;
    return options;
}

QByteArray eventBytes(qint64 seq)
{
    return "id: s:" + QByteArray::number(seq) + "\ndata: {\"n\":" + QByteArray::number(seq)
        + "}\n\n";
}

} // namespace

class TestRedisEventLog : public QObject
{
    Q_OBJECT
private slots:
    void init()
    {
        m_redis = std::make_unique<rill::test::RedisServer>();
        QVERIFY2(m_redis->start(), qPrintable(m_redis->errorString()));
        m_connection = std::make_unique<RedisConnection>(
            *RedisAddress::parse(m_redis->url()), fastOptions());
        m_connection->open();
        QTRY_VERIFY(m_connection->isReady());
    }
    void cleanup()
    {
        m_connection.reset();
        m_redis.reset();
    }

    void readsAfterTheCursor()
    {
        RedisEventLog log(m_connection.get(), { 1024, 60s });
        int appended = 0;
        for (qint64 seq = 1; seq <= 5; ++seq)
            log.append(QStringLiteral("s"), seq, eventBytes(seq), [&](bool ok) { appended += ok; });
        QTRY_COMPARE(appended, 5);

        std::optional<RedisEventLog::Read> read;
        log.readAfter(QStringLiteral("s"), 2, 5, [&](RedisEventLog::Read r) { read = r; });
        QTRY_VERIFY(read);
        QVERIFY(read->ok);
        QVERIFY(!read->gone);
        QCOMPARE(read->entries.size(), 3);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(read->entries.at(i).seq, i + 3);
            QCOMPARE(read->entries.at(i).event, eventBytes(i + 3));
        }
        // Nothing after the last event: not gone, just nothing.
        read.reset();
        log.readAfter(QStringLiteral("s"), 5, 5, [&](RedisEventLog::Read r) { read = r; });
        QTRY_VERIFY(read);
        QVERIFY(read->ok && !read->gone && read->entries.isEmpty());

        // The stream's own ids carry the seq, and it expires with the session.
        std::optional<RedisReply> ids;
        m_connection->command({ "XRANGE", RedisEventLog::keyFor(QStringLiteral("s")), "-", "+" },
            [&](const RedisReply &r) { ids = r; });
        QTRY_VERIFY(ids);
        QCOMPARE(ids->elements.first().elements.first().string, QByteArray("1-0"));
        std::optional<RedisReply> ttl;
        m_connection->command({ "PTTL", RedisEventLog::keyFor(QStringLiteral("s")) },
            [&](const RedisReply &r) { ttl = r; });
        QTRY_VERIFY(ttl);
        QVERIFY(ttl->integer > 50000 && ttl->integer <= 60000);
    }

    void trimmedOrExpiredIsGone()
    {
        RedisEventLog log(m_connection.get(), { 100, 60s });
        int appended = 0;
        for (qint64 seq = 1; seq <= 1000; ++seq)
            log.append(QStringLiteral("t"), seq, eventBytes(seq), [&](bool ok) { appended += ok; });
        QTRY_COMPARE(appended, 1000);
        std::optional<RedisEventLog::Read> read;
        log.readAfter(QStringLiteral("t"), 3, 1000, [&](RedisEventLog::Read r) { read = r; });
        QTRY_VERIFY(read);
        QVERIFY(read->ok);
        QVERIFY(read->gone);
        // Trimmed to about the limit (whole nodes of 100 entries go at once).
        std::optional<RedisReply> length;
        m_connection->command({ "XLEN", RedisEventLog::keyFor(QStringLiteral("t")) },
            [&](const RedisReply &r) { length = r; });
        QTRY_VERIFY(length);
        QVERIFY2(length->integer >= 100 && length->integer <= 300,
            qPrintable(QString::number(length->integer)));

        RedisEventLog brief(m_connection.get(), { 100, 50ms });
        appended = 0;
        brief.append(QStringLiteral("u"), 1, eventBytes(1), [&](bool ok) { appended += ok; });
        QTRY_COMPARE(appended, 1);
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                std::optional<RedisReply> exists;
                m_connection->command({ "EXISTS", RedisEventLog::keyFor(QStringLiteral("u")) },
                    [&](const RedisReply &r) { exists = r; });
                QDeadlineTimer deadline(2000);
                while (!exists && !deadline.hasExpired())
                    QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
                return exists && exists->integer == 0;
            }(),
            5000);
        read.reset();
        brief.readAfter(QStringLiteral("u"), 0, 1, [&](RedisEventLog::Read r) { read = r; });
        QTRY_VERIFY(read);
        QVERIFY(read->ok && read->gone);
    }

    void followerGetsEachEventOnceAcrossARestart()
    {
        RedisEventLog log(m_connection.get(), { 1024, 60s });
        for (qint64 seq = 1; seq <= 3; ++seq)
            log.append(QStringLiteral("f"), seq, eventBytes(seq));
        RedisLogFollower follower(
            *RedisAddress::parse(m_redis->url()), fastOptions(), QStringLiteral("f"), 1);
        QList<qint64> seen;
        connect(&follower, &RedisLogFollower::entryArrived, this,
            [&](qint64 seq, const QByteArray &event) {
                QCOMPARE(event, eventBytes(seq));
                seen.append(seq);
            });
        follower.start();
        QTRY_COMPARE(seen, (QList<qint64> { 2, 3 })); // from its cursor, not from `$`

        // Live: each appended event arrives while the follower is blocked on it.
        for (qint64 seq = 4; seq <= 6; ++seq) {
            log.append(QStringLiteral("f"), seq, eventBytes(seq));
            QTRY_COMPARE(seen.last(), seq);
        }

        // Redis restarted (empty: no persistence): the follower waits it out,
        // reads on from its cursor, and gets the next events once each.
        QSignalSpy interrupted(&follower, &RedisLogFollower::interrupted);
        m_redis->kill();
        QTRY_VERIFY(interrupted.count() >= 1);
        QVERIFY(m_redis->start());
        QTRY_VERIFY(m_connection->isReady());
        for (qint64 seq = 7; seq <= 9; ++seq)
            log.append(QStringLiteral("f"), seq, eventBytes(seq));
        QTRY_COMPARE(seen, (QList<qint64> { 2, 3, 4, 5, 6, 7, 8, 9 }));
        QCOMPARE(follower.cursor(), 9);
    }

private:
    std::unique_ptr<rill::test::RedisServer> m_redis;
    std::unique_ptr<RedisConnection> m_connection;
};

QTEST_GUILESS_MAIN(TestRedisEventLog)
#include "tst_rediseventlog.moc"
