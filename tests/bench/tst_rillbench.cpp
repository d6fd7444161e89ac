// Smoke test of the benchmark tooling: rill-bench against a real
// `rill --serve --bench --step-delay 0` for about two seconds. It proves the
// tool and the bench mode work together; it measures nothing (speed goals live
// in docs/benchmarks.md, produced by scripts/bench).
#include "tests/bench/benchrun.h"
#include "tests/support/rillprocess.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

using rill::testing::ProcessGuard;

class TestRillBench : public QObject
{
    Q_OBJECT

private:
    static QJsonObject runBench(const QString &url, const QStringList &extra)
    {
        return rill::testing::runRillBench(url,
            QStringList { QStringLiteral("--streams"), QStringLiteral("4"),
                QStringLiteral("--duration"), QStringLiteral("2") }
                + extra);
    }

    // A peer that names its port on stdout serves whole streams that rill-bench reads
    // like any server's: events stamped with sentUs, each stream ended and opened again.
    static void checkPeerServesWholeStreams(const QString &program)
    {
        QProcess server;
        ProcessGuard serverGuard { server };
        server.start(program,
            { QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--steps"),
                QStringLiteral("20"), QStringLiteral("--payload"), QStringLiteral("64"),
                QStringLiteral("--step-delay"), QStringLiteral("0") });
        QVERIFY(server.waitForStarted());
        const int port = rill::testing::waitForListeningPort(server);
        QVERIFY2(port > 0, server.readAllStandardError().constData());

        const QJsonObject result
            = runBench(QStringLiteral("http://127.0.0.1:%1/chat").arg(port), {});
        QVERIFY(!result.isEmpty());
        QCOMPARE(result.value(QLatin1String("errors")).toInteger(), 0);
        // 20 steps make 63 events a stream: many streams ended (with done) and reopened.
        QVERIFY(result.value(QLatin1String("runs")).toInteger() > 4);
        QVERIFY(result.value(QLatin1String("events")).toInteger()
            >= 63 * (result.value(QLatin1String("runs")).toInteger() - 4));
        QVERIFY(result.value(QLatin1String("latency_ms"))
                    .toObject()
                    .value(QLatin1String("max"))
                    .toDouble()
            > 0);
    }

private slots:
    void reportsEveryKeyAgainstBenchMode()
    {
        const QString rill = qEnvironmentVariable("RILL_BINARY");
        const QString bench = qEnvironmentVariable("RILL_BENCH_BINARY");
        QVERIFY2(QFileInfo::exists(rill), "RILL_BINARY does not name the rill executable");
        QVERIFY2(QFileInfo::exists(bench), "RILL_BENCH_BINARY does not name rill-bench");

        QProcess server;
        ProcessGuard serverGuard { server };
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(QStringLiteral("QT_LOGGING_RULES")); // the startup line names the port
        server.setProcessEnvironment(environment);
        server.start(rill,
            { QStringLiteral("--serve"), QStringLiteral("--bench"), QStringLiteral("--port"),
                QStringLiteral("0"), QStringLiteral("--step-delay"), QStringLiteral("0"),
                QStringLiteral("--steps"), QStringLiteral("20"), QStringLiteral("--payload"),
                QStringLiteral("64") });
        QVERIFY(server.waitForStarted());
        const QUrl serverUrl = rill::testing::waitForServingUrl(server);
        QVERIFY(serverUrl.isValid());

        const QJsonObject result = runBench(serverUrl.toString() + QStringLiteral("chat"),
            { QStringLiteral("--pid"), QString::number(server.processId()) });
        QVERIFY(!result.isEmpty());

        for (const char *key : { "streams", "events", "events_per_s", "ttfe_ms", "latency_ms",
                 "errors", "server_rss_kib" })
            QVERIFY2(result.contains(QLatin1String(key)), key);
        for (const char *key : { "ttfe_ms", "latency_ms" }) {
            const QJsonObject figures = result.value(QLatin1String(key)).toObject();
            for (const char *field : { "p50", "p99", "max" })
                QVERIFY2(figures.value(QLatin1String(field)).isDouble(), field);
        }
        QVERIFY(result.value(QLatin1String("events")).toInteger() > 0);
        QCOMPARE(result.value(QLatin1String("errors")).toInteger(), 0);
        QVERIFY(result.value(QLatin1String("streams")).toInteger() >= 1);
        QVERIFY(result.value(QLatin1String("server_rss_kib")).toInteger() > 0);
        // A share of the machine's CPU time, read from /proc/stat.
        const QJsonValue steal = result.value(QLatin1String("steal_percent"));
        QVERIFY(steal.isDouble());
        QVERIFY2(steal.toDouble() >= 0 && steal.toDouble() <= 100,
            QByteArray::number(steal.toDouble()).constData());
        // Every event of bench mode carries sentUs, so latency was measured.
        QVERIFY(result.value(QLatin1String("latency_ms"))
                    .toObject()
                    .value(QLatin1String("max"))
                    .toDouble()
            > 0);
    }

    // The floor of docs/benchmarks.md, the send()-only server.
    void floorServesWholeStreams()
    {
        const QString floor = qEnvironmentVariable("RILL_SENDFLOOR_BINARY");
        QVERIFY2(QFileInfo::exists(floor), "RILL_SENDFLOOR_BINARY does not name sendfloor");
        checkPeerServesWholeStreams(floor);
    }

    // The Go peer (tests/bench/peers/go_peer), built when Go is installed; CI installs it.
    void goPeerServesWholeStreams()
    {
        const QString peer = qEnvironmentVariable("RILL_GO_PEER_BINARY");
        if (!QFileInfo::exists(peer)) {
            if (qEnvironmentVariableIsSet("CI"))
                QFAIL("the Go peer was not built: scripts/install-deps installs golang-go");
            QSKIP("Go is not installed, so the Go peer was not built");
        }
        checkPeerServesWholeStreams(peer);
    }
};

QTEST_GUILESS_MAIN(TestRillBench)
#include "tst_rillbench.moc"
