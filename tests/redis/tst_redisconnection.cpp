// RedisConnection against a real redis-server: answers, a Redis absent at
// start, killed and restarted, hanging (SIGSTOP), the capped queue, AUTH and
// SELECT, and the log: one line per change of state.
#include "redisserver.h"
#include "server/http/redis/redisaddress.h"
#include "server/http/redis/redisconnection.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>
#include <optional>

using namespace std::chrono_literals;
using rill::RedisAddress;
using rill::RedisConnection;
using rill::RedisReply;

namespace {

// The warnings of the rill.redis category, counted (and still printed).
struct RedisLogCounter
{
    static inline QStringList lines;
    static inline QtMessageHandler previous = nullptr;
    static void handler(QtMsgType type, const QMessageLogContext &context, const QString &text)
    {
        if (context.category && QByteArrayView(context.category) == "rill.redis"
            && type == QtWarningMsg)
            lines.append(text);
        previous(type, context, text);
    }
    RedisLogCounter()
    {
        lines.clear();
        previous = qInstallMessageHandler(&handler);
    }
    ~RedisLogCounter() { qInstallMessageHandler(previous); }
};

RedisConnection::Options fastOptions()
{
    RedisConnection::Options options;
    options.connectTimeout = 1000ms; // generous: CI runs this under ASan, on a busy machine
    options.commandTimeout = 300ms;
    options.minBackoff = 10ms;
    options.maxBackoff = 80ms;
    return options;
}

// A command's answer, waited for (bounded).
std::optional<RedisReply> ask(RedisConnection &connection, QList<QByteArray> args,
    std::optional<std::chrono::milliseconds> timeout = std::nullopt)
{
    auto answer = std::make_shared<std::optional<RedisReply>>();
    connection.command(
        std::move(args), [answer](const RedisReply &reply) { *answer = reply; }, timeout);
    QDeadlineTimer deadline(10000);
    while (!*answer && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    return *answer;
}

RedisAddress addressOf(const rill::test::RedisServer &server)
{
    return *RedisAddress::parse(server.url());
}

} // namespace

class TestRedisConnection : public QObject
{
    Q_OBJECT
private slots:
    void parsesUrls_data();
    void parsesUrls();
    void answersInOrder();
    void absentAtStart();
    void killedAndRestarted();
    void hangingRedisTimesOut();
    void queueIsCapped();
    void authAndDatabase();
};

void TestRedisConnection::parsesUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("socket");
    QTest::addColumn<QString>("password");
    QTest::addColumn<int>("db");
    QTest::newRow("tcp") << "redis://127.0.0.1:6380" << true << "127.0.0.1" << 6380 << ""
                         << "" << 0;
    QTest::newRow("default port") << "redis://localhost" << true << "localhost" << 6379 << ""
                                  << "" << 0;
    QTest::newRow("password and db")
        << "redis://:s%40cret@10.0.0.2:7000/3" << true << "10.0.0.2" << 7000 << ""
        << "s@cret" << 3;
    QTest::newRow("unix") << "unix:///run/redis/redis.sock" << true << "" << 6379
                          << "/run/redis/redis.sock"
                          << "" << 0;
    QTest::newRow("unix db") << "unix:///tmp/r.sock?db=5" << true << "" << 6379 << "/tmp/r.sock"
                             << "" << 5;
    QTest::newRow("http") << "http://127.0.0.1:6379" << false << "" << 0 << ""
                          << "" << 0;
    QTest::newRow("no host") << "redis://:1" << false << "" << 0 << ""
                             << "" << 0;
    QTest::newRow("bad db") << "redis://h:1/x" << false << "" << 0 << ""
                            << "" << 0;
    QTest::newRow("unix with host") << "unix://host/tmp/s" << false << "" << 0 << ""
                                    << "" << 0;
}

void TestRedisConnection::parsesUrls()
{
    QFETCH(QString, url);
    QFETCH(bool, valid);
    QString error;
    const std::optional<RedisAddress> address = RedisAddress::parse(url, &error);
    QCOMPARE(address.has_value(), valid);
    if (!valid) {
        QVERIFY2(error.contains(url), qPrintable(error));
        return;
    }
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, socket);
    QFETCH(QString, password);
    QFETCH(int, db);
    QCOMPARE(address->host, host);
    QCOMPARE(address->socketPath, socket);
    if (socket.isEmpty())
        QCOMPARE(address->port, port);
    QCOMPARE(address->password, password);
    QCOMPARE(address->database, db);
    QVERIFY(!address->display().contains(QStringLiteral("cret")) || password.isEmpty());
}

void TestRedisConnection::answersInOrder()
{
    rill::test::RedisServer redis;
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    RedisConnection connection(addressOf(redis), fastOptions());
    QSignalSpy ready(&connection, &RedisConnection::ready);
    connection.open();
    QTRY_COMPARE(ready.count(), 1);

    // Pipelined: every answer goes to its own command.
    QList<qint64> counts;
    for (int i = 0; i < 100; ++i)
        connection.command({ "INCR", "counter" },
            [&counts](const RedisReply &reply) { counts.append(reply.integer); });
    QTRY_COMPARE(counts.size(), 100);
    for (int i = 0; i < 100; ++i)
        QCOMPARE(counts.at(i), i + 1);

    const auto missing = ask(connection, { "GET", "nothing-here" });
    QVERIFY(missing);
    QCOMPARE(missing->type, RedisReply::Type::Nil);
    const QByteArray binary("a\0b\r\nc", 6);
    QCOMPARE(ask(connection, { "SET", "blob", binary })->string, QByteArray("OK"));
    QCOMPARE(ask(connection, { "GET", "blob" })->string, binary);
    const auto wrongType = ask(connection, { "LPUSH", "blob", "x" });
    QCOMPARE(wrongType->type, RedisReply::Type::Error);
    QVERIFY(wrongType->string.startsWith("WRONGTYPE"));
    QVERIFY(connection.isReady()); // Redis's own error leaves the connection as it was
}

void TestRedisConnection::absentAtStart()
{
    RedisLogCounter log;
    rill::test::RedisServer redis; // its socket does not exist yet
    RedisConnection connection(addressOf(redis), fastOptions());
    int attempts = 0;
    connect(&connection, &RedisConnection::stateChanged, this, [&](RedisConnection::State state) {
        attempts += state == RedisConnection::State::Connecting;
    });
    connection.open();
    // A command with a short deadline fails in time; one with a long one waits.
    std::optional<RedisReply> early;
    connection.command(
        { "PING" }, [&](const RedisReply &reply) { early = reply; }, 100ms);
    std::optional<RedisReply> patient;
    connection.command(
        { "SET", "k", "v" }, [&](const RedisReply &reply) { patient = reply; }, 10s);
    QTRY_VERIFY(early.has_value());
    QCOMPARE(early->type, RedisReply::Type::NoAnswer);
    QVERIFY(!patient);
    // Many attempts (10 to 80 ms apart) while it is absent...
    QTRY_COMPARE(connection.currentBackoff(), 80ms);
    QVERIFY(!connection.isReady());
    QVERIFY(attempts >= 4);
    // ...and one line about it, not one per attempt.
    QCOMPARE(log.lines.size(), 1);
    QVERIFY2(log.lines.first().contains(QStringLiteral("cannot connect")),
        qPrintable(log.lines.first()));
    const int attemptsWhileAbsent = attempts;

    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    QTRY_VERIFY(connection.isReady());
    QTRY_VERIFY(patient.has_value());
    QCOMPARE(patient->string, QByteArray("OK"));
    QCOMPARE(ask(connection, { "GET", "k" })->string, QByteArray("v"));
    QCOMPARE(connection.currentBackoff(), 10ms); // reset once connected
    // At most one more line (a different reason while redis-server was starting).
    QVERIFY2(log.lines.size() <= 2, qPrintable(log.lines.join(u'\n')));
    QVERIFY(attempts > attemptsWhileAbsent);
}

void TestRedisConnection::killedAndRestarted()
{
    RedisLogCounter log;
    rill::test::RedisServer redis;
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    RedisConnection connection(addressOf(redis), fastOptions());
    QSignalSpy lost(&connection, &RedisConnection::lost);
    QSignalSpy ready(&connection, &RedisConnection::ready);
    int attempts = 0;
    connect(&connection, &RedisConnection::stateChanged, this, [&](RedisConnection::State state) {
        attempts += state == RedisConnection::State::Connecting;
    });
    connection.open();
    QTRY_COMPARE(ready.count(), 1);

    // A blocking command is under way when Redis dies: it fails, it is not lost.
    std::optional<RedisReply> blocked;
    connection.command(
        { "BLPOP", "never", "5" }, [&](const RedisReply &reply) { blocked = reply; }, 6s);
    QTRY_COMPARE(connection.sentCount(), 1);
    redis.kill();
    QTRY_VERIFY(blocked.has_value());
    QCOMPARE(blocked->type, RedisReply::Type::NoAnswer);
    QTRY_COMPARE(lost.count(), 1);
    QVERIFY(!connection.isReady());
    QTRY_COMPARE(connection.currentBackoff(), 80ms); // it kept trying

    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    QTRY_COMPARE(ready.count(), 2);
    QCOMPARE(ask(connection, { "PING" })->string, QByteArray("PONG"));
    QCOMPARE(lost.count(), 1);
    // "lost the connection", then "cannot connect" while it was down: a line
    // per change, however many attempts there were.
    QVERIFY(attempts >= 4); // the first, and three more while Redis was down
    QVERIFY2(log.lines.size() >= 2 && log.lines.size() <= 3, qPrintable(log.lines.join(u'\n')));
    QVERIFY(log.lines.at(0).contains(QStringLiteral("lost the connection")));
    QVERIFY(log.lines.at(1).contains(QStringLiteral("cannot connect")));
}

void TestRedisConnection::hangingRedisTimesOut()
{
    rill::test::RedisServer redis;
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    RedisConnection connection(addressOf(redis), fastOptions());
    QSignalSpy lost(&connection, &RedisConnection::lost);
    connection.open();
    QTRY_VERIFY(connection.isReady());

    redis.pause();
    QElapsedTimer clock;
    clock.start();
    const auto answer = ask(connection, { "PING" });
    QVERIFY(answer);
    QCOMPARE(answer->type, RedisReply::Type::NoAnswer);
    QVERIFY2(answer->string.contains("no answer"), answer->string.constData());
    QVERIFY2(clock.elapsed() >= 250 && clock.elapsed() < 2000,
        qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(lost.count(), 1);
    // The kernel still accepts connections to a stopped server: the handshake's
    // deadline is what keeps the connection from being called ready.
    QTest::qWait(700);
    QVERIFY(!connection.isReady());

    redis.resume();
    QTRY_VERIFY(connection.isReady());
    QCOMPARE(ask(connection, { "PING" })->string, QByteArray("PONG"));
}

void TestRedisConnection::queueIsCapped()
{
    rill::test::RedisServer redis; // absent
    RedisConnection::Options options = fastOptions();
    options.maxQueuedCommands = 3;
    RedisConnection connection(addressOf(redis), options);
    connection.open();
    QList<QByteArray> refused;
    int answered = 0;
    bool returned = false;
    for (int i = 0; i < 5; ++i) {
        connection.command(
            { "SET", "k" + QByteArray::number(i), "v" },
            [&](const RedisReply &reply) {
                QVERIFY(returned); // never from inside command()
                if (reply.type == RedisReply::Type::NoAnswer)
                    refused.append(reply.string);
                else
                    ++answered;
            },
            10s);
    }
    returned = true;
    QCOMPARE(connection.queuedCount(), 3);
    QTRY_COMPARE(refused.size(), 2);
    QVERIFY(refused.first().contains("full"));

    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    QTRY_COMPARE(answered, 3);
    QCOMPARE(connection.queuedCount(), 0);
}

void TestRedisConnection::authAndDatabase()
{
    rill::test::RedisServer redis;
    QVERIFY2(redis.start({ QStringLiteral("--requirepass"), QStringLiteral("s3cret") }),
        qPrintable(redis.errorString()));
    const QString socket = redis.socketPath();

    RedisConnection db2(
        *RedisAddress::parse(QStringLiteral("unix://:s3cret@") + socket + QStringLiteral("?db=2")),
        fastOptions());
    db2.open();
    QTRY_VERIFY(db2.isReady());
    QCOMPARE(ask(db2, { "SET", "where", "two" })->string, QByteArray("OK"));
    RedisConnection db0(
        *RedisAddress::parse(QStringLiteral("unix://:s3cret@") + socket), fastOptions());
    db0.open();
    QTRY_VERIFY(db0.isReady());
    QCOMPARE(ask(db0, { "GET", "where" })->type, RedisReply::Type::Nil);
    QCOMPARE(ask(db2, { "GET", "where" })->string, QByteArray("two"));

    RedisLogCounter log;
    RedisConnection wrong(
        *RedisAddress::parse(QStringLiteral("unix://:nope@") + socket), fastOptions());
    wrong.open();
    QTRY_VERIFY(!log.lines.isEmpty());
    QVERIFY2(
        log.lines.first().contains(QStringLiteral("AUTH refused")), qPrintable(log.lines.first()));
    QVERIFY(!wrong.isReady());
}

QTEST_GUILESS_MAIN(TestRedisConnection)
#include "tst_redisconnection.moc"
