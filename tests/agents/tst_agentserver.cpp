// The process and OpenAI agents behind a real ChatServer, read over HTTP by a
// raw SSE client: the HTTP layer relays whatever agent runs, event by event.
#include "fakellmserver.h"
#include "pythonpath.h"
#include "rawsseclient.h"
#include "server/agent/openaiagent.h"
#include "server/agent/processagent.h"
#include "server/http/chatserver.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QPointer>
#include <QSignalSpy>
#include <QTest>

using namespace rill;
using namespace std::chrono_literals;

namespace {

std::unique_ptr<ChatServer> startServer(AgentFactory factory, QList<QPointer<Agent>> *agents)
{
    ChatServer::Options options;
    options.resumeGrace = 0ms; // a disconnect cancels at once
    auto server = std::make_unique<ChatServer>(std::move(factory), options);
    QObject::connect(server.get(), &ChatServer::runStarted, server.get(),
        [agents](Agent *agent) { agents->append(agent); });
    if (!server->listen(QHostAddress::LocalHost, 0))
        qFatal("cannot listen: %s", qPrintable(server->errorString()));
    return server;
}

AgentFactory musicAgent(double delaySeconds)
{
    ProcessAgentOptions options;
    options.program = findPython();
    options.arguments = { sourcePath(QStringLiteral("examples/agents/music_agent.py")),
        QStringLiteral("--delay"), QString::number(delaySeconds) };
    options.killGrace = 500ms;
    return
        [options]() -> std::unique_ptr<Agent> { return std::make_unique<ProcessAgent>(options); };
}

QString typeAt(const RawSseClient &client, qsizetype i)
{
    return client.jsonAt(i).value(QLatin1String("type")).toString();
}

} // namespace

class TestAgentServer : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { m_clock.start(); }
    void processAgentStreamsOverHttp();
    void processAgentFailureBecomesErrorEvent();
    void disconnectLeavesNoChildProcess();
    void openAiDeltasStreamOverHttp();
    void openAiErrorBecomesErrorEvent();
    void stopAbortsTheLlmRequest();
    void switchingTheAgentFactory();

private:
    QElapsedTimer m_clock;
};

void TestAgentServer::processAgentStreamsOverHttp()
{
    constexpr int delayMs = 150;
    QList<QPointer<Agent>> agents;
    auto server = startServer(musicAgent(delayMs / 1000.0), &agents);
    RawSseClient client(m_clock);
    client.request(server->port(), "POST", "/chat", "{\"message\":\"我想听晴天\"}",
        { "Content-Type: application/json" });
    QTRY_VERIFY_WITH_TIMEOUT(client.isClosed(), 15000);
    QCOMPARE(client.status(), 200);
    const auto &arrivals = client.arrivals();
    QCOMPARE(arrivals.size(), 12); // 11 of the script's, then done
    QCOMPARE(typeAt(client, 0), MessageType::Assistant);
    QCOMPARE(client.jsonAt(0).value(QLatin1String("content")).toString(),
        QStringLiteral("好的，我来为您准备《晴天》。"));
    QCOMPARE(client.jsonAt(1).value(QLatin1String("step")).toInt(), 1);
    QCOMPARE(typeAt(client, 11), MessageType::Done);
    // Filled in on the way: ids, the session and a timestamp on every event.
    const QString session = client.jsonAt(0).value(QLatin1String("sessionId")).toString();
    QVERIFY(!session.isEmpty());
    for (qsizetype i = 0; i < arrivals.size(); ++i) {
        const QJsonObject json = client.jsonAt(i);
        QCOMPARE(json.value(QLatin1String("sessionId")).toString(), session);
        QVERIFY(!json.value(QLatin1String("id")).toString().isEmpty());
        QVERIFY(!json.value(QLatin1String("timestamp")).toString().isEmpty());
    }
    // On the wire one by one at the script's pace.
    QStringList gaps;
    for (qsizetype i = 1; i < 11; ++i) {
        const qint64 gap = arrivals.at(i).atMs - arrivals.at(i - 1).atMs;
        gaps.append(QString::number(gap));
        QVERIFY2(gap >= delayMs * 2 / 3, qPrintable(gaps.join(u' ')));
    }
    qInfo("gaps between events on the wire (ms): %s", qPrintable(gaps.join(u' ')));
}

void TestAgentServer::processAgentFailureBecomesErrorEvent()
{
    ProcessAgentOptions options;
    options.program = findPython();
    options.arguments = { sourcePath(QStringLiteral("tests/agents/scripts/test_agent.py")),
        QStringLiteral("--mode"), QStringLiteral("crash") };
    QList<QPointer<Agent>> agents;
    auto server = startServer(
        [options]() -> std::unique_ptr<Agent> { return std::make_unique<ProcessAgent>(options); },
        &agents);
    RawSseClient client(m_clock);
    client.request(server->port(), "POST", "/chat");
    QTRY_VERIFY_WITH_TIMEOUT(client.isClosed(), 15000);
    QCOMPARE(client.arrivals().size(), 3);
    QCOMPARE(typeAt(client, 0), MessageType::Planning);
    QCOMPARE(typeAt(client, 1), MessageType::Error);
    QCOMPARE(client.jsonAt(1).value(QLatin1String("status")).toInt(), 502);
    QVERIFY(client.jsonAt(1)
                .value(QLatin1String("content"))
                .toString()
                .contains(QStringLiteral("crashed")));
    QCOMPARE(typeAt(client, 2), MessageType::Done);
    // The server goes on serving.
    QTRY_COMPARE(server->activeRunCount(), 0);
}

void TestAgentServer::disconnectLeavesNoChildProcess()
{
    QList<QPointer<Agent>> agents;
    auto server = startServer(musicAgent(1.0), &agents);
    RawSseClient client(m_clock);
    client.request(server->port(), "POST", "/chat");
    QTRY_VERIFY_WITH_TIMEOUT(client.arrivals().size() >= 1, 15000);
    QCOMPARE(agents.size(), 1);
    auto *agent = qobject_cast<ProcessAgent *>(agents.first().data());
    QVERIFY(agent);
    const qint64 pid = agent->processId();
    QVERIFY(processExists(pid));

    client.abort(); // the user closed the tab
    QTRY_VERIFY_WITH_TIMEOUT(agents.first().isNull(), 5000); // the run and its agent are freed
    // Terminated, then reaped: not even a zombie is left.
    QTRY_VERIFY_WITH_TIMEOUT(!processExists(pid), 5000);
    QCOMPARE(server->activeRunCount(), 0);
}

void TestAgentServer::openAiDeltasStreamOverHttp()
{
    FakeLlmServer llm;
    llm.gapMs = 100;
    OpenAiAgentOptions options;
    options.baseUrl = llm.url();
    QList<QPointer<Agent>> agents;
    auto server = startServer(
        [options]() -> std::unique_ptr<Agent> { return std::make_unique<OpenAiAgent>(options); },
        &agents);
    RawSseClient client(m_clock);
    client.request(server->port(), "POST", "/chat", "{\"message\":\"hello\"}",
        { "Content-Type: application/json" });
    QTRY_VERIFY_WITH_TIMEOUT(client.isClosed(), 15000);
    const auto &arrivals = client.arrivals();
    QCOMPARE(arrivals.size(), llm.pieces.size() + 2); // deltas, assistant, done
    for (qsizetype i = 0; i < llm.pieces.size(); ++i) {
        QCOMPARE(typeAt(client, i), MessageType::Delta);
        QCOMPARE(client.jsonAt(i).value(QLatin1String("content")).toString(), llm.pieces.at(i));
        if (i > 0)
            QVERIFY(arrivals.at(i).atMs - arrivals.at(i - 1).atMs >= llm.gapMs * 2 / 3);
    }
    QCOMPARE(typeAt(client, llm.pieces.size()), MessageType::Assistant);
    QCOMPARE(client.jsonAt(llm.pieces.size()).value(QLatin1String("content")).toString(),
        llm.pieces.join(QString()));
    QCOMPARE(typeAt(client, llm.pieces.size() + 1), MessageType::Done);

    // The next turn of the session sends the conversation so far.
    const QString session = client.jsonAt(0).value(QLatin1String("sessionId")).toString();
    RawSseClient second(m_clock);
    second.request(server->port(), "POST", "/chat",
        "{\"sessionId\":\"" + session.toUtf8() + "\",\"message\":\"again\"}",
        { "Content-Type: application/json" });
    QTRY_VERIFY_WITH_TIMEOUT(second.isClosed(), 15000);
    const QJsonArray messages = llm.lastBody().value(QLatin1String("messages")).toArray();
    QCOMPARE(messages.size(), 3);
    QCOMPARE(messages.at(1).toObject().value(QLatin1String("content")).toString(),
        llm.pieces.join(QString()));
}

void TestAgentServer::openAiErrorBecomesErrorEvent()
{
    FakeLlmServer llm;
    llm.mode = FakeLlmServer::Mode::Error500;
    OpenAiAgentOptions options;
    options.baseUrl = llm.url();
    QList<QPointer<Agent>> agents;
    auto server = startServer(
        [options]() -> std::unique_ptr<Agent> { return std::make_unique<OpenAiAgent>(options); },
        &agents);
    RawSseClient client(m_clock);
    client.request(server->port(), "POST", "/chat?message=hi");
    QTRY_VERIFY_WITH_TIMEOUT(client.isClosed(), 15000);
    QCOMPARE(client.arrivals().size(), 2);
    QCOMPARE(typeAt(client, 0), MessageType::Error);
    QCOMPARE(client.jsonAt(0).value(QLatin1String("status")).toInt(), 500);
    QVERIFY(client.jsonAt(0)
                .value(QLatin1String("content"))
                .toString()
                .contains(QStringLiteral("the model is not loaded")));
    QCOMPARE(typeAt(client, 1), MessageType::Done);
}

void TestAgentServer::stopAbortsTheLlmRequest()
{
    FakeLlmServer llm;
    llm.gapMs = 100;
    llm.pieces = QStringList(100, QStringLiteral("word "));
    OpenAiAgentOptions options;
    options.baseUrl = llm.url();
    QList<QPointer<Agent>> agents;
    auto server = startServer(
        [options]() -> std::unique_ptr<Agent> { return std::make_unique<OpenAiAgent>(options); },
        &agents);
    QSignalSpy llmClosed(&llm, &FakeLlmServer::connectionClosed);
    RawSseClient client(m_clock);
    client.request(server->port(), "POST", "/chat?sessionId=stop-me&message=hi");
    QTRY_VERIFY_WITH_TIMEOUT(client.arrivals().size() >= 2, 10000);
    QVERIFY(llmClosed.isEmpty());

    // What the window's Stop does besides dropping its own request.
    RawSseClient stop(m_clock);
    stop.request(server->port(), "DELETE", "/chat?sessionId=stop-me");
    QTRY_VERIFY_WITH_TIMEOUT(stop.isComplete(), 5000);
    QCOMPARE(stop.status(), 204);
    // The upstream request is aborted at once, not left to stream 100 pieces.
    QTRY_COMPARE_WITH_TIMEOUT(llmClosed.size(), 1, 2000);
    QTRY_VERIFY(client.isClosed());
    QTRY_VERIFY(agents.first().isNull());
}

void TestAgentServer::switchingTheAgentFactory()
{
    QList<QPointer<Agent>> agents;
    auto server = startServer(musicAgent(0.0), &agents);
    FakeLlmServer llm;
    llm.gapMs = 1;
    OpenAiAgentOptions options;
    options.baseUrl = llm.url();
    server->setAgentFactory(
        [options]() -> std::unique_ptr<Agent> { return std::make_unique<OpenAiAgent>(options); });
    RawSseClient client(m_clock);
    client.request(server->port(), "POST", "/chat?message=hi");
    QTRY_VERIFY_WITH_TIMEOUT(client.isClosed(), 15000);
    QCOMPARE(typeAt(client, 0), MessageType::Delta);
    QCOMPARE(llm.requestCount(), 1);
}

QTEST_GUILESS_MAIN(TestAgentServer)
#include "tst_agentserver.moc"
