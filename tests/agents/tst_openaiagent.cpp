// The OpenAI-compatible agent against a fake LLM server on 127.0.0.1:0.
#include "agentrecorder.h"
#include "fakellmserver.h"
#include "server/agent/openaiagent.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace rill;
using rill::testing::record;
using rill::testing::Recorded;
using namespace std::chrono_literals;

namespace {

OpenAiAgentOptions optionsFor(const FakeLlmServer &server, std::chrono::milliseconds timeout = 10s)
{
    OpenAiAgentOptions options;
    options.baseUrl = server.url();
    options.model = QStringLiteral("test-model");
    options.apiKey = QStringLiteral("sk-test");
    options.systemPrompt = QStringLiteral("Be brief.");
    options.timeout = timeout;
    return options;
}

AgentRequest request(const QString &message)
{
    AgentRequest r;
    r.sessionId = QStringLiteral("s-1");
    r.message = message;
    return r;
}

} // namespace

class TestOpenAiAgent : public QObject
{
    Q_OBJECT
private slots:
    void completionsUrl_data();
    void completionsUrl();
    void deltasArriveOneByOneInOrder();
    void requestCarriesTheConversation();
    void optionsGoIntoTheUpstreamRequest();
    void errorStatusBecomesFailure();
    void stalledStreamTimesOut();
    void droppedStreamFails();
    void malformedChunkFails();
    void unreachableServerFails();
    void emptyMessageFails();
    void cancelAbortsTheUpstreamRequest();
};

void TestOpenAiAgent::completionsUrl_data()
{
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("expected");
    QTest::newRow("host") << "http://127.0.0.1:8080"
                          << "http://127.0.0.1:8080/v1/chat/completions";
    QTest::newRow("slash") << "http://127.0.0.1:8080/"
                           << "http://127.0.0.1:8080/v1/chat/completions";
    QTest::newRow("v1") << "http://localhost:11434/v1/"
                        << "http://localhost:11434/v1/chat/completions";
    QTest::newRow("prefix") << "https://example.com/llm"
                            << "https://example.com/llm/v1/chat/completions";
    QTest::newRow("full") << "http://h/v1/chat/completions"
                          << "http://h/v1/chat/completions";
}

void TestOpenAiAgent::completionsUrl()
{
    QFETCH(QString, base);
    QFETCH(QString, expected);
    QCOMPARE(OpenAiAgent::completionsUrl(QUrl(base)).toString(), expected);
}

void TestOpenAiAgent::deltasArriveOneByOneInOrder()
{
    FakeLlmServer server;
    server.gapMs = 120;
    OpenAiAgent agent(optionsFor(server));
    Recorded got;
    record(agent, got);
    agent.start(request(QStringLiteral("Say hello")));
    QTRY_VERIFY_WITH_TIMEOUT(got.ended(), 10000);
    QVERIFY2(got.finished, qPrintable(got.failure));

    const QList<Message> deltas = got.ofType(MessageType::Delta);
    QCOMPARE(deltas.size(), server.pieces.size()); // the empty role chunk adds nothing
    for (qsizetype i = 0; i < deltas.size(); ++i)
        QCOMPARE(deltas.at(i).content, server.pieces.at(i));
    // The whole answer comes last, after the pieces.
    QCOMPARE(got.messages.last().type, MessageType::Assistant);
    QCOMPARE(got.messages.last().content, server.pieces.join(QString()));
    QCOMPARE(got.messages.last().status, 200);

    // Each piece the moment it arrives: one gap apart, not bunched at the end.
    QStringList gaps;
    for (qsizetype i = 1; i < deltas.size(); ++i) {
        const qint64 gap = got.arrivalMs.at(i) - got.arrivalMs.at(i - 1);
        gaps.append(QString::number(gap));
        QVERIFY2(gap >= server.gapMs * 2 / 3, qPrintable(gaps.join(u' ')));
    }
    qInfo("gaps between deltas (ms): %s", qPrintable(gaps.join(u' ')));
}

void TestOpenAiAgent::requestCarriesTheConversation()
{
    FakeLlmServer server;
    server.gapMs = 1;
    OpenAiAgent agent(optionsFor(server));
    Recorded got;
    record(agent, got);
    AgentRequest r = request(QStringLiteral("And now?"));
    r.history = { Message::make(MessageType::User, QStringLiteral("Hi")),
        Message::make(MessageType::Planning, QStringLiteral("1. not for the model")),
        Message::make(MessageType::Assistant, QStringLiteral("Hello!"), 200) };
    agent.start(r);
    QTRY_VERIFY_WITH_TIMEOUT(got.ended(), 10000);

    QCOMPARE(server.lastPath(), QByteArray("/v1/chat/completions"));
    QCOMPARE(server.lastHeader("Authorization"), QByteArray("Bearer sk-test"));
    QCOMPARE(server.lastHeader("Content-Type"), QByteArray("application/json"));
    const QJsonObject body = server.lastBody();
    QCOMPARE(body.value(QLatin1String("stream")), QJsonValue(true));
    QCOMPARE(body.value(QLatin1String("model")).toString(), QStringLiteral("test-model"));
    const QJsonArray messages = body.value(QLatin1String("messages")).toArray();
    const auto at = [&messages](int i, const char *key) {
        return messages.at(i).toObject().value(QLatin1String(key)).toString();
    };
    QCOMPARE(messages.size(), 4);
    QCOMPARE(at(0, "role"), QStringLiteral("system"));
    QCOMPARE(at(1, "role"), QStringLiteral("user"));
    QCOMPARE(at(1, "content"), QStringLiteral("Hi"));
    QCOMPARE(at(2, "role"), QStringLiteral("assistant"));
    QCOMPARE(at(2, "content"), QStringLiteral("Hello!"));
    QCOMPARE(at(3, "role"), QStringLiteral("user"));
    QCOMPARE(at(3, "content"), QStringLiteral("And now?"));
}

void TestOpenAiAgent::optionsGoIntoTheUpstreamRequest()
{
    FakeLlmServer server;
    server.gapMs = 1;
    for (const bool withOptions : { false, true }) {
        OpenAiAgent agent(optionsFor(server));
        Recorded got;
        record(agent, got);
        AgentRequest r = request(QStringLiteral("Hi"));
        if (withOptions) {
            r.options.model = QStringLiteral("qwen3:8b");
            r.options.system = QString(); // an empty prompt: none at all, not "Be brief."
            r.options.temperature = 0.7;
            r.options.topP = 0.95;
            r.options.maxTokens = 512;
        }
        agent.start(r);
        QTRY_VERIFY_WITH_TIMEOUT(got.ended(), 10000);
        QVERIFY2(got.finished, qPrintable(got.failure));
        const QJsonObject body = server.lastBody();
        // Usage is always asked for: it is where the stats' token counts come from.
        QCOMPARE(body.value(QLatin1String("stream_options")).toObject(),
            (QJsonObject { { QStringLiteral("include_usage"), true } }));
        const QJsonArray messages = body.value(QLatin1String("messages")).toArray();
        if (!withOptions) {
            QCOMPARE(body.value(QLatin1String("model")).toString(), QStringLiteral("test-model"));
            QCOMPARE(messages.size(), 2);
            QVERIFY(!body.contains(QLatin1String("temperature")));
            QVERIFY(!body.contains(QLatin1String("top_p")));
            QVERIFY(!body.contains(QLatin1String("max_tokens")));
            continue;
        }
        QCOMPARE(body.value(QLatin1String("model")).toString(), QStringLiteral("qwen3:8b"));
        QCOMPARE(messages.size(), 1);
        QCOMPARE(messages.at(0)[QLatin1String("role")].toString(), QStringLiteral("user"));
        QCOMPARE(body.value(QLatin1String("temperature")).toDouble(), 0.7);
        QCOMPARE(body.value(QLatin1String("top_p")).toDouble(), 0.95);
        QCOMPARE(body.value(QLatin1String("max_tokens")).toInt(), 512);
    }
}

void TestOpenAiAgent::errorStatusBecomesFailure()
{
    FakeLlmServer server;
    server.mode = FakeLlmServer::Mode::Error500;
    OpenAiAgent agent(optionsFor(server));
    Recorded got;
    record(agent, got);
    agent.start(request(QStringLiteral("hi")));
    QTRY_VERIFY_WITH_TIMEOUT(got.ended(), 10000);
    QVERIFY(!got.finished);
    QVERIFY(got.messages.isEmpty());
    QCOMPARE(got.failureStatus, 500);
    QVERIFY2(got.failure.contains(QStringLiteral("answered 500")), qPrintable(got.failure));
    QVERIFY2(
        got.failure.contains(QStringLiteral("the model is not loaded")), qPrintable(got.failure));
}

void TestOpenAiAgent::stalledStreamTimesOut()
{
    FakeLlmServer server;
    server.mode = FakeLlmServer::Mode::Stall;
    OpenAiAgent agent(optionsFor(server, 500ms));
    Recorded got;
    record(agent, got);
    QSignalSpy closed(&server, &FakeLlmServer::connectionClosed);
    agent.start(request(QStringLiteral("hi")));
    QTRY_VERIFY_WITH_TIMEOUT(got.ended(), 10000);
    QCOMPARE(got.failureStatus, 504);
    QVERIFY2(
        got.failure.contains(QStringLiteral("sent nothing for 0.5 s")), qPrintable(got.failure));
    QVERIFY(got.clock.elapsed() >= 450);
    // The stalled request is given up, not left open.
    QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, 5000);
}

void TestOpenAiAgent::droppedStreamFails()
{
    FakeLlmServer server;
    server.mode = FakeLlmServer::Mode::Drop;
    OpenAiAgent agent(optionsFor(server));
    Recorded got;
    record(agent, got);
    agent.start(request(QStringLiteral("hi")));
    QTRY_VERIFY_WITH_TIMEOUT(got.ended(), 10000);
    QCOMPARE(got.ofType(MessageType::Delta).size(), 1); // what came before the drop
    QVERIFY(got.ofType(MessageType::Assistant).isEmpty());
    QCOMPARE(got.failureStatus, 502);
    QVERIFY2(got.failure.contains(QStringLiteral("before the answer was complete")),
        qPrintable(got.failure));
}

void TestOpenAiAgent::malformedChunkFails()
{
    FakeLlmServer server;
    server.mode = FakeLlmServer::Mode::Malformed;
    OpenAiAgent agent(optionsFor(server));
    Recorded got;
    record(agent, got);
    agent.start(request(QStringLiteral("hi")));
    QTRY_VERIFY_WITH_TIMEOUT(got.ended(), 10000);
    QCOMPARE(got.failureStatus, 502);
    QVERIFY2(got.failure.contains(QStringLiteral("malformed chunk")), qPrintable(got.failure));
}

void TestOpenAiAgent::unreachableServerFails()
{
    // A port that was free a moment ago: nothing listens there now.
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    OpenAiAgentOptions options;
    options.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
    OpenAiAgent agent(options);
    Recorded got;
    record(agent, got);
    agent.start(request(QStringLiteral("hi")));
    QTRY_VERIFY_WITH_TIMEOUT(got.ended(), 10000);
    QCOMPARE(got.failureStatus, 502);
    QVERIFY2(got.failure.contains(QStringLiteral("cannot reach the LLM server")),
        qPrintable(got.failure));
}

void TestOpenAiAgent::emptyMessageFails()
{
    FakeLlmServer server;
    OpenAiAgent agent(optionsFor(server));
    Recorded got;
    record(agent, got);
    agent.start(request(QString()));
    QVERIFY(got.ended());
    QCOMPARE(got.failureStatus, 400);
    QCOMPARE(server.requestCount(), 0);
}

void TestOpenAiAgent::cancelAbortsTheUpstreamRequest()
{
    FakeLlmServer server;
    server.gapMs = 100;
    server.pieces = QStringList(50, QStringLiteral("word "));
    OpenAiAgent agent(optionsFor(server));
    Recorded got;
    record(agent, got);
    QSignalSpy closed(&server, &FakeLlmServer::connectionClosed);
    agent.start(request(QStringLiteral("hi")));
    QTRY_VERIFY_WITH_TIMEOUT(got.messages.size() >= 2, 10000);
    agent.cancel();
    const qsizetype seen = got.messages.size();
    QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, 5000);
    QTest::qWait(250); // two more pieces' worth: none may be relayed
    QCOMPARE(got.messages.size(), seen);
    QVERIFY(!got.ended());
}

QTEST_GUILESS_MAIN(TestOpenAiAgent)
#include "tst_openaiagent.moc"
