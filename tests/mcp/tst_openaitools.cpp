// Function calling in the OpenAI agent: the enabled MCP tools offered as
// `tools`, tool calls streamed in fragments, each run through a real MCP
// server (tests/mcp/fake_mcp_server.py) as planning and step messages, the
// results sent back, round after round, and every mistake of the model
// returned to it rather than ending the run.
#include "../agents/agentrecorder.h"
#include "fakellmserver.h"
#include "mcptestsupport.h"
#include "server/agent/mcp/mcpserverset.h"
#include "server/agent/openaiagent.h"
#include "server/agent/toolcallaccumulator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace rill;
using namespace rill::testing;
using namespace std::chrono_literals;
using Turn = FakeLlmServer::Turn;

namespace {

QJsonObject content(const QString &text)
{
    return { { u"content"_s, text } };
}

// The call's arguments cut into pieces of `size` characters, the first with its id and name.
QList<QJsonObject> fragmented(
    int index, const QString &id, const QString &name, const QString &arguments, qsizetype size = 3)
{
    QList<QJsonObject> deltas { FakeLlmServer::toolCallDelta(index, id, name, QString()) };
    for (qsizetype i = 0; i < arguments.size(); i += size)
        deltas.append(FakeLlmServer::toolCallDelta(index, {}, {}, arguments.mid(i, size)));
    return deltas;
}

struct Fixture
{
    FakeLlmServer llm;
    std::unique_ptr<McpServerSet> tools;
    QString log;
    QTemporaryDir dir;

    bool startTools()
    {
        log = dir.filePath(u"mcp.jsonl"_s);
        McpConfig config;
        config.servers.append(fakeServer({ u"--log"_s, log }));
        McpServerOptions options;
        options.killGrace = 300ms;
        tools = std::make_unique<McpServerSet>(config, options);
        tools->startAll();
        return QTest::qWaitFor(
            [&] { return tools->servers().first()->state() == McpServer::State::Ready; }, 10000);
    }

    OpenAiAgentOptions options(int maxRounds = 8)
    {
        llm.mode = FakeLlmServer::Mode::Script;
        llm.gapMs = 5;
        OpenAiAgentOptions options;
        options.baseUrl = llm.url();
        options.tools.tools = tools.get();
        options.tools.maxRounds = maxRounds;
        options.tools.toolTimeout = 5s;
        return options;
    }
};

AgentRequest request(const QString &message)
{
    AgentRequest r;
    r.sessionId = u"s-1"_s;
    r.message = message;
    return r;
}

QStringList describe(const QList<Message> &messages)
{
    QStringList lines;
    for (const Message &m : messages) {
        if (m.type == MessageType::Step)
            lines.append(u"step %1 %2: %3"_s.arg(m.stepIndex()).arg(m.stepState(), m.content));
        else
            lines.append(m.type + u": "_s + m.content);
    }
    return lines;
}

} // namespace

class TestOpenAiTools : public QObject
{
    Q_OBJECT
private slots:
    void accumulatorJoinsFragments();
    void accumulatorTakesWholeCallsWithoutIndex();
    void toolsAreOfferedWithTheirSchemas();
    void twoRoundsWithAFailingCall();
    void mistakesGoBackToTheModel();
    void roundsRunOut();
    void stopDuringAToolCancelsTheCall();
};

void TestOpenAiTools::accumulatorJoinsFragments()
{
    ToolCallAccumulator calls;
    // Two calls, their pieces interleaved as some servers send them.
    calls.feed({ FakeLlmServer::toolCallDelta(0, u"call_a"_s, u"read_file"_s, u"{\"pa"_s)
                     .value(u"tool_calls"_s)
                     .toArray()
                     .first() });
    calls.feed(FakeLlmServer::toolCallDelta(1, u"call_b"_s, u"list_directory"_s, u"{"_s)
                   .value(u"tool_calls"_s)
                   .toArray());
    calls.feed(FakeLlmServer::toolCallDelta(0, {}, {}, u"th\": \"notes.md\"}"_s)
                   .value(u"tool_calls"_s)
                   .toArray());
    calls.feed(FakeLlmServer::toolCallDelta(1, {}, {}, u"}"_s).value(u"tool_calls"_s).toArray());
    const QList<ToolCallRequest> got = calls.calls();
    QCOMPARE(got.size(), 2);
    QCOMPARE(got.at(0).id, u"call_a"_s);
    QCOMPARE(got.at(0).name, u"read_file"_s);
    QCOMPARE(got.at(0).arguments, u"{\"path\": \"notes.md\"}"_s);
    QCOMPARE(got.at(1).name, u"list_directory"_s);
    QCOMPARE(got.at(1).arguments, u"{}"_s);
}

void TestOpenAiTools::accumulatorTakesWholeCallsWithoutIndex()
{
    ToolCallAccumulator calls;
    // Ollama's shape: whole calls, arguments as an object, no index, no id on one.
    calls.feed(QJsonDocument::fromJson(R"([
        {"id": "x1", "function": {"name": "a", "arguments": {"n": 1}}},
        {"id": "x2", "function": {"name": "b", "arguments": {}}}])")
                   .array());
    const QList<ToolCallRequest> got = calls.calls();
    QCOMPARE(got.size(), 2);
    QCOMPARE(got.at(0).name, u"a"_s);
    QCOMPARE(got.at(0).arguments, u"{\"n\":1}"_s);
    QCOMPARE(got.at(1).id, u"x2"_s);
    ToolCallAccumulator noId;
    noId.feed(QJsonDocument::fromJson(R"([{"index": 0, "function": {"name": "c"}}])").array());
    QCOMPARE(noId.calls().first().id, u"call_0"_s);
}

void TestOpenAiTools::toolsAreOfferedWithTheirSchemas()
{
    Fixture f;
    QVERIFY(f.startTools());
    f.tools->setToolEnabled(u"fake"_s, u"freeze"_s, false);
    OpenAiAgent agent(f.options());
    f.llm.script = { Turn { { content(u"Hi"_s) } } };
    Recorded got;
    record(agent, got);
    agent.start(request(u"hello"_s));
    QTRY_VERIFY(got.ended());
    QVERIFY2(got.finished, qPrintable(got.failure));
    const QJsonArray offered = f.llm.bodies().first().value(u"tools"_s).toArray();
    QCOMPARE(offered.size(), 7); // eight tools, one switched off
    const QJsonObject echo = offered.first().toObject();
    QCOMPARE(echo.value(u"type"_s).toString(), u"function"_s);
    const QJsonObject function = echo.value(u"function"_s).toObject();
    QCOMPARE(function.value(u"name"_s).toString(), u"echo"_s);
    QCOMPARE(function.value(u"description"_s).toString(), u"Echoes its text."_s);
    QCOMPARE(function.value(u"parameters"_s).toObject().value(u"required"_s).toArray(),
        QJsonArray { u"text"_s });
    for (const QJsonValue &tool : offered)
        QVERIFY(tool[u"function"_s][u"name"_s] != u"freeze"_s);
}

void TestOpenAiTools::twoRoundsWithAFailingCall()
{
    Fixture f;
    QVERIFY(f.startTools());
    OpenAiAgent agent(f.options());
    Turn first;
    first.deltas = { content(u"Let me look."_s) };
    first.deltas += fragmented(0, u"call_1"_s, u"echo"_s, u"{\"text\": \"notes.md\"}"_s);
    first.deltas += fragmented(1, u"call_2"_s, u"fail"_s, u"{}"_s);
    first.finishReason = u"tool_calls"_s;
    Turn second;
    second.deltas = fragmented(0, u"call_3"_s, u"echo"_s, u"{\"text\": \"again\"}"_s, 5);
    second.finishReason = u"tool_calls"_s;
    f.llm.script = { first, second, Turn { { content(u"Both "_s), content(u"done."_s) } } };
    Recorded got;
    record(agent, got);
    agent.start(request(u"read my notes"_s));
    QTRY_VERIFY_WITH_TIMEOUT(got.ended(), 15000);
    QVERIFY2(got.finished, qPrintable(got.failure));

    const QStringList expected {
        u"delta: Let me look."_s,
        u"delta: \n\n"_s,
        u"planning: 1. echo notes.md"_s,
        u"planning: 2. fail"_s,
        u"step 1 running: echo notes.md"_s,
        u"step 1 done: echo: notes.md"_s,
        u"step 2 running: fail"_s,
        u"step 2 failed: this tool always fails"_s,
        u"planning: 3. echo again"_s,
        u"step 3 running: echo again"_s,
        u"step 3 done: echo: again"_s,
        u"delta: Both "_s,
        u"delta: done."_s,
        u"assistant: Let me look.\n\nBoth done."_s,
    };
    QCOMPARE(describe(got.messages), expected);
    const Message done = got.messages.at(5);
    QCOMPARE(done.extra.value(u"tool"_s).toString(), u"echo"_s);
    QCOMPARE(
        done.extra.value(u"arguments"_s).toObject().value(u"text"_s).toString(), u"notes.md"_s);
    QCOMPARE(done.extra.value(u"result"_s).toString(), u"echo: notes.md"_s);
    QVERIFY(!done.extra.contains(u"truncated"_s));

    // The model saw its calls and their results, round by round.
    QCOMPARE(f.llm.requestCount(), 3);
    const QJsonArray second2 = f.llm.bodies().at(1).value(u"messages"_s).toArray();
    QCOMPARE(second2.size(), 4); // user, assistant with calls, two tool results
    const QJsonObject assistant = second2.at(1).toObject();
    QCOMPARE(assistant.value(u"role"_s).toString(), u"assistant"_s);
    QCOMPARE(assistant.value(u"content"_s).toString(), u"Let me look."_s);
    const QJsonArray calls = assistant.value(u"tool_calls"_s).toArray();
    QCOMPARE(calls.size(), 2);
    QCOMPARE(calls.at(0)[u"id"_s].toString(), u"call_1"_s);
    QCOMPARE(calls.at(0)[u"function"_s][u"arguments"_s].toString(), u"{\"text\": \"notes.md\"}"_s);
    QCOMPARE(second2.at(2)[u"role"_s].toString(), u"tool"_s);
    QCOMPARE(second2.at(2)[u"tool_call_id"_s].toString(), u"call_1"_s);
    QCOMPARE(second2.at(2)[u"content"_s].toString(), u"echo: notes.md"_s);
    QCOMPARE(second2.at(3)[u"tool_call_id"_s].toString(), u"call_2"_s);
    QCOMPARE(second2.at(3)[u"content"_s].toString(), u"this tool always fails"_s);
    const QJsonArray third = f.llm.bodies().at(2).value(u"messages"_s).toArray();
    QCOMPARE(third.size(), 6);
    QCOMPARE(third.at(5)[u"content"_s].toString(), u"echo: again"_s);
}

void TestOpenAiTools::mistakesGoBackToTheModel()
{
    Fixture f;
    QVERIFY(f.startTools());
    OpenAiAgent agent(f.options());
    Turn first;
    first.deltas = fragmented(0, u"c1"_s, u"no_such_tool"_s, u"{}"_s);
    first.deltas += fragmented(1, u"c2"_s, u"echo"_s, u"{\"text\": oops"_s);
    first.deltas += fragmented(2, u"c3"_s, u"die"_s, u""_s);
    first.finishReason = u"tool_calls"_s;
    f.llm.script = { first, Turn { { content(u"Sorry."_s) } } };
    Recorded got;
    record(agent, got);
    agent.start(request(u"try"_s));
    QTRY_VERIFY_WITH_TIMEOUT(got.ended(), 15000);
    QVERIFY2(got.finished, qPrintable(got.failure));
    const QList<Message> failedSteps = [&] {
        QList<Message> out;
        for (const Message &m : got.ofType(MessageType::Step)) {
            if (m.stepState() == u"failed"_s)
                out.append(m);
        }
        return out;
    }();
    QCOMPARE(failedSteps.size(), 3);
    const QJsonArray results = f.llm.bodies().at(1).value(u"messages"_s).toArray();
    QCOMPARE(results.size(), 5);
    const QString unknown = results.at(2)[u"content"_s].toString();
    QVERIFY2(unknown.startsWith(
                 u"Error: there is no tool named \"no_such_tool\"; the tools are: echo, fail"_s),
        qPrintable(unknown));
    const QString malformed = results.at(3)[u"content"_s].toString();
    QVERIFY2(malformed.startsWith(u"Error: the arguments are not a JSON object"_s),
        qPrintable(malformed));
    QCOMPARE(failedSteps.at(1).extra.value(u"arguments"_s).toString(), u"{\"text\": oops"_s);
    const QString died = results.at(4)[u"content"_s].toString();
    QVERIFY2(died.startsWith(u"Error: the MCP server \"fake\" exited with status 3"_s),
        qPrintable(died));
    QCOMPARE(got.ofType(MessageType::Assistant).last().content, u"Sorry."_s);
}

void TestOpenAiTools::roundsRunOut()
{
    Fixture f;
    QVERIFY(f.startTools());
    OpenAiAgent agent(f.options(2));
    Turn call;
    call.deltas = fragmented(0, u"c"_s, u"echo"_s, u"{\"text\": \"x\"}"_s);
    call.finishReason = u"tool_calls"_s;
    f.llm.script = { call, call, call, Turn { { content(u"never"_s) } } };
    Recorded got;
    record(agent, got);
    agent.start(request(u"loop"_s));
    QTRY_VERIFY_WITH_TIMEOUT(got.ended(), 15000);
    QCOMPARE(got.failure,
        u"the model still asked for tools after 2 rounds of calls (--max-tool-rounds 2)"_s);
    QCOMPARE(got.failureStatus, 508);
    QCOMPARE(f.llm.requestCount(), 3);
    QCOMPARE(got.ofType(MessageType::Planning).size(), 2);
}

void TestOpenAiTools::stopDuringAToolCancelsTheCall()
{
    Fixture f;
    QVERIFY(f.startTools());
    auto agent = std::make_unique<OpenAiAgent>(f.options());
    Turn call;
    call.deltas = fragmented(0, u"c"_s, u"slow"_s, u"{\"seconds\": 5}"_s);
    call.finishReason = u"tool_calls"_s;
    f.llm.script = { call };
    Recorded got;
    record(*agent, got);
    agent->start(request(u"wait"_s));
    QTRY_VERIFY(!got.ofType(MessageType::Step).isEmpty());
    agent->cancel();
    agent.reset();
    const auto cancelled = [&] {
        QFile file(f.log);
        return file.open(QIODevice::ReadOnly) && file.readAll().contains("notifications/cancelled");
    };
    QTRY_VERIFY(cancelled());
    QVERIFY(!got.ended());
}

QTEST_GUILESS_MAIN(TestOpenAiTools)
#include "tst_openaitools.moc"
