// `rill listen --timing` as a user runs it, against a server that buffers (the
// seed's FastAPI server in --mode buffered) and servers that stream (the same
// seed server in --mode stream, and a real `rill --serve`): the verdicts differ.
#include "seedpeer.h"
#include "tests/support/rillprocess.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

namespace {

struct ListenResult
{
    int exitCode = -1;
    QList<QJsonObject> lines;
    QString stderrText;
};

// Runs `rill listen --post [--timing] URL` to the end.
ListenResult listen(const QString &url, bool timing = true)
{
    QProcess process;
    QStringList arguments { QStringLiteral("listen"), QStringLiteral("--post") };
    if (timing)
        arguments.append(QStringLiteral("--timing"));
    arguments.append(url);
    process.start(qEnvironmentVariable("RILL_BINARY"), arguments);
    ListenResult result;
    if (!process.waitForStarted(10000))
        return result;
    (void)QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 20000);
    if (process.state() != QProcess::NotRunning) {
        process.kill();
        process.waitForFinished(3000);
        return result;
    }
    result.exitCode = process.exitCode();
    for (const QByteArray &line : process.readAllStandardOutput().trimmed().split('\n'))
        result.lines.append(QJsonDocument::fromJson(line).object());
    result.stderrText = QString::fromUtf8(process.readAllStandardError());
    return result;
}

// Checks each line's t_ms/gap_ms agree with each other; returns an empty string when they do.
QString timingProblem(const QList<QJsonObject> &lines)
{
    qint64 previous = 0;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QJsonObject &line = lines.at(i);
        if (!line.contains(u"t_ms") || !line.contains(u"gap_ms"))
            return QStringLiteral("line %1 lacks t_ms or gap_ms").arg(i);
        const qint64 t = line.value(u"t_ms").toInteger(-1);
        const qint64 gap = line.value(u"gap_ms").toInteger(-1);
        if (t < previous || gap != t - previous)
            return QStringLiteral("line %1: t_ms %2, gap_ms %3 after t_ms %4")
                .arg(i)
                .arg(t)
                .arg(gap)
                .arg(previous);
        previous = t;
    }
    return {};
}

const QRegularExpression kBuffered(
    QStringLiteral("^verdict: buffered: (\\d+) events in (\\d+) ms after ([\\d.]+) s of silence$"),
    QRegularExpression::MultilineOption);

} // namespace

class TestListenTiming : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (!QFileInfo::exists(qEnvironmentVariable("RILL_BINARY")))
            QFAIL("RILL_BINARY does not name the built rill executable");
    }

    void bufferingServerIsFlagged()
    {
        RILL_REQUIRE_SEED_PYTHON();
        SeedPeer seed;
        QString why;
        // Five events produced 200 ms apart, then written in one go.
        const quint16 port = seed.start({ QStringLiteral("--mode"), QStringLiteral("buffered"),
                                            QStringLiteral("--delay"), QStringLiteral("0.2") },
            &why);
        QVERIFY2(port, qPrintable(why));
        const ListenResult result = listen(QStringLiteral("http://127.0.0.1:%1/chat").arg(port));
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.lines.size(), 5);
        QVERIFY2(timingProblem(result.lines).isEmpty(), qPrintable(timingProblem(result.lines)));
        // A long wait for the first event, then the rest with it.
        QVERIFY(result.lines.first().value(u"gap_ms").toInteger() >= 700);
        for (qsizetype i = 1; i < result.lines.size(); ++i)
            QVERIFY(result.lines.at(i).value(u"gap_ms").toInteger() <= 5);
        const QRegularExpressionMatch verdict = kBuffered.match(result.stderrText);
        QVERIFY2(verdict.hasMatch(), qPrintable(result.stderrText));
        QCOMPARE(verdict.captured(1).toInt(), 5);
        QVERIFY(verdict.captured(2).toInt() <= 5 * 4);
        QVERIFY(verdict.captured(3).toDouble() >= 0.7);
    }

    void sameSeedServerStreamingIsLive()
    {
        RILL_REQUIRE_SEED_PYTHON();
        SeedPeer seed;
        QString why;
        const quint16 port = seed.start({ QStringLiteral("--mode"), QStringLiteral("stream"),
                                            QStringLiteral("--delay"), QStringLiteral("0.2") },
            &why);
        QVERIFY2(port, qPrintable(why));
        const ListenResult result = listen(QStringLiteral("http://127.0.0.1:%1/chat").arg(port));
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.lines.size(), 5);
        QVERIFY2(timingProblem(result.lines).isEmpty(), qPrintable(timingProblem(result.lines)));
        for (qsizetype i = 1; i < result.lines.size(); ++i)
            QVERIFY(result.lines.at(i).value(u"gap_ms").toInteger() >= 100);
        QVERIFY2(result.stderrText.contains(QStringLiteral("verdict: live (5 events over")),
            qPrintable(result.stderrText));
    }

    void rillIsLive()
    {
        QProcess server;
        server.start(qEnvironmentVariable("RILL_BINARY"),
            { QStringLiteral("--serve"), QStringLiteral("--port"), QStringLiteral("0"),
                QStringLiteral("--step-delay"), QStringLiteral("150") });
        QVERIFY(server.waitForStarted());
        const QUrl serverUrl = rill::testing::waitForServingUrl(server);
        QVERIFY(serverUrl.isValid());
        const ListenResult result = listen(serverUrl.toString() + QStringLiteral("chat"));
        server.terminate();
        server.waitForFinished(5000);
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.lines.size(), 12);
        QVERIFY2(timingProblem(result.lines).isEmpty(), qPrintable(timingProblem(result.lines)));
        QVERIFY(result.lines.last().value(u"t_ms").toInteger() >= 10 * 150 * 3 / 4);
        QVERIFY2(!kBuffered.match(result.stderrText).hasMatch(), qPrintable(result.stderrText));
        QVERIFY2(result.stderrText.contains(QStringLiteral("verdict: live (12 events over")),
            qPrintable(result.stderrText));
    }

    void withoutTimingLinesStayAsBefore()
    {
        RILL_REQUIRE_SEED_PYTHON();
        SeedPeer seed;
        QString why;
        const quint16 port = seed.start({ QStringLiteral("--mode"), QStringLiteral("buffered"),
                                            QStringLiteral("--delay"), QStringLiteral("0.05") },
            &why);
        QVERIFY2(port, qPrintable(why));
        const ListenResult result
            = listen(QStringLiteral("http://127.0.0.1:%1/chat").arg(port), false);
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.lines.size(), 5);
        QCOMPARE(result.lines.first().keys(),
            (QStringList {
                QStringLiteral("data"), QStringLiteral("lastEventId"), QStringLiteral("type") }));
        QVERIFY(!result.stderrText.contains(QStringLiteral("verdict")));
    }
};

QTEST_GUILESS_MAIN(TestListenTiming)
#include "tst_listentiming.moc"
