// The real `rill` binary's security options, as a user runs them: each test
// starts `rill --serve` (or the window) as a separate process.
#include "hardeningsupport.h"
#include "tests/support/rillprocess.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace hardening;

using rill::testing::ProcessGuard;

namespace {

QProcessEnvironment environment(const QString &token = {})
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("RILL_TOKEN"));
    if (!token.isEmpty())
        env.insert(QStringLiteral("RILL_TOKEN"), token);
    return env;
}

QString tlsFile(const char *name)
{
    return qEnvironmentVariable("RILL_SOURCE_DIR") + QStringLiteral("/tests/data/tls/")
        + QLatin1String(name);
}

// Starts `rill` and returns the port from its startup line, or 0.
quint16 startServer(QProcess &process, const QStringList &arguments, const QString &token = {})
{
    process.setProcessEnvironment(environment(token));
    process.start(qEnvironmentVariable("RILL_BINARY"), arguments);
    if (!process.waitForStarted())
        return 0;
    return quint16(rill::testing::waitForServingUrl(process).port(0));
}

} // namespace

class TestServeCli : public QObject
{
    Q_OBJECT

private slots:
    // Each row: arguments that must not start a server, and what stderr must say.
    void refusesToStart_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        const QString serve = QStringLiteral("--serve");
        const QString port0 = QStringLiteral("--port=0");
        QTest::newRow("0.0.0.0 without token")
            << QStringList { serve, port0, QStringLiteral("--host=0.0.0.0") }
            << QStringLiteral("refusing to listen on 0.0.0.0 without a token");
        QTest::newRow(":: without token")
            << QStringList { serve, port0, QStringLiteral("--host=::") }
            << QStringLiteral("refusing to listen on :: without a token");
        QTest::newRow("window on 0.0.0.0")
            << QStringList { port0, QStringLiteral("--host=0.0.0.0"), QStringLiteral("--token=t") }
            << QStringLiteral("embedded server listens on loopback only");
        QTest::newRow("missing certificate")
            << QStringList { serve, port0, QStringLiteral("--tls-cert=/nonexistent.pem"),
                   QStringLiteral("--tls-key=") + tlsFile("test-key.pem") }
            << QStringLiteral("cannot use TLS: cannot read /nonexistent.pem");
        QTest::newRow("key is no key")
            << QStringList { serve, port0, QStringLiteral("--tls-cert=") + tlsFile("test-cert.pem"),
                   QStringLiteral("--tls-key=") + tlsFile("README.md") }
            << QStringLiteral("holds no unencrypted PEM private key");
        QTest::newRow("certificate without key") << QStringList {
            serve, port0, QStringLiteral("--tls-cert=") + tlsFile("test-cert.pem")
        } << QStringLiteral("--tls-cert and --tls-key go together");
        QTest::newRow("origin with a path")
            << QStringList { serve, port0, QStringLiteral("--allow-origin=https://a.example/x") }
            << QStringLiteral("--allow-origin takes an origin");
        QTest::newRow("wildcard origin")
            << QStringList { serve, port0, QStringLiteral("--allow-origin=*") }
            << QStringLiteral("--allow-origin takes an origin");
        QTest::newRow("host with a port")
            << QStringList { serve, port0, QStringLiteral("--allow-host=rill.lan:8000") }
            << QStringLiteral("--allow-host takes a host name or IP address");
        QTest::newRow("host as URL")
            << QStringList { serve, port0, QStringLiteral("--allow-host=http://rill.lan") }
            << QStringLiteral("--allow-host takes a host name or IP address");
        QTest::newRow("zero sessions")
            << QStringList { serve, port0, QStringLiteral("--max-sessions=0") }
            << QStringLiteral("--max-sessions takes a whole number");
        QTest::newRow("zero history")
            << QStringList { serve, port0, QStringLiteral("--history-kib=0") }
            << QStringLiteral("--history-kib takes a whole number");
        QTest::newRow("redis URL of another scheme")
            << QStringList { serve, port0, QStringLiteral("--redis=http://127.0.0.1:6379") }
            << QStringLiteral("--redis takes redis://[:password@]host:port[/db] or unix:///path");
        QTest::newRow("redis without --serve")
            << QStringList { port0, QStringLiteral("--redis=redis://127.0.0.1:6379") }
            << QStringLiteral("--redis goes with --serve");
        QTest::newRow("zero lease") << QStringList { serve, port0,
            QStringLiteral("--redis=redis://127.0.0.1:6379"), QStringLiteral("--redis-lease=0") }
                                    << QStringLiteral("--redis-lease takes a whole number");
        QTest::newRow("zero streams")
            << QStringList { serve, port0, QStringLiteral("--max-streams=0") }
            << QStringLiteral("--max-streams takes a whole number");
    }

    void refusesToStart()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        QProcess rill;
        ProcessGuard guard { rill };
        rill.setProcessEnvironment(environment());
        rill.start(qEnvironmentVariable("RILL_BINARY"), arguments);
        QVERIFY(rill.waitForFinished(10000));
        QCOMPARE(rill.exitStatus(), QProcess::NormalExit);
        QCOMPARE(rill.exitCode(), 2);
        const QString stderrText = QString::fromUtf8(rill.readAllStandardError());
        QVERIFY2(stderrText.contains(message), qPrintable(stderrText));
    }

    void tokenFromEnvironmentOnAllAddresses()
    {
        QProcess rill;
        ProcessGuard guard { rill };
        const quint16 port = startServer(rill,
            { QStringLiteral("--serve"), QStringLiteral("--host=0.0.0.0"),
                QStringLiteral("--port=0"), QStringLiteral("--step-delay=1") },
            QStringLiteral("from-env"));
        QVERIFY2(port != 0, "RILL_TOKEN should let it listen on 0.0.0.0");
        const RawAnswer refused = exchange(port, request(port, "POST", "/chat"));
        QCOMPARE(refused.status, 401);
        QCOMPARE(refused.json().value(u"status").toInt(), 401);
        QCOMPARE(exchange(port, request(port, "GET", "/health")).status, 200);
        QVERIFY(streamsNormally(port, { "Authorization: Bearer from-env" }));
        // On a wildcard address with a token, any name the LAN uses is served (the token
        // keeps rebound pages out), and without the token it is still 401.
        const QByteArray byName = "POST /chat HTTP/1.1\r\nHost: rill-box.lan:"
            + QByteArray::number(port) + "\r\nContent-Length: 0\r\n";
        QCOMPARE(exchange(port, byName + "\r\n").status, 401);
        QCOMPARE(exchange(port, byName + "Authorization: Bearer from-env\r\n\r\n").status, 200);
    }

    // DNS rebinding against the real binary: a foreign Host is refused with 421 (JSON),
    // loopback names and --allow-host names are served.
    void allowHost()
    {
        QProcess rill;
        ProcessGuard guard { rill };
        const quint16 port = startServer(rill,
            { QStringLiteral("--serve"), QStringLiteral("--port=0"),
                QStringLiteral("--step-delay=1"), QStringLiteral("--allow-host=rill.lan"),
                QStringLiteral("--allow-host=[fd00::5]") });
        QVERIFY2(port != 0, "rill --serve did not start");
        const QByteArray p = QByteArray::number(port);
        const auto post = [&](const QByteArray &host) {
            return exchange(port,
                "POST /chat HTTP/1.1\r\nHost: " + host + "\r\nOrigin: http://" + host
                    + "\r\nContent-Length: 0\r\n\r\n");
        };
        const RawAnswer evil = post("evil.example:" + p);
        QCOMPARE(evil.status, 421);
        QCOMPARE(evil.json().value(u"status").toInt(), 421);
        for (const QByteArray &host : { "localhost:" + p, "127.0.0.1:" + p, "[::1]:" + p,
                 "rill.lan:" + p, "[fd00::5]:" + p }) {
            const RawAnswer answer = post(host);
            QVERIFY2(answer.status == 200, host.constData());
            QVERIFY(answer.body.contains("\"type\":\"done\""));
        }
    }

    // The window's embedded server has a token of its own, new each launch: another
    // local program (or a rebound web page) that finds its port gets 401.
    void windowServerHasItsOwnToken()
    {
        QProcess rill;
        ProcessGuard guard { rill };
        QProcessEnvironment env = environment(QStringLiteral("not-the-window-token"));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        const QTemporaryDir home; // none of the user's settings or conversations
        QVERIFY(home.isValid());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
        rill.setProcessEnvironment(env);
        rill.start(qEnvironmentVariable("RILL_BINARY"), { QStringLiteral("--port=0") });
        QVERIFY(rill.waitForStarted());
        QByteArray log;
        const quint16 port = quint16(rill::testing::waitForServingUrl(rill, &log).port(0));
        QVERIFY2(port != 0, log.constData());
        const RawAnswer refused = exchange(port, request(port, "POST", "/chat"));
        QCOMPARE(refused.status, 401);
        QCOMPARE(
            exchange(port,
                request(port, "POST", "/chat", { "Authorization: Bearer not-the-window-token" }))
                .status,
            401);
        QCOMPARE(exchange(port, request(port, "GET", "/health")).status, 200);
    }

    void tokenOptionAndTls()
    {
        QProcess rill;
        ProcessGuard guard { rill };
        const quint16 port = startServer(rill,
            { QStringLiteral("--serve"), QStringLiteral("--port=0"), QStringLiteral("--token=opt"),
                QStringLiteral("--tls-cert=") + tlsFile("test-cert.pem"),
                QStringLiteral("--tls-key=") + tlsFile("test-key.pem") });
        QVERIFY2(port != 0, "rill --serve with TLS did not start");
        // Plain HTTP gets no HTTP answer from the TLS port.
        QCOMPARE(exchange(port, request(port, "GET", "/health"), 2000).status, 0);
    }
};

QTEST_MAIN(TestServeCli)
#include "tst_servecli.moc"
