// The process agent with real child processes: the example music agent and a
// script that misbehaves on purpose (scripts/test_agent.py).
#include "agentrecorder.h"
#include "pythonpath.h"
#include "server/agent/processagent.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace rill;
using rill::testing::record;
using rill::testing::Recorded;
using namespace std::chrono_literals;

namespace {

ProcessAgentOptions testAgent(const QString &mode, std::chrono::milliseconds timeout = 10s)
{
    ProcessAgentOptions options;
    options.program = findPython();
    options.arguments = { sourcePath(QStringLiteral("tests/agents/scripts/test_agent.py")),
        QStringLiteral("--mode"), mode };
    options.outputTimeout = timeout;
    options.killGrace = 300ms;
    return options;
}

AgentRequest request(const QString &message)
{
    AgentRequest r;
    r.sessionId = QStringLiteral("s-1");
    r.message = message;
    r.language = QStringLiteral("en");
    return r;
}

} // namespace

class TestProcessAgent : public QObject
{
    Q_OBJECT
private slots:
    void exampleAgentEventsArriveAtItsPace();
    void exampleAgentFailure();
    void requestReachesTheProcess();
    void reasoningLinesAreRelayed();
    void crashMidRunFails();
    void nonZeroExitFailsWithStderr();
    void garbageLineFails();
    void silenceTimesOut();
    void cleanExitWithoutDoneFinishes();
    void missingProgramFails();
    void cancelEndsTheProcess();
    void cancelKillsAProcessIgnoringTerm();
    void deletingTheAgentLeavesNoProcess();
    void cancelEndsWhatTheAgentStarted_data();
    void cancelEndsWhatTheAgentStarted();
    void helperLeftByACompletedRunIsEnded();
};

void TestProcessAgent::exampleAgentEventsArriveAtItsPace()
{
    constexpr int delayMs = 150;
    ProcessAgentOptions options;
    options.program = findPython();
    options.arguments = { sourcePath(QStringLiteral("examples/agents/music_agent.py")),
        QStringLiteral("--delay"), QString::number(delayMs / 1000.0) };
    ProcessAgent agent(options);
    Recorded got;
    record(agent, got);
    agent.start(request(QStringLiteral("play Yesterday")));
    QVERIFY(processExists(agent.processId()));
    QTRY_VERIFY_WITH_TIMEOUT(got.ended(), 15000);
    QVERIFY2(got.finished, qPrintable(got.failure));

    QCOMPARE(got.messages.size(), 11); // greeting, 3 plan lines, 3 x (running, done), answer
    QCOMPARE(got.messages.first().type, MessageType::Assistant);
    QCOMPARE(got.messages.first().status, 200);
    QVERIFY(got.messages.first().content.contains(QStringLiteral("Yesterday")));
    for (int step = 1; step <= 3; ++step) {
        const Message &plan = got.messages.at(step);
        QCOMPARE(plan.type, MessageType::Planning);
        QCOMPARE(plan.stepIndex(), step);
        QCOMPARE(got.messages.at(2 + 2 * step).stepState(), QStringLiteral("running"));
        QCOMPARE(got.messages.at(3 + 2 * step).stepState(), QStringLiteral("done"));
        QCOMPARE(got.messages.at(3 + 2 * step).stepIndex(), step);
    }
    QCOMPARE(got.messages.last().type, MessageType::Assistant);
    // Filled in by the transport, not here.
    QVERIFY(got.messages.first().id.isEmpty());

    // One by one at the script's pace, not all at the end: every gap is about
    // one delay (the first event also waits for Python to start).
    QStringList gaps;
    for (qsizetype i = 1; i < got.arrivalMs.size(); ++i) {
        const qint64 gap = got.arrivalMs.at(i) - got.arrivalMs.at(i - 1);
        gaps.append(QString::number(gap));
        QVERIFY2(gap >= delayMs * 2 / 3, qPrintable(gaps.join(u' ')));
    }
    qInfo("gaps between events (ms): %s", qPrintable(gaps.join(u' ')));
    QVERIFY(got.arrivalMs.last() - got.arrivalMs.first() >= 9 * delayMs * 2 / 3);
}

void TestProcessAgent::exampleAgentFailure()
{
    ProcessAgentOptions options;
    options.program = findPython();
    options.arguments = { sourcePath(QStringLiteral("examples/agents/music_agent.py")),
        QStringLiteral("--delay"), QStringLiteral("0") };
    ProcessAgent agent(options);
    Recorded got;
    record(agent, got);
    agent.start(request(QStringLiteral("play Yesterday #fail")));
    QTRY_VERIFY_WITH_TIMEOUT(got.ended(), 15000);
    // The script reports its own failure in-band, then ends the run normally.
    QVERIFY(got.finished);
    QCOMPARE(got.messages.at(got.messages.size() - 2).stepState(), QStringLiteral("failed"));
    QCOMPARE(got.messages.last().type, MessageType::Error);
    QCOMPARE(got.messages.last().status, 500);
}

void TestProcessAgent::requestReachesTheProcess()
{
    ProcessAgent agent(testAgent(QStringLiteral("echo")));
    Recorded got;
    record(agent, got);
    AgentRequest r = request(QStringLiteral("第二个问题"));
    r.history = { Message::make(MessageType::User, QStringLiteral("first")),
        Message::make(MessageType::Assistant, QStringLiteral("answer one"), 200) };
    r.options.model = QStringLiteral("qwen3:8b");
    r.options.temperature = 0.4;
    r.options.maxTokens = 300;
    agent.start(r);
    QTRY_VERIFY_WITH_TIMEOUT(got.ended(), 10000);
    QVERIFY2(got.finished, qPrintable(got.failure));
    QCOMPARE(got.messages.size(), 1);
    const Message &echo = got.messages.first();
    const QJsonObject sent = QJsonDocument::fromJson(echo.content.toUtf8()).object();
    QCOMPARE(sent.value(QLatin1String("sessionId")).toString(), QStringLiteral("s-1"));
    QCOMPARE(sent.value(QLatin1String("message")).toString(), QStringLiteral("第二个问题"));
    QCOMPARE(sent.value(QLatin1String("language")).toString(), QStringLiteral("en"));
    const QJsonArray history = sent.value(QLatin1String("history")).toArray();
    QCOMPARE(history.size(), 2);
    QCOMPARE(
        history.at(0).toObject().value(QLatin1String("type")).toString(), QStringLiteral("user"));
    QCOMPARE(history.at(1).toObject().value(QLatin1String("content")).toString(),
        QStringLiteral("answer one"));
    // The options asked for, with their wire names; those not asked for are absent.
    QCOMPARE(sent.value(QLatin1String("options")).toObject(),
        (QJsonObject { { QStringLiteral("model"), QStringLiteral("qwen3:8b") },
            { QStringLiteral("temperature"), 0.4 }, { QStringLiteral("max_tokens"), 300 } }));
    // Stdin was closed after the one line; unknown fields are kept.
    QCOMPARE(echo.extra.value(QLatin1String("restOfStdin")).toString(), QString());
    QCOMPARE(echo.extra.value(QLatin1String("custom")).toObject().value(QLatin1String("kept")),
        QJsonValue(true));
    QCOMPARE(echo.status, 200);
}

void TestProcessAgent::reasoningLinesAreRelayed()
{
    ProcessAgent agent(testAgent(QStringLiteral("reasoning")));
    Recorded got;
    record(agent, got);
    agent.start(request(QStringLiteral("think first")));
    QTRY_VERIFY_WITH_TIMEOUT(got.ended(), 10000);
    QVERIFY2(got.finished, qPrintable(got.failure));
    QStringList types;
    for (const Message &m : std::as_const(got.messages))
        types.append(m.type);
    QCOMPARE(types,
        QStringList({ MessageType::Reasoning, MessageType::Reasoning, MessageType::Delta,
            MessageType::Assistant }));
    QCOMPARE(got.messages.at(1).content, QStringLiteral("then **decide**."));
    // The script's stats travel as it printed them.
    QCOMPARE(got.messages.last().extra.value(QLatin1String("stats"))[QLatin1String("tokens")],
        QJsonValue(3));
}

void TestProcessAgent::crashMidRunFails()
{
    ProcessAgent agent(testAgent(QStringLiteral("crash")));
    Recorded got;
    record(agent, got);
    agent.start(request(QStringLiteral("hi")));
    QTRY_VERIFY_WITH_TIMEOUT(got.ended(), 10000);
    QVERIFY(!got.finished);
    QCOMPARE(got.messages.size(), 1); // what came before the crash was relayed
    QVERIFY2(got.failure.contains(QStringLiteral("crashed")), qPrintable(got.failure));
    QCOMPARE(got.failureStatus, 502);
}

void TestProcessAgent::nonZeroExitFailsWithStderr()
{
    ProcessAgent agent(testAgent(QStringLiteral("exit")));
    Recorded got;
    record(agent, got);
    agent.start(request(QStringLiteral("hi")));
    QTRY_VERIFY_WITH_TIMEOUT(got.ended(), 10000);
    QVERIFY(got.failure.contains(QStringLiteral("exited with status 3")));
    QVERIFY2(
        got.failure.contains(QStringLiteral("the model file is missing")), qPrintable(got.failure));
}

void TestProcessAgent::garbageLineFails()
{
    ProcessAgent agent(testAgent(QStringLiteral("garbage")));
    Recorded got;
    record(agent, got);
    agent.start(request(QStringLiteral("hi")));
    const qint64 pid = agent.processId();
    QTRY_VERIFY_WITH_TIMEOUT(got.ended(), 10000);
    QCOMPARE(got.messages.size(), 1);
    QVERIFY2(got.failure.contains(QStringLiteral("not a JSON object")), qPrintable(got.failure));
    QVERIFY(got.failure.contains(QStringLiteral("this is not JSON")));
    QCOMPARE(got.failureStatus, 502);
    // The failed run's process does not linger (it would sleep 30 s).
    QTRY_VERIFY_WITH_TIMEOUT(!processExists(pid), 5000);
}

void TestProcessAgent::silenceTimesOut()
{
    ProcessAgent agent(testAgent(QStringLiteral("hang"), 500ms));
    Recorded got;
    record(agent, got);
    agent.start(request(QStringLiteral("hi")));
    const qint64 pid = agent.processId();
    QTRY_VERIFY_WITH_TIMEOUT(got.ended(), 10000);
    QVERIFY2(
        got.failure.contains(QStringLiteral("printed nothing for 0.5 s")), qPrintable(got.failure));
    QCOMPARE(got.failureStatus, 504);
    QCOMPARE(got.messages.size(), 1);
    // The timeout counts from the last output, not from the start.
    QVERIFY(got.clock.elapsed() - got.arrivalMs.first() >= 450);
    QTRY_VERIFY_WITH_TIMEOUT(!processExists(pid), 5000);
}

void TestProcessAgent::cleanExitWithoutDoneFinishes()
{
    ProcessAgent agent(testAgent(QStringLiteral("no-done")));
    Recorded got;
    record(agent, got);
    agent.start(request(QStringLiteral("hi")));
    QTRY_VERIFY_WITH_TIMEOUT(got.ended(), 10000);
    QVERIFY2(got.finished, qPrintable(got.failure));
    QCOMPARE(got.messages.size(), 2); // the last line had no newline but counts
    QCOMPARE(got.messages.last().content, QStringLiteral("bye"));
}

void TestProcessAgent::missingProgramFails()
{
    ProcessAgentOptions options;
    options.program = QStringLiteral("/nonexistent/rill-agent");
    ProcessAgent agent(options);
    Recorded got;
    record(agent, got);
    agent.start(request(QStringLiteral("hi")));
    QTRY_VERIFY_WITH_TIMEOUT(got.ended(), 5000);
    QVERIFY2(got.failure.contains(QStringLiteral("cannot start")), qPrintable(got.failure));
    QCOMPARE(got.failureStatus, 500);
}

void TestProcessAgent::cancelEndsTheProcess()
{
    ProcessAgent agent(testAgent(QStringLiteral("flood")));
    Recorded got;
    record(agent, got);
    agent.start(request(QStringLiteral("hi")));
    const qint64 pid = agent.processId();
    QTRY_VERIFY_WITH_TIMEOUT(got.messages.size() >= 3, 10000);
    agent.cancel();
    const qsizetype seen = got.messages.size();
    // SIGTERM ends it well before the kill; /proc/<pid> goes only once reaped.
    QTRY_VERIFY_WITH_TIMEOUT(!processExists(pid), 5000);
    QTest::qWait(150); // three more ticks' worth: none may be relayed
    QCOMPARE(got.messages.size(), seen);
    QVERIFY(!got.ended());
}

void TestProcessAgent::cancelKillsAProcessIgnoringTerm()
{
    ProcessAgent agent(testAgent(QStringLiteral("ignore-term")));
    Recorded got;
    record(agent, got);
    agent.start(request(QStringLiteral("hi")));
    const qint64 pid = agent.processId();
    QTRY_VERIFY_WITH_TIMEOUT(got.messages.size() == 1, 10000);
    const qint64 cancelledAt = got.clock.elapsed();
    agent.cancel();
    QTRY_VERIFY_WITH_TIMEOUT(!processExists(pid), 5000);
    // It ignored SIGTERM, so it lived until the kill after the grace period.
    QVERIFY(got.clock.elapsed() - cancelledAt >= 250);
}

void TestProcessAgent::deletingTheAgentLeavesNoProcess()
{
    qint64 pid = 0;
    {
        auto agent = std::make_unique<ProcessAgent>(testAgent(QStringLiteral("hang")));
        QSignalSpy produced(agent.get(), &Agent::messageProduced);
        agent->start(request(QStringLiteral("hi")));
        pid = agent->processId();
        QVERIFY(produced.wait(10000));
        QVERIFY(processExists(pid));
    } // deleted without cancel(), while its process runs: it must not block nor orphan it
    QTRY_VERIFY_WITH_TIMEOUT(!processExists(pid), 5000);
}

// The agent runs in a process group of its own: what it started goes with it.
void TestProcessAgent::cancelEndsWhatTheAgentStarted_data()
{
    QTest::addColumn<bool>("stubborn");
    QTest::newRow("helper ends on SIGTERM") << false;
    QTest::newRow("helper ignores SIGTERM") << true;
}

void TestProcessAgent::cancelEndsWhatTheAgentStarted()
{
    QFETCH(bool, stubborn);
    ProcessAgentOptions options = testAgent(QStringLiteral("spawn"));
    if (stubborn)
        options.arguments.append(QStringLiteral("--stubborn-helper"));
    ProcessAgent agent(options);
    Recorded got;
    record(agent, got);
    agent.start(request(QStringLiteral("hi")));
    const qint64 pid = agent.processId();
    QTRY_VERIFY_WITH_TIMEOUT(got.messages.size() == 2, 10000);
    const qint64 helper = got.messages.at(1).content.toLongLong();
    QVERIFY(helper > 0);
    QVERIFY(processRuns(helper));

    const qint64 cancelledAt = got.clock.elapsed();
    agent.cancel();
    QTRY_VERIFY_WITH_TIMEOUT(!processExists(pid), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(!processRuns(helper), 5000);
    if (stubborn) // it outlived the SIGTERM, until the SIGKILL after the grace period
        QVERIFY(got.clock.elapsed() - cancelledAt >= 250);
}

void TestProcessAgent::helperLeftByACompletedRunIsEnded()
{
    auto agent = std::make_unique<ProcessAgent>(testAgent(QStringLiteral("leave-helper")));
    Recorded got;
    record(*agent, got);
    agent->start(request(QStringLiteral("hi")));
    const qint64 pid = agent->processId();
    QTRY_VERIFY_WITH_TIMEOUT(got.ended(), 10000);
    QVERIFY2(got.finished, qPrintable(got.failure));
    const qint64 helper = got.messages.at(1).content.toLongLong();
    QTRY_VERIFY_WITH_TIMEOUT(!processExists(pid), 5000); // the agent exited by itself
    QVERIFY(processRuns(helper)); // its helper did not
    agent.reset(); // the run is over: the server lets its agent go
    QTRY_VERIFY_WITH_TIMEOUT(!processRuns(helper), 5000);
}

QTEST_GUILESS_MAIN(TestProcessAgent)
#include "tst_processagent.moc"
