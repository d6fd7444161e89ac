// The HTTP server, end to end: a real ChatServer on 127.0.0.1:0 and raw sockets.
#include "demoserver.h"
#include "rawsseclient.h"
#include "server/agent/demoagent.h"
#include "server/http/chatserver.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace std::chrono_literals;
using rill::Agent;
using rill::ChatServer;
using rill::DemoAgent;

namespace {

// An agent that greets and then says nothing until cancelled: a stream that
// only heartbeats can keep alive.
class SilentAgent final : public Agent
{
public:
    void start(const rill::AgentRequest &) override
    {
        rill::Message hello;
        hello.type = rill::MessageType::Assistant;
        hello.content = QStringLiteral("thinking…");
        emit messageProduced(hello);
    }
    void cancel() override { }
};

// Content with every kind of line break must still be one event.
class MultilineAgent final : public Agent
{
public:
    void start(const rill::AgentRequest &) override
    {
        rill::Message text;
        text.type = rill::MessageType::Assistant;
        text.content = QStringLiteral("line one\nline two\r\nline three\rend: \"quoted\"");
        emit messageProduced(text);
        emit finished();
    }
    void cancel() override { }
};

constexpr int kDemoEvents = 12; // greeting, 3 plan, 6 step, answer, done

} // namespace

class TestChatServer : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ChatServer> makeServer(
        std::chrono::milliseconds stepDelay, const ChatServer::Options &options = {})
    {
        return startDemoServer(stepDelay, options, &m_agents);
    }

    // Runs a whole request and returns the client once the server closed it.
    std::unique_ptr<RawSseClient> fetch(quint16 port, const QByteArray &method,
        const QByteArray &target, const QByteArray &body = {},
        const QList<QByteArray> &headers = {})
    {
        auto client = std::make_unique<RawSseClient>(m_clock);
        client->request(port, method, target, body, headers);
        if (!QTest::qWaitFor([&] { return client->isComplete(); }, 10000))
            qWarning("request %s %s did not end", method.constData(), target.constData());
        return client;
    }

    static QJsonObject jsonBody(const RawSseClient &client)
    {
        return QJsonDocument::fromJson(client.body()).object();
    }

    QElapsedTimer m_clock;
    QList<QPointer<Agent>> m_agents;

private slots:
    void init()
    {
        m_clock.start();
        m_agents.clear();
    }

    void streamHeadersAndSeedShape()
    {
        const auto server = makeServer(20ms);
        const auto client = fetch(server->port(), "POST", "/chat");
        QCOMPARE(client->status(), 200);
        QCOMPARE(client->header("Content-Type"), QByteArray("text/event-stream; charset=utf-8"));
        QCOMPARE(client->header("Cache-Control"), QByteArray("no-cache"));
        QCOMPARE(client->header("X-Accel-Buffering"), QByteArray("no"));
        QVERIFY(!client->hasHeader("Content-Length"));
        QCOMPARE(client->arrivals().size(), kDemoEvents);

        // The seed's expected output, byte for byte in shape.
        const QRegularExpression seedShape(QStringLiteral(
            "^\\{\"type\":\"(\\w+)\",\"id\":\"[^\"]+\",\"sessionId\":\"([^\"]+)\",\"timestamp\":\""
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\",\"content\":\"([^\"]*)\","
            "\"status\":(null|\\d+)"));
        const QStringList expected[] = {
            { QStringLiteral("assistant"), QStringLiteral("请问您想听什么曲子？"),
                QStringLiteral("200") },
            { QStringLiteral("planning"), QStringLiteral("1. 下载歌曲"), QStringLiteral("null") },
            { QStringLiteral("planning"), QStringLiteral("2. 分析歌曲"), QStringLiteral("null") },
            { QStringLiteral("planning"), QStringLiteral("3. 解析参数"), QStringLiteral("null") },
        };
        QString sessionId;
        for (int i = 0; i < 4; ++i) {
            const auto match = seedShape.match(client->arrivals().at(i).event.data);
            QVERIFY2(match.hasMatch(), qPrintable(client->arrivals().at(i).event.data));
            QCOMPARE(match.captured(1), expected[i].at(0));
            QCOMPARE(match.captured(3), expected[i].at(1));
            QCOMPARE(match.captured(4), expected[i].at(2));
            sessionId = match.captured(2);
        }
        // UTF-8 on the wire, not \u escapes.
        QVERIFY(client->body().contains("请问您想听什么曲子？"));
        QVERIFY(!client->body().contains("\\u"));

        // id: <sessionId>:<seq>, seq counting from 1 without gaps.
        for (int i = 0; i < client->arrivals().size(); ++i)
            QCOMPARE(client->arrivals().at(i).event.lastEventId,
                QStringLiteral("%1:%2").arg(sessionId).arg(i + 1));
        const QJsonObject done = client->jsonAt(kDemoEvents - 1);
        QCOMPARE(done.value(u"type").toString(), QStringLiteral("done"));
        QCOMPARE(done.value(u"content").toString(), QStringLiteral("完成"));
        QCOMPARE(
            client->jsonAt(kDemoEvents - 2).value(u"type").toString(), QStringLiteral("assistant"));
        // Each step goes running, then done, in order.
        for (int step = 1; step <= 3; ++step) {
            const QJsonObject running = client->jsonAt(2 + 2 * step);
            const QJsonObject finished = client->jsonAt(3 + 2 * step);
            QCOMPARE(running.value(u"step").toInt(), step);
            QCOMPARE(running.value(u"state").toString(), QStringLiteral("running"));
            QCOMPARE(finished.value(u"step").toInt(), step);
            QCOMPARE(finished.value(u"state").toString(), QStringLiteral("done"));
        }
    }

    void eventsArriveOneByOneAtTheAgentsPace()
    {
        const auto server = makeServer(200ms);
        qint64 planEmittedAt = -1;
        connect(server.get(), &ChatServer::runStarted, this, [&](Agent *agent) {
            connect(agent, &Agent::messageProduced, this, [&](const rill::Message &message) {
                if (message.type == rill::MessageType::Planning && planEmittedAt < 0)
                    planEmittedAt = m_clock.elapsed();
            });
        });
        const auto client = fetch(server->port(), "POST", "/chat");
        const auto &arrivals = client->arrivals();
        QCOMPARE(arrivals.size(), kDemoEvents);
        // The greeting was on the client's side before the first plan step existed.
        QVERIFY(planEmittedAt > 0);
        QVERIFY2(arrivals.at(0).atMs < planEmittedAt,
            qPrintable(QStringLiteral("greeting at %1 ms, plan emitted at %2 ms")
                           .arg(arrivals.at(0).atMs)
                           .arg(planEmittedAt)));
        // No two events before `done` arrive within 100 ms of each other.
        QStringList gaps;
        for (int i = 1; i < arrivals.size() - 1; ++i) {
            const qint64 gap = arrivals.at(i).atMs - arrivals.at(i - 1).atMs;
            gaps << QString::number(gap);
            QVERIFY2(gap >= 100,
                qPrintable(QStringLiteral("gap %1 ms before event %2").arg(gap).arg(i)));
        }
        // `done` follows the answer at once.
        QVERIFY(arrivals.last().atMs - arrivals.at(arrivals.size() - 2).atMs < 100);
        qInfo("arrival gaps (ms): %s", qPrintable(gaps.join(u' ')));
    }

    void requestForms_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QList<QByteArray>>("headers");
        const QByteArray json = "{\"message\":\"我想听晴天\"}";
        QTest::newRow("json body") << QByteArray("POST") << QByteArray("/chat") << json
                                   << QList<QByteArray> { "Content-Type: application/json" };
        QTest::newRow("query") << QByteArray(
            "POST") << QByteArray("/chat?message=%E6%88%91%E6%83%B3%E5%90%AC%E6%99%B4%E5%A4%A9")
                               << QByteArray() << QList<QByteArray>();
        QTest::newRow("GET for EventSource")
            << QByteArray("GET")
            << QByteArray("/chat?message=%E6%88%91%E6%83%B3%E5%90%AC%E6%99%B4%E5%A4%A9")
            << QByteArray() << QList<QByteArray>();
        QTest::newRow("form body")
            << QByteArray("POST") << QByteArray("/chat")
            << QByteArray("message=%E6%88%91%E6%83%B3%E5%90%AC%E6%99%B4%E5%A4%A9")
            << QList<QByteArray> { "Content-Type: application/x-www-form-urlencoded" };
    }

    void requestForms()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, target);
        QFETCH(QByteArray, body);
        QFETCH(QList<QByteArray>, headers);
        const auto server = makeServer(5ms);
        const auto client = fetch(server->port(), method, target, body, headers);
        QCOMPARE(client->status(), 200);
        QCOMPARE(client->arrivals().size(), kDemoEvents);
        QVERIFY(client->jsonAt(0).value(u"content").toString().contains(QStringLiteral("晴天")));
        QVERIFY(client->jsonAt(kDemoEvents - 2)
                    .value(u"content")
                    .toString()
                    .contains(QStringLiteral("晴天")));
    }

    void englishByAcceptLanguage()
    {
        const auto server = makeServer(5ms);
        const auto client
            = fetch(server->port(), "POST", "/chat", {}, { "Accept-Language: en-GB,en;q=0.8" });
        QCOMPARE(client->jsonAt(0).value(u"content").toString(),
            QStringLiteral("What would you like to listen to?"));
    }

    void contentWithLineBreaksIsOneEvent()
    {
        ChatServer server([] { return std::make_unique<MultilineAgent>(); });
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        const auto client = fetch(server.port(), "POST", "/chat");
        QCOMPARE(client->arrivals().size(), 2);
        QCOMPARE(client->jsonAt(0).value(u"content").toString(),
            QStringLiteral("line one\nline two\r\nline three\rend: \"quoted\""));
        // One data line per event on the wire.
        QCOMPARE(client->body().count("\ndata: "), 2);
    }

    void heartbeatDuringSilence()
    {
        ChatServer::Options options;
        options.heartbeat = 150ms;
        ChatServer server([] { return std::make_unique<SilentAgent>(); }, options);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        RawSseClient client(m_clock);
        client.request(server.port(), "POST", "/chat");
        QTRY_VERIFY_WITH_TIMEOUT(client.comments().size() >= 3, 5000);
        QCOMPARE(client.comments().first(), QByteArray(": ping"));
        QCOMPARE(client.arrivals().size(), 1); // comments dispatch nothing
    }

    void agentFailureBecomesErrorThenDone()
    {
        const auto server = makeServer(5ms);
        const auto client = fetch(server->port(), "POST", "/chat",
            "{\"message\":\"play Yesterday #fail\"}", { "Content-Type: application/json" });
        const auto &arrivals = client->arrivals();
        QVERIFY(arrivals.size() >= 3);
        const QJsonObject error = client->jsonAt(arrivals.size() - 2);
        QCOMPARE(error.value(u"type").toString(), QStringLiteral("error"));
        QCOMPARE(error.value(u"status").toInt(), 500);
        QVERIFY(!error.value(u"content").toString().isEmpty());
        QCOMPARE(
            client->jsonAt(arrivals.size() - 1).value(u"type").toString(), QStringLiteral("done"));
    }

    void disconnectCancelsTheRun()
    {
        ChatServer::Options options;
        options.resumeGrace = 0ms;
        const auto server = makeServer(100ms, options);
        QSignalSpy ended(server.get(), &ChatServer::runEnded);
        {
            RawSseClient client(m_clock);
            client.request(server->port(), "POST", "/chat");
            QTRY_VERIFY(client.arrivals().size() >= 2);
            QCOMPARE(m_agents.size(), 1);
            QVERIFY(!m_agents.first().isNull());
            client.abort();
        }
        QTRY_COMPARE(ended.size(), 1);
        QCOMPARE(ended.first().first().toBool(), false);
        QTRY_VERIFY(m_agents.first().isNull()); // the agent object was freed
        QCOMPARE(server->activeRunCount(), 0);
        // And the server keeps serving.
        const auto health = fetch(server->port(), "GET", "/health", {}, { "Connection: close" });
        QCOMPARE(health.get()->status(), 200);
        QCOMPARE(jsonBody(*health).value(u"status").toString(), QStringLiteral("ok"));
        const auto again = fetch(server->port(), "POST", "/chat");
        QCOMPARE(again->arrivals().size(), kDemoEvents);
    }

    void droppedClientIsGivenAGracePeriod()
    {
        ChatServer::Options options;
        options.resumeGrace = 300ms;
        const auto server = makeServer(50ms, options);
        RawSseClient client(m_clock);
        client.request(server->port(), "POST", "/chat");
        QTRY_VERIFY(client.arrivals().size() >= 2);
        client.abort();
        const qint64 droppedAt = m_clock.elapsed();
        QTRY_VERIFY(m_agents.first().isNull());
        QVERIFY(m_clock.elapsed() - droppedAt >= 250);
    }

    void resumeWithLastEventId()
    {
        const auto server = makeServer(60ms);
        RawSseClient first(m_clock);
        first.request(server->port(), "POST", "/chat");
        QTRY_VERIFY(first.arrivals().size() >= 3);
        first.abort();
        const QString lastId = first.arrivals().at(2).event.lastEventId;
        const QByteArray sessionId = lastId.section(u':', 0, 0).toUtf8();

        const auto resumed = fetch(server->port(), "GET", "/chat?sessionId=" + sessionId, {},
            { "Last-Event-ID: " + lastId.toUtf8() });
        QCOMPARE(resumed->status(), 200);
        // Events 4..12, each once, in order, whether replayed or live.
        QCOMPARE(resumed->arrivals().size(), kDemoEvents - 3);
        for (int i = 0; i < resumed->arrivals().size(); ++i)
            QCOMPARE(resumed->arrivals().at(i).event.lastEventId,
                QStringLiteral("%1:%2").arg(QString::fromUtf8(sessionId)).arg(i + 4));
        QCOMPARE(resumed->jsonAt(resumed->arrivals().size() - 1).value(u"type").toString(),
            QStringLiteral("done"));

        // Nothing left after the end: 204 tells EventSource to stop reconnecting.
        const QByteArray lastOfAll = resumed->arrivals().last().event.lastEventId.toUtf8();
        const auto over
            = fetch(server->port(), "GET", "/chat", {}, { "Last-Event-ID: " + lastOfAll });
        QCOMPARE(over->status(), 204);
        // The query form, for clients that cannot set headers, replays the same.
        const auto viaQuery
            = fetch(server->port(), "GET", "/chat?lastEventId=" + QUrl::toPercentEncoding(lastId));
        QCOMPARE(viaQuery->arrivals().size(), kDemoEvents - 3);
        QCOMPARE(m_agents.size(), 1); // no resume ever started a new run
    }

    void resumeTooOldGetsAnErrorEvent()
    {
        ChatServer::Options options;
        options.buffer.maxEvents = 4;
        const auto server = makeServer(1ms, options);
        const auto run = fetch(server->port(), "POST", "/chat");
        const QString firstId = run->arrivals().first().event.lastEventId;
        const auto resumed
            = fetch(server->port(), "GET", "/chat", {}, { "Last-Event-ID: " + firstId.toUtf8() });
        QCOMPARE(resumed->status(), 200);
        QCOMPARE(resumed->jsonAt(0).value(u"type").toString(), QStringLiteral("error"));
        QCOMPARE(resumed->jsonAt(0).value(u"status").toInt(), 410);
        QCOMPARE(resumed->jsonAt(1).value(u"type").toString(), QStringLiteral("done"));
        // Reconnecting after that error gets a 204, not the error again.
        const auto after = fetch(server->port(), "GET", "/chat", {},
            { "Last-Event-ID: " + resumed->arrivals().last().event.lastEventId.toUtf8() });
        QCOMPARE(after->status(), 204);
    }

    void finishedRunForgetsItsEventsAfterTheReplayTime()
    {
        ChatServer::Options options;
        options.finishedRunReplay = 200ms;
        const auto server = makeServer(1ms, options);
        const auto run = fetch(server->port(), "POST", "/chat");
        QCOMPARE(run->arrivals().size(), kDemoEvents);
        const QByteArray third = run->arrivals().at(2).event.lastEventId.toUtf8();
        const auto resumeFromThird = [&] {
            return fetch(server->port(), "GET", "/chat", {}, { "Last-Event-ID: " + third });
        };
        // Right after the end, a client that missed the tail still gets it...
        const auto replay = resumeFromThird();
        QCOMPARE(replay->arrivals().size(), kDemoEvents - 3);
        // ...but not forever: then it is told the events are gone (410), as from a
        // buffer that overflowed; reconnecting after that error gets 204.
        std::unique_ptr<RawSseClient> gone;
        QTRY_VERIFY_WITH_TIMEOUT(
            (gone = resumeFromThird(), gone->jsonAt(0).value(u"status").toInt() == 410), 5000);
        const QByteArray afterError = gone->arrivals().last().event.lastEventId.toUtf8();
        QCOMPARE(
            fetch(server->port(), "GET", "/chat", {}, { "Last-Event-ID: " + afterError })->status(),
            204);
        // The refusal was that client's alone: it carries the id of the run's last event and
        // is not kept, so a resume from that event still gets 204, however many stale
        // resumes came before it.
        const QByteArray lastReal = run->arrivals().last().event.lastEventId.toUtf8();
        QCOMPARE(afterError, lastReal);
        for (int i = 0; i < 3; ++i) {
            const auto again = resumeFromThird();
            QCOMPARE(again->status(), 200);
            QCOMPARE(again->arrivals().size(), 2); // the 410 error and done, nothing stored
            QCOMPARE(again->jsonAt(0).value(u"status").toInt(), 410);
            QCOMPARE(again->arrivals().first().event.lastEventId.toUtf8(), lastReal);
            QCOMPARE(fetch(server->port(), "GET", "/chat", {}, { "Last-Event-ID: " + lastReal })
                         ->status(),
                204);
        }
    }

    // All finished runs' events together stay within a byte budget: a run that ends
    // past it pushes out the oldest finished run's events at once (its late resume gets
    // the 410 error), while the newest stays resumable.
    void finishedRunsShareAByteBudgetOldestOut()
    {
        ChatServer::Options options;
        options.finishedRunReplay = 60s; // the time limit is not what releases them here
        const auto probe = makeServer(1ms, options);
        const auto measured = fetch(probe->port(), "POST", "/chat");
        QCOMPARE(measured->arrivals().size(), kDemoEvents);
        // Room for one run's events and a half: the second run's end pushes the first out.
        qsizetype oneRun = 0; // as encoded: "id: <id>\ndata: <json>\n\n"
        for (const auto &arrival : measured->arrivals())
            oneRun += arrival.event.lastEventId.toUtf8().size() + arrival.event.data.toUtf8().size()
                + 13;
        options.finishedRunReplayBytes = oneRun * 3 / 2;
        const auto server = makeServer(1ms, options);
        const auto first = fetch(server->port(), "POST", "/chat");
        const auto second = fetch(server->port(), "POST", "/chat");
        QCOMPARE(first->arrivals().size(), kDemoEvents);
        QCOMPARE(second->arrivals().size(), kDemoEvents);
        const auto resumeFromThird = [&](const RawSseClient &run) {
            return fetch(server->port(), "GET", "/chat", {},
                { "Last-Event-ID: " + run.arrivals().at(2).event.lastEventId.toUtf8() });
        };
        const auto late = resumeFromThird(*first);
        QCOMPARE(late->jsonAt(0).value(u"status").toInt(), 410);
        QCOMPARE(resumeFromThird(*second)->arrivals().size(), kDemoEvents - 3);
    }

    void deleteCancelsARun()
    {
        const auto server = makeServer(100ms);
        RawSseClient client(m_clock);
        client.request(server->port(), "POST", "/chat");
        QTRY_VERIFY(client.arrivals().size() >= 1);
        const QByteArray sessionId = client.jsonAt(0).value(u"sessionId").toString().toUtf8();
        const auto busy = fetch(server->port(), "POST", "/chat?sessionId=" + sessionId);
        QCOMPARE(busy->status(), 409);
        QCOMPARE(jsonBody(*busy).value(u"status").toInt(), 409);
        const auto cancel = fetch(
            server->port(), "DELETE", "/chat?sessionId=" + sessionId, {}, { "Connection: close" });
        QCOMPARE(cancel->status(), 204);
        QTRY_VERIFY(client.isClosed());
        QTRY_VERIFY(m_agents.first().isNull());
        const auto none = fetch(
            server->port(), "DELETE", "/chat?sessionId=" + sessionId, {}, { "Connection: close" });
        QCOMPARE(none->status(), 404);
    }

    void hundredConcurrentStreams()
    {
        const auto server = makeServer(20ms);
        std::vector<std::unique_ptr<RawSseClient>> clients;
        for (int i = 0; i < 100; ++i) {
            clients.push_back(std::make_unique<RawSseClient>(m_clock));
            clients.back()->request(server->port(), "POST", "/chat");
        }
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(clients.begin(), clients.end(),
                                     [](const auto &c) { return c->isClosed(); }),
            30000);
        QSet<QString> sessions;
        for (const auto &client : clients) {
            QCOMPARE(client->status(), 200);
            QCOMPARE(client->arrivals().size(), kDemoEvents);
            const QString sessionId = client->jsonAt(0).value(u"sessionId").toString();
            sessions.insert(sessionId);
            for (int i = 0; i < kDemoEvents; ++i)
                QCOMPARE(client->arrivals().at(i).event.lastEventId,
                    QStringLiteral("%1:%2").arg(sessionId).arg(i + 1));
        }
        QCOMPARE(sessions.size(), 100);
        QTRY_COMPARE(server->activeRunCount(), 0);
    }

    void badInput_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QList<QByteArray>>("headers");
        QTest::addColumn<int>("status");
        const QList<QByteArray> json { "Content-Type: application/json" };
        QTest::newRow("unknown path") << QByteArray("GET") << QByteArray("/nope") << QByteArray()
                                      << QList<QByteArray>() << 404;
        QTest::newRow("wrong method") << QByteArray("PUT") << QByteArray("/chat") << QByteArray("x")
                                      << QList<QByteArray>() << 405;
        QTest::newRow("wrong method on health") << QByteArray("POST") << QByteArray("/health")
                                                << QByteArray() << QList<QByteArray>() << 405;
        QTest::newRow("malformed JSON") << QByteArray("POST") << QByteArray("/chat")
                                        << QByteArray("{\"message\": ") << json << 400;
        QTest::newRow("JSON not an object")
            << QByteArray("POST") << QByteArray("/chat") << QByteArray("[1,2]") << json << 400;
        QTest::newRow("message not a string") << QByteArray("POST") << QByteArray("/chat")
                                              << QByteArray("{\"message\":42}") << json << 400;
        QTest::newRow("body over 64 KiB")
            << QByteArray("POST") << QByteArray("/chat")
            << QByteArray("{\"message\":\"") + QByteArray(70 * 1024, 'a') + "\"}" << json << 413;
        QTest::newRow("bad sessionId")
            << QByteArray("POST") << QByteArray("/chat?sessionId=..%2Fetc") << QByteArray()
            << QList<QByteArray>() << 400;
        QTest::newRow("unsupported type")
            << QByteArray("POST") << QByteArray("/chat") << QByteArray("hi")
            << QList<QByteArray> { "Content-Type: text/plain" } << 415;
        QTest::newRow("bad Last-Event-ID")
            << QByteArray("GET") << QByteArray("/chat") << QByteArray()
            << QList<QByteArray> { "Last-Event-ID: nonsense" } << 400;
        QTest::newRow("unknown session resume")
            << QByteArray("GET") << QByteArray("/chat") << QByteArray()
            << QList<QByteArray> { "Last-Event-ID: gone:3" } << 404;
    }

    void badInput()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, target);
        QFETCH(QByteArray, body);
        QFETCH(QList<QByteArray>, headers);
        QFETCH(int, status);
        const auto server = makeServer(5ms);
        const auto client
            = fetch(server->port(), method, target, body, headers << "Connection: close");
        QCOMPARE(client->status(), status);
        QCOMPARE(client->header("Content-Type"), QByteArray("application/json"));
        const QJsonObject error = jsonBody(*client);
        QCOMPARE(error.value(u"status").toInt(), status);
        QVERIFY(!error.value(u"error").toString().isEmpty());
        if (status == 405)
            QVERIFY(client->hasHeader("Allow"));
        // Nothing was lost: the same server still streams a whole run.
        const auto run = fetch(server->port(), "POST", "/chat");
        QCOMPARE(run->arrivals().size(), kDemoEvents);
    }

    void bytesSentAfterTheRequestDoNotDisturbTheStream()
    {
        const auto server = makeServer(20ms);
        RawSseClient client(m_clock);
        client.request(server->port(), "POST", "/chat");
        QTRY_VERIFY(client.arrivals().size() >= 1);
        client.sendRaw("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
        QTRY_VERIFY_WITH_TIMEOUT(client.isClosed(), 5000);
        QCOMPARE(client.arrivals().size(), kDemoEvents);
        QVERIFY(!client.body().contains("HTTP/1.1"));
    }

    void healthAndIndex()
    {
        const auto server = makeServer(5ms);
        const auto health = fetch(server->port(), "GET", "/health", {}, { "Connection: close" });
        QCOMPARE(health->status(), 200);
        QCOMPARE(jsonBody(*health).value(u"version").toString(), QStringLiteral(RILL_VERSION));
        const auto index = fetch(server->port(), "GET", "/", {}, { "Connection: close" });
        QCOMPARE(index->status(), 200);
        QVERIFY(index->header("Content-Type").startsWith("text/html"));
        QVERIFY(index->body().contains("EventSource"));
    }
};

QTEST_GUILESS_MAIN(TestChatServer)
#include "tst_chatserver.moc"
