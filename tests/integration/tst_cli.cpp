// The real `rill` binary as a user runs it: `rill --serve` and `rill listen`,
// each a separate process, talking over loopback.
#include "rawsseclient.h"
#include "server/agent/demoagent.h"
#include "server/http/chatserver.h"
#include "tests/support/rillprocess.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTest>

using namespace std::chrono_literals;

using rill::testing::ProcessGuard;

namespace {

QString rillBinary()
{
    return qEnvironmentVariable("RILL_BINARY");
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (!QFileInfo::exists(rillBinary()))
            QFAIL("RILL_BINARY does not name the built rill executable");
    }

    void serveStreamsToARawClient()
    {
        QProcess server;
        ProcessGuard guard { server };
        server.setProcessChannelMode(QProcess::SeparateChannels);
        // The request log is what this test reads; the suite silences it elsewhere.
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(QStringLiteral("QT_LOGGING_RULES"));
        server.setProcessEnvironment(environment);
        server.start(rillBinary(),
            { QStringLiteral("--serve"), QStringLiteral("--port"), QStringLiteral("0"),
                QStringLiteral("--step-delay"), QStringLiteral("150") });
        QVERIFY(server.waitForStarted());
        // The startup line names the port the kernel picked.
        QByteArray log;
        const QUrl url = rill::testing::waitForServingUrl(server, &log);
        QVERIFY(url.isValid());
        const quint16 port = quint16(url.port());

        QElapsedTimer clock;
        clock.start();
        RawSseClient client(clock);
        client.request(port, "POST", "/chat");
        QTRY_VERIFY_WITH_TIMEOUT(client.isClosed(), 10000);
        QCOMPARE(client.status(), 200);
        QCOMPARE(client.arrivals().size(), 12);
        QCOMPARE(
            client.jsonAt(0).value(u"content").toString(), QStringLiteral("请问您想听什么曲子？"));
        for (int i = 1; i < 11; ++i) {
            const qint64 gap = client.arrivals().at(i).atMs - client.arrivals().at(i - 1).atMs;
            QVERIFY2(
                gap >= 75, qPrintable(QStringLiteral("gap %1 ms before event %2").arg(gap).arg(i)));
        }
        // One log line per request: method, path, status, duration.
        QTRY_VERIFY((log += server.readAllStandardError(),
            QRegularExpression(QStringLiteral("POST /chat 200 \\d+ms"))
                .match(QString::fromUtf8(log))
                .hasMatch()));
    }

    void serveRefusesBadArguments()
    {
        QProcess server;
        ProcessGuard guard { server };
        server.start(rillBinary(),
            { QStringLiteral("--serve"), QStringLiteral("--port"), QStringLiteral("seventy") });
        QVERIFY(server.waitForFinished(5000));
        QCOMPARE(server.exitCode(), 2);
        QVERIFY(server.readAllStandardError().contains("--port takes a whole number"));
    }

    void listenPrintsEachEventAsItArrives()
    {
        rill::ChatServer server([] { return std::make_unique<rill::DemoAgent>(150ms); });
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QProcess listen;
        ProcessGuard guard { listen };
        QElapsedTimer clock;
        QList<qint64> lineTimes;
        QByteArray out;
        connect(&listen, &QProcess::readyReadStandardOutput, this, [&] {
            const QByteArray bytes = listen.readAllStandardOutput();
            for (int i = 0; i < bytes.count('\n'); ++i)
                lineTimes.append(clock.elapsed());
            out += bytes;
        });
        clock.start();
        listen.start(rillBinary(),
            { QStringLiteral("listen"), QStringLiteral("--post"), QStringLiteral("--data"),
                QStringLiteral("{\"message\":\"我想听晴天\"}"), QStringLiteral("--header"),
                QStringLiteral("Accept-Language: zh-CN"),
                server.url().resolved(QUrl(QStringLiteral("chat"))).toString() });
        QTRY_VERIFY_WITH_TIMEOUT(listen.state() == QProcess::NotRunning, 10000);
        QCOMPARE(listen.exitStatus(), QProcess::NormalExit);
        QCOMPARE(listen.exitCode(), 0);
        out += listen.readAllStandardOutput();

        const QList<QByteArray> lines = out.trimmed().split('\n');
        QCOMPARE(lines.size(), 12);
        for (const QByteArray &line : lines) {
            // Exactly the three keys, in this order.
            QVERIFY2(line.startsWith("{\"type\":\"message\",\"data\":\""), line.constData());
            QVERIFY(line.contains("\",\"lastEventId\":\""));
        }
        const QJsonObject first = QJsonDocument::fromJson(lines.first()).object();
        const QJsonObject greeting
            = QJsonDocument::fromJson(first.value(u"data").toString().toUtf8()).object();
        QVERIFY(greeting.value(u"content").toString().contains(QStringLiteral("晴天")));
        QVERIFY(first.value(u"lastEventId").toString().endsWith(QStringLiteral(":1")));
        // Lines reached the pipe one by one, not at exit.
        QCOMPARE(lineTimes.size(), 12);
        for (int i = 1; i < 11; ++i)
            QVERIFY2(lineTimes.at(i) - lineTimes.at(i - 1) >= 75,
                qPrintable(QStringLiteral("line %1 came %2 ms after the previous one")
                               .arg(i)
                               .arg(lineTimes.at(i) - lineTimes.at(i - 1))));
    }

    void listenFailsClearly_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("404") << QStringLiteral("nope") << QByteArray("answered HTTP 404");
        QTest::newRow("not a stream")
            << QStringLiteral("health") << QByteArray("not text/event-stream");
    }

    void listenFailsClearly()
    {
        QFETCH(QString, path);
        QFETCH(QByteArray, expected);
        rill::ChatServer server([] { return std::make_unique<rill::DemoAgent>(10ms); });
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QProcess listen;
        ProcessGuard guard { listen };
        listen.start(rillBinary(),
            { QStringLiteral("listen"), server.url().resolved(QUrl(path)).toString() });
        QTRY_VERIFY_WITH_TIMEOUT(listen.state() == QProcess::NotRunning, 10000);
        QCOMPARE(listen.exitCode(), 1);
        QVERIFY(listen.readAllStandardOutput().isEmpty()); // stdout holds events only
        const QByteArray error = listen.readAllStandardError();
        QVERIFY2(error.contains(expected), error.constData());
    }

    void listenCannotReach()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        QProcess listen;
        ProcessGuard guard { listen };
        listen.start(rillBinary(),
            { QStringLiteral("listen"), QStringLiteral("http://127.0.0.1:%1/chat").arg(port) });
        QVERIFY(listen.waitForFinished(10000));
        QCOMPARE(listen.exitCode(), 1);
        QVERIFY(listen.readAllStandardError().contains("cannot reach"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
