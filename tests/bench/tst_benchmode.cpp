// The demo agent's benchmark options (rill --serve --bench --steps --payload
// --idle-streams --step-delay 0): longer plans, padded events, a run that holds
// its stream open, and a zero delay that still lets the event loop run.
#include "server/agent/demoagent.h"
#include "server/agent/demoscript.h"

#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using rill::AgentRequest;
using rill::DemoAgent;
using rill::DemoAgentOptions;
using rill::DemoScript;
using rill::Message;

class TestBenchMode : public QObject
{
    Q_OBJECT

private slots:
    void script_longPlanWithPadding()
    {
        DemoScript::Options options;
        options.steps = 5;
        options.payloadBytes = 10;
        const DemoScript script = DemoScript::build(options);
        // Greeting, 5 plan events, 5 × (running, done), the answer.
        QCOMPARE(script.messages.size(), 1 + 5 + 10 + 1);
        const QString padding(10, u'x');
        QCOMPARE(script.messages.at(4).content, u"4. 下载歌曲"_s + padding);
        QCOMPARE(script.messages.at(4).stepIndex(), 4);
        for (qsizetype i = 1; i < script.messages.size() - 1; ++i)
            QVERIFY2(script.messages.at(i).content.endsWith(padding),
                qPrintable(script.messages.at(i).content));
        QCOMPARE(script.messages.at(15).stepState(), u"done"_s);
        QCOMPARE(script.messages.at(15).stepIndex(), 5);
        // The greeting and the answer are the seed's, unpadded.
        QVERIFY(!script.messages.first().content.endsWith(u'x'));
        QVERIFY(!script.messages.last().content.endsWith(u'x'));
    }

    void script_defaultsAreTheSeeds()
    {
        QCOMPARE(DemoScript::build({}).messages.size(), 1 + 3 + 6 + 1);
    }

    void zeroDelay_leavesTheEventLoopRunning()
    {
        DemoAgentOptions options;
        options.stepDelay = 0ms;
        options.steps = 200;
        DemoAgent agent(options);
        QSignalSpy produced(&agent, &DemoAgent::messageProduced);
        QSignalSpy finished(&agent, &DemoAgent::finished);
        qsizetype producedWhenTimerFired = -1;
        agent.start(AgentRequest {});
        QTimer::singleShot(0, this, [&] { producedWhenTimerFired = produced.size(); });
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        QCOMPARE(produced.size(), 1 + 200 + 400 + 1);
        // A timer queued after the start ran long before the run ended: the
        // agent goes back through the event loop between events.
        QVERIFY(producedWhenTimerFired >= 1);
        QVERIFY(producedWhenTimerFired < produced.size() / 2);
    }

    void idleStreams_greetingThenNothing()
    {
        DemoAgentOptions options;
        options.stepDelay = 1ms;
        options.holdAfterGreeting = true;
        DemoAgent agent(options);
        QSignalSpy produced(&agent, &DemoAgent::messageProduced);
        QSignalSpy finished(&agent, &DemoAgent::finished);
        agent.start(AgentRequest {});
        QCOMPARE(produced.size(), 1);
        QCOMPARE(produced.first().at(0).value<Message>().status, 200);
        // A normal run with this delay ends within a few ms; this one stays open.
        QVERIFY(!finished.wait(100));
        QCOMPARE(produced.size(), 1);
        agent.cancel();
    }
};

QTEST_GUILESS_MAIN(TestBenchMode)
#include "tst_benchmode.moc"
