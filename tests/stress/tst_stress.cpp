// Hundreds of streams against one real ChatServer, opened and dropped at random points for
// a bounded time: read to the end, cut mid-stream, resumed with Last-Event-ID (and cut
// again), stopped with DELETE, abandoned half-sent, or random bytes. Afterwards: every stream the
// server ended was complete and in order, every run is gone, and the server still serves.
//
// RILL_STRESS_SECONDS (default 10), RILL_STRESS_STREAMS (streams kept open at once,
// default 150) and RILL_STRESS_SEED (to replay a failing run's decisions) tune it.
#include "rawsseclient.h"
#include "server/agent/demoagent.h"
#include "server/http/chatserver.h"
#include "stressscenario.h"

#include <QJsonObject>
#include <QLoggingCategory>
#include <QSet>
#include <QTest>

#include <algorithm>

using namespace std::chrono_literals;
using Plan = StressScenario::Plan;

namespace {

int envInt(const char *name, int fallback)
{
    bool ok = false;
    const int value = qEnvironmentVariableIntValue(name, &ok);
    return ok && value > 0 ? value : fallback;
}

Plan pickPlan(StressContext &context)
{
    // Weights: plain reads, cuts, resumes, deletes, half-sent requests, junk.
    static constexpr std::pair<Plan, int> weights[] = { { Plan::ReadToEnd, 30 },
        { Plan::CutAfterEvents, 15 }, { Plan::CutAtRandomTime, 10 }, { Plan::Resume, 25 },
        { Plan::Delete, 12 }, { Plan::HalfRequest, 5 }, { Plan::Garbage, 3 } };
    int roll = context.between(0, 99);
    for (const auto &[plan, weight] : weights) {
        if (roll < weight)
            return plan;
        roll -= weight;
    }
    return Plan::ReadToEnd;
}

} // namespace

class TestStress : public QObject
{
    Q_OBJECT

private slots:
    // Thousands of requests would each log a line; run by hand, the figures would drown.
    void initTestCase() { QLoggingCategory::setFilterRules(QStringLiteral("rill.*.info=false")); }

    void manyStreamsOpenedAndDroppedAtRandom()
    {
        const int seconds = envInt("RILL_STRESS_SECONDS", 10);
        const int concurrency = envInt("RILL_STRESS_STREAMS", 150);
        const quint32 seed = qEnvironmentVariableIsSet("RILL_STRESS_SEED")
            ? quint32(qEnvironmentVariable("RILL_STRESS_SEED").toUInt())
            : QRandomGenerator::global()->generate();
        qInfo("stress: seed %u (replay with RILL_STRESS_SEED=%u), %d s, %d streams at once", seed,
            seed, seconds, concurrency);

        rill::ChatServer::Options options;
        // Long enough that a resume (at most 100 ms after its cut) always finds its run on a
        // loaded machine; short enough that abandoned runs are gone soon after the end.
        options.resumeGrace = 3s;
        // Heartbeats due after 10 ms of silence, so that they fire between the slower
        // agents' events, on streams being cut and resumed.
        options.heartbeat = 10ms;

        StressContext context;
        context.rng.seed(seed);
        context.clock.start();
        // Agents of three paces: most runs over in a blink, some long enough to be cut
        // and resumed several times while live.
        QList<QPointer<rill::Agent>> agents;
        const auto server = std::make_unique<rill::ChatServer>(
            [&context] {
                static constexpr std::chrono::milliseconds paces[] = { 1ms, 4ms, 25ms };
                return std::make_unique<rill::DemoAgent>(paces[context.between(0, 2)]);
            },
            options);
        connect(server.get(), &rill::ChatServer::runStarted, this,
            [&agents](rill::Agent *agent) { agents.append(agent); });
        QVERIFY(server->listen(QHostAddress::LocalHost, 0));
        context.port = server->port();

        QSet<StressScenario *> live;
        bool timeUp = false;
        // Destroyed first on the way out, so that no scenario outlives what it refers to.
        QObject scenarios;
        std::function<void()> spawn = [&] {
            auto *scenario = new StressScenario(context, pickPlan(context), &scenarios);
            live.insert(scenario);
            connect(scenario, &StressScenario::finished, this, [&, scenario] {
                live.remove(scenario);
                scenario->deleteLater();
                if (!timeUp)
                    QTimer::singleShot(0, this, spawn);
            });
            scenario->start();
        };
        for (int i = 0; i < concurrency; ++i)
            spawn();
        qint64 timeUpAt = 0;
        QTimer::singleShot(seconds * 1000, this, [&] {
            timeUp = true;
            timeUpAt = context.clock.elapsed();
        });

        const bool settled
            = QTest::qWaitFor([&] { return timeUp && live.isEmpty(); }, (seconds + 60) * 1000);
        qInfo("stress: the last streams ended %lld ms after the time was up",
            context.clock.elapsed() - timeUpAt);
        qInfo("stress: %d streams opened, %d completed, %d cut, %d resumed (%d of them to the "
              "end), %d follow-ups, DELETE %d live / %d late, %d half-sent requests, %d of random "
              "bytes, %lld events checked, %lld heartbeats",
            context.opened, context.completed, context.cut, context.resumed,
            context.resumedCompleted, context.followUps, context.deletedLive, context.deletedLate,
            context.halfRequests, context.garbage, context.events, context.heartbeats);
        if (!settled) {
            QStringList stuck;
            for (StressScenario *scenario : std::as_const(live))
                stuck << scenario->describe();
            QFAIL(qPrintable(QStringLiteral("seed %1: %2 scenarios never ended, e.g. %3")
                                 .arg(seed)
                                 .arg(live.size())
                                 .arg(stuck.mid(0, 5).join(u' '))));
        }
        QVERIFY2(context.failures.isEmpty(),
            qPrintable(QStringLiteral("seed %1: %2 failures, first: %3")
                           .arg(seed)
                           .arg(context.failures.size())
                           .arg(context.failures.mid(0, 10).join(u'\n'))));
        // Every path was taken (a run too short to take them proves little).
        QVERIFY2(context.opened >= concurrency && context.completed > 0 && context.cut > 0
                && context.resumedCompleted > 0 && context.deletedLive + context.deletedLate > 0
                && context.heartbeats > 0,
            qPrintable(QStringLiteral("seed %1: too few streams of some kind").arg(seed)));

        // Runs whose client never came back end after the grace; all are freed.
        QTRY_COMPARE_WITH_TIMEOUT(server->activeRunCount(), 0, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(agents.cbegin(), agents.cend(), [](const auto &a) { return a.isNull(); }),
            5000);

        // And a new client is served as if nothing happened.
        RawSseClient fresh(context.clock);
        fresh.request(server->port(), "POST", "/chat");
        QTRY_VERIFY_WITH_TIMEOUT(fresh.isComplete(), 10000);
        QCOMPARE(fresh.status(), 200);
        QCOMPARE(fresh.arrivals().size(), 12);
        const QString sessionId = fresh.jsonAt(0).value(u"sessionId").toString();
        for (int i = 0; i < 12; ++i)
            QCOMPARE(fresh.arrivals().at(i).event.lastEventId,
                QStringLiteral("%1:%2").arg(sessionId).arg(i + 1));
        QCOMPARE(fresh.jsonAt(11).value(u"type").toString(), QStringLiteral("done"));
    }
};

QTEST_GUILESS_MAIN(TestStress)
#include "tst_stress.moc"
