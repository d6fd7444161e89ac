// Limits of a real ChatServer on 127.0.0.1:0, each tried with a raw socket:
// every bad input gets a JSON error and the server still streams afterwards.
#include "demoserver.h"
#include "hardeningsupport.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace std::chrono_literals;
using namespace hardening;
using rill::ChatServer;

class TestLimits : public QObject
{
    Q_OBJECT

private:
    QList<QPointer<rill::Agent>> m_agents;

    std::unique_ptr<ChatServer> demoServer(const ChatServer::Options &options = {})
    {
        return startDemoServer(1ms, options, &m_agents);
    }

    static void verifyJsonError(const RawAnswer &answer, int status)
    {
        QCOMPARE(answer.status, status);
        QCOMPARE(answer.header("content-type"), QByteArray("application/json"));
        QCOMPARE(answer.json().value(u"status").toInt(), status);
        QVERIFY(!answer.json().value(u"error").toString().isEmpty());
    }

private slots:
    void init() { m_agents.clear(); }

    // Each row: a request breaking one limit, the status it must get.
    void refusedBeforeParsing_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("status");
        QList<QByteArray> many;
        for (int i = 0; i < 101; ++i)
            many.append("X-Filler-" + QByteArray::number(i) + ": y");
        QTest::newRow("101 header fields") << request(0, "GET", "/health", many) << 431;
        QTest::newRow("one 20 KiB header")
            << request(0, "GET", "/health", { "X-Big: " + QByteArray(20 * 1024, 'a') }) << 431;
        QTest::newRow("32 KiB request line")
            << request(0, "GET", "/chat?message=" + QByteArray(32 * 1024, 'a')) << 431;
        QTest::newRow("endless line without newline") << QByteArray(64 * 1024, 'G') << 431;
        // Only the head is sent: the answer must not wait for 10 MB that never come.
        QTest::newRow("Content-Length 10 MB")
            << QByteArray("POST /chat HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n")
            << 413;
        QTest::newRow("garbage request line") << QByteArray("HELLO\r\n\r\n") << 400;
        QTest::newRow("HTTP/2.0 request line")
            << QByteArray("GET /health HTTP/2.0\r\nHost: x\r\n\r\n") << 400;
        QTest::newRow("negative Content-Length")
            << QByteArray("POST /chat HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n") << 400;
        QTest::newRow("Content-Length not a number")
            << QByteArray("POST /chat HTTP/1.1\r\nHost: x\r\nContent-Length: 12abc\r\n\r\n") << 400;
        QTest::newRow("1 MB of blank lines") << QByteArray(1024 * 1024, '\n') << 400;
        QTest::newRow("chunked body") << QByteArray(
            "POST /chat HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            "5\r\nhello\r\n0\r\n\r\n") << 411;
    }

    void refusedBeforeParsing()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, status);
        auto server = demoServer();
        QSignalSpy runs(server.get(), &ChatServer::runStarted);
        const RawAnswer answer = exchange(server->port(), bytes);
        verifyJsonError(answer, status);
        QCOMPARE(answer.header("connection"), QByteArray("close"));
        QCOMPARE(runs.size(), 0);
        QVERIFY(streamsNormally(server->port()));
    }

    // The guard follows request boundaries (head, then Content-Length bytes) on
    // a kept-alive connection: the second request is checked on its own.
    void laterRequestOnTheSameConnectionIsCheckedToo()
    {
        auto server = demoServer();
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, server->port());
        QVERIFY(socket.waitForConnected());
        // A body full of header-like lines must count as body, not as headers.
        QByteArray body;
        for (int i = 0; i < 200; ++i)
            body += "X-Not-A-Header: " + QByteArray::number(i) + "\r\n";
        socket.write(request(server->port(), "POST", "/nowhere", {}, body));
        QByteArray received;
        QTRY_VERIFY((received += socket.readAll(), received.contains("}")));
        QVERIFY2(received.startsWith("HTTP/1.1 404"), received.constData());
        QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
        socket.write(
            request(server->port(), "GET", "/health", { "X-Big: " + QByteArray(20 * 1024, 'a') }));
        received.clear();
        QTRY_VERIFY(
            (received += socket.readAll(), socket.state() != QAbstractSocket::ConnectedState));
        received += socket.readAll();
        QVERIFY2(received.startsWith("HTTP/1.1 431"), received.constData());
        QVERIFY(received.contains("{\"error\":\"request line and headers too large"));
        QVERIFY(streamsNormally(server->port()));
    }

    void slowHeadTimesOut()
    {
        ChatServer::Options options;
        options.connection.requestTimeout = 200ms;
        auto server = demoServer(options);
        const RawAnswer answer = exchange(server->port(), "GET /health HTTP/1.1\r\nHost: x\r\n");
        verifyJsonError(answer, 408);
        QVERIFY(streamsNormally(server->port()));
    }

    void badSessionIdIsNeverEchoed_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("CRLF in JSON")
            << request(0, "POST", "/chat", { "Content-Type: application/json" },
                   "{\"sessionId\":\"a\\r\\nX-Evil: 1\",\"message\":\"hi\"}");
        QTest::newRow("CRLF in query")
            << request(0, "POST", "/chat?sessionId=a%0D%0AX-Evil:%201", {});
        QTest::newRow("65 characters")
            << request(0, "POST", "/chat?sessionId=" + QByteArray(65, 'a'));
        QTest::newRow("non-ASCII") << request(0, "POST", "/chat?sessionId=%E4%BD%A0X-Evil");
        QTest::newRow("Last-Event-ID with CRLF")
            << request(0, "GET", "/chat?lastEventId=X-Evil%0D%0A:1");
    }

    void badSessionIdIsNeverEchoed()
    {
        QFETCH(QByteArray, bytes);
        auto server = demoServer();
        const RawAnswer answer = exchange(server->port(), bytes);
        verifyJsonError(answer, 400);
        QVERIFY(!answer.headers.contains("x-evil"));
        QVERIFY(!answer.body.contains("Evil"));
        QVERIFY(!answer.body.contains("aaaaaaaaaa"));
        QVERIFY(streamsNormally(server->port()));
    }

    void messageTooLong()
    {
        ChatServer::Options options;
        options.limits.maxMessageChars = 100;
        auto server = demoServer(options);
        const RawAnswer answer = exchange(server->port(),
            request(server->port(), "POST", "/chat", { "Content-Type: application/json" },
                "{\"message\":\"" + QByteArray(101, 'm') + "\"}"));
        verifyJsonError(answer, 413);
        QVERIFY(streamsNormally(server->port()));
    }

    void tooManyStreamsGet503WithRetryAfter()
    {
        ChatServer::Options options;
        options.maxStreams = 2;
        ChatServer server([] { return std::make_unique<SilentAgent>(); }, options);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QElapsedTimer clock;
        clock.start();
        RawSseClient first(clock), second(clock);
        first.request(server.port(), "POST", "/chat");
        second.request(server.port(), "POST", "/chat");
        QTRY_COMPARE(server.openStreamCount(), 2);
        const RawAnswer refused = exchange(server.port(), request(server.port(), "POST", "/chat"));
        verifyJsonError(refused, 503);
        QCOMPARE(refused.header("retry-after"), QByteArray("5"));
        QCOMPARE(server.activeRunCount(), 2); // no run was started for it
        // A stream that ends frees its place.
        first.abort();
        QTRY_COMPARE(server.openStreamCount(), 1);
        RawSseClient third(clock);
        third.request(server.port(), "POST", "/chat");
        QTRY_COMPARE(third.status(), 200);
    }

    void slowReaderIsDropped()
    {
        ChatServer::Options options;
        options.maxUnsentBytes = 256 * 1024;
        options.resumeGrace = 0ms;
        // 2000 events of 64 KiB: 128 MB, far more than socket buffers hold.
        ChatServer server([] { return std::make_unique<FloodAgent>(2000, 64 * 1024); }, options);
        int produced = 0;
        connect(&server, &ChatServer::runStarted, this, [&produced](rill::Agent *agent) {
            connect(agent, &rill::Agent::messageProduced, agent, [&produced] { ++produced; });
        });
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QSignalSpy ended(&server, &ChatServer::runEnded);
        QTest::ignoreMessage(QtWarningMsg,
            QRegularExpression(QStringLiteral("dropping a client that reads too slowly: \\d+ "
                                              "bytes unsent \\(limit 262144\\)")));
        // A client that reads nothing after its request: Qt stops taking bytes
        // from the kernel once its 4 KiB read buffer is full.
        QTcpSocket reader;
        reader.setReadBufferSize(4096);
        reader.connectToHost(QHostAddress::LocalHost, server.port());
        QVERIFY(reader.waitForConnected());
        reader.write(request(server.port(), "POST", "/chat"));
        QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, 20000);
        QCOMPARE(ended.first().first().toBool(), false); // cancelled, not completed
        QVERIFY(produced > 0);
        QVERIFY(produced < 2000);
        qInfo("dropped after %d of 2000 events of 64 KiB", produced);
        QTRY_COMPARE(server.openStreamCount(), 0);
    }

    void idleSessionsExpire()
    {
        ChatServer::Options options;
        options.sessionIdle = 300ms;
        options.resumeGrace = 0ms;
        auto demo = demoServer(options);
        QSignalSpy expired(demo.get(), &ChatServer::sessionsExpired);
        QElapsedTimer clock;
        clock.start();
        RawSseClient client(clock);
        client.request(demo->port(), "POST", "/chat");
        QTRY_VERIFY(client.isClosed());
        const QString id = client.jsonAt(0).value(u"sessionId").toString();
        QCOMPARE(demo->sessionCount(), 1);
        QTRY_COMPARE(demo->sessionCount(), 0);
        QCOMPARE(expired.size(), 1);
        // The expired session is unknown now: resuming it is a 404, not a replay.
        const RawAnswer answer = exchange(demo->port(),
            request(demo->port(), "GET", "/chat", { "Last-Event-ID: " + id.toUtf8() + ":1" }));
        verifyJsonError(answer, 404);
    }

    void fullServerForgetsTheSessionIdleLongest()
    {
        ChatServer::Options options;
        options.maxSessions = 2;
        auto demo = demoServer(options);
        const auto run = [&](const QByteArray &id) {
            return exchange(demo->port(), request(demo->port(), "POST", "/chat?sessionId=" + id));
        };
        QCOMPARE(run("first").status, 200);
        QCOMPARE(run("second").status, 200);
        QCOMPARE(run("first").status, 200); // used again: "second" is now idle longest
        QCOMPARE(run("third").status, 200);
        QCOMPARE(demo->sessionCount(), 2);
        verifyJsonError(exchange(demo->port(),
                            request(demo->port(), "GET", "/chat", { "Last-Event-ID: second:1" })),
            404);
        QCOMPARE(exchange(demo->port(),
                     request(demo->port(), "GET", "/chat", { "Last-Event-ID: first:1" }))
                     .status,
            200);
    }

    void sessionsAllLiveRefuseANewOneWith503()
    {
        ChatServer::Options options;
        options.maxSessions = 2;
        ChatServer server([] { return std::make_unique<SilentAgent>(); }, options);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QElapsedTimer clock;
        clock.start();
        RawSseClient first(clock), second(clock);
        first.request(server.port(), "POST", "/chat?sessionId=one");
        second.request(server.port(), "POST", "/chat?sessionId=two");
        QTRY_COMPARE(server.activeRunCount(), 2);
        const RawAnswer refused = exchange(server.port(), request(server.port(), "POST", "/chat"));
        verifyJsonError(refused, 503);
        QVERIFY(refused.json().value(u"error").toString().contains(u"sessions"));
        QCOMPARE(refused.header("retry-after"), QByteArray("5"));
        QCOMPARE(server.sessionCount(), 2); // neither live session was pushed out
        QCOMPARE(server.activeRunCount(), 2);
        // A run that ends leaves its session idle, and so replaceable.
        QCOMPARE(
            exchange(server.port(), request(server.port(), "DELETE", "/chat?sessionId=one")).status,
            204);
        QTRY_COMPARE(server.activeRunCount(), 1);
        RawSseClient third(clock);
        third.request(server.port(), "POST", "/chat?sessionId=three");
        QTRY_COMPARE(third.status(), 200);
        QCOMPARE(server.sessionCount(), 2);
    }

    void sessionWithALiveRunNeverExpires()
    {
        ChatServer::Options options;
        options.sessionIdle = 200ms;
        ChatServer server([] { return std::make_unique<SilentAgent>(); }, options);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QSignalSpy expired(&server, &ChatServer::sessionsExpired);
        QElapsedTimer clock;
        clock.start();
        // A live run that says nothing: its session is idle the whole time.
        RawSseClient live(clock);
        live.request(server.port(), "POST", "/chat");
        QTRY_COMPARE(server.activeRunCount(), 1);
        // A second session, started later, whose run ends at once (cancelled).
        RawSseClient later(clock);
        later.request(server.port(), "POST", "/chat?sessionId=later");
        QTRY_COMPARE(server.sessionCount(), 2);
        const RawAnswer stop
            = exchange(server.port(), request(server.port(), "DELETE", "/chat?sessionId=later"));
        QCOMPARE(stop.status, 204);
        // "later" expires; the live one, idle for longer, must still be there.
        QTRY_COMPARE(expired.size(), 1);
        QCOMPARE(expired.first().first().toInt(), 1);
        QCOMPARE(server.sessionCount(), 1);
        QCOMPARE(server.activeRunCount(), 1);
    }
};

QTEST_MAIN(TestLimits)
#include "tst_limits.moc"
