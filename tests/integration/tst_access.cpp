// Who may connect to a real ChatServer on 127.0.0.1:0: the bearer token, the
// CORS allowlist and TLS, tried with raw sockets, QNetworkAccessManager and
// ChatClient. After each refusal the server must still stream normally.
#include "demoserver.h"
#include "hardeningsupport.h"
#include "server/http/tlssetup.h"
#include "ui/net/chatclient.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QTest>

using namespace std::chrono_literals;
using namespace hardening;
using namespace Qt::StringLiterals;
using rill::ChatServer;

namespace {

const QByteArray kToken = "s3cret-token";
const QByteArray kAllowed = "https://app.example.com";

QString tlsFile(const char *name)
{
    return qEnvironmentVariable("RILL_SOURCE_DIR") + QStringLiteral("/tests/data/tls/")
        + QLatin1String(name);
}

} // namespace

class TestAccess : public QObject
{
    Q_OBJECT

private:
    QList<QPointer<rill::Agent>> m_agents;

    std::unique_ptr<ChatServer> server(const QString &token, const QStringList &origins = {})
    {
        ChatServer::Options options;
        options.access.token = token;
        options.access.allowedOrigins = origins;
        return startDemoServer(1ms, options, &m_agents);
    }

private slots:
    void init() { m_agents.clear(); }

    void constantTimeComparison()
    {
        using rill::AccessPolicy;
        QVERIFY(AccessPolicy::sameSecret("abc", "abc"));
        QVERIFY(!AccessPolicy::sameSecret("abc", "abd"));
        QVERIFY(!AccessPolicy::sameSecret("abc", "abcd"));
        QVERIFY(!AccessPolicy::sameSecret("", "abc"));
    }

    void tokenGate_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<int>("status");
        QTest::newRow("no token") << QByteArray("POST") << QByteArray("/chat") << QByteArray()
                                  << 401;
        QTest::newRow("wrong token") << QByteArray("POST") << QByteArray("/chat")
                                     << QByteArray("Authorization: Bearer nope") << 401;
        QTest::newRow("token plus a byte") << QByteArray("POST") << QByteArray("/chat")
                                           << "Authorization: Bearer " + kToken + "x" << 401;
        QTest::newRow("Basic scheme")
            << QByteArray("POST") << QByteArray("/chat") << "Authorization: Basic " + kToken << 401;
        QTest::newRow("wrong access_token")
            << QByteArray("GET") << QByteArray("/chat?access_token=nope") << QByteArray() << 401;
        QTest::newRow("DELETE without token")
            << QByteArray("DELETE") << QByteArray("/chat?sessionId=x") << QByteArray() << 401;
        QTest::newRow("unknown path without token")
            << QByteArray("GET") << QByteArray("/nowhere") << QByteArray() << 401;
        QTest::newRow("page without token")
            << QByteArray("GET") << QByteArray("/") << QByteArray() << 401;
        QTest::newRow("bearer token") << QByteArray("POST") << QByteArray("/chat")
                                      << "Authorization: Bearer " + kToken << 200;
        QTest::newRow("lower-case scheme") << QByteArray("POST") << QByteArray("/chat")
                                           << "authorization: bearer " + kToken << 200;
        QTest::newRow("access_token query")
            << QByteArray("GET") << "/chat?message=hi&access_token=" + kToken << QByteArray()
            << 200;
        QTest::newRow("page with access_token")
            << QByteArray("GET") << "/?access_token=" + kToken << QByteArray() << 200;
        QTest::newRow("health is open")
            << QByteArray("GET") << QByteArray("/health") << QByteArray() << 200;
        QTest::newRow("preflight is open")
            << QByteArray("OPTIONS") << QByteArray("/chat") << QByteArray() << 204;
    }

    void tokenGate()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, target);
        QFETCH(QByteArray, header);
        QFETCH(int, status);
        auto chat = server(QString::fromLatin1(kToken));
        const RawAnswer answer = exchange(chat->port(),
            request(chat->port(), method, target,
                header.isEmpty() ? QList<QByteArray>() : QList<QByteArray> { header }));
        QCOMPARE(answer.status, status);
        if (status == 401) {
            QCOMPARE(answer.header("www-authenticate"), QByteArray("Bearer realm=\"rill\""));
            QCOMPARE(answer.json().value(u"status").toInt(), 401);
            QVERIFY(!answer.body.contains(kToken));
            QCOMPARE(chat->activeRunCount(), 0);
        }
        QVERIFY(streamsNormally(chat->port(), { "Authorization: Bearer " + kToken }));
    }

    // DNS rebinding: a page of evil.example whose name now resolves to 127.0.0.1 sends
    // its own name as Host (and Origin). Only the names the server is reached by pass.
    void hostCheck_data()
    {
        QTest::addColumn<QByteArray>("host");
        QTest::addColumn<QByteArray>("origin");
        QTest::addColumn<int>("status");
        QTest::newRow("rebound page")
            << QByteArray("evil.example:%p") << QByteArray("http://evil.example:%p") << 421;
        QTest::newRow("rebound name, no origin")
            << QByteArray("evil.example") << QByteArray() << 421;
        QTest::newRow("allowed name's subdomain")
            << QByteArray("x.rill.lan") << QByteArray() << 421;
        QTest::newRow("unbracketed v6") << QByteArray("::1") << QByteArray() << 421;
        QTest::newRow("bad port") << QByteArray("127.0.0.1:80x") << QByteArray() << 421;
        QTest::newRow("LAN address not bound")
            << QByteArray("192.168.1.5:%p") << QByteArray() << 421;
        QTest::newRow("localhost") << QByteArray("localhost") << QByteArray() << 200;
        QTest::newRow("localhost:port") << QByteArray("LocalHost:%p") << QByteArray() << 200;
        QTest::newRow("localhost.") << QByteArray("localhost.:%p") << QByteArray() << 200;
        QTest::newRow("127.0.0.1") << QByteArray("127.0.0.1") << QByteArray() << 200;
        QTest::newRow("127.0.0.1:port") << QByteArray("127.0.0.1:%p") << QByteArray() << 200;
        QTest::newRow("[::1]") << QByteArray("[::1]") << QByteArray() << 200;
        QTest::newRow("[::1]:port") << QByteArray("[::1]:%p") << QByteArray() << 200;
        QTest::newRow("--allow-host") << QByteArray("Rill.LAN:%p") << QByteArray() << 200;
        QTest::newRow("own page via --allow-host")
            << QByteArray("rill.lan:%p") << QByteArray("http://rill.lan:%p") << 200;
    }

    void hostCheck()
    {
        QFETCH(QByteArray, host);
        QFETCH(QByteArray, origin);
        QFETCH(int, status);
        ChatServer::Options options;
        options.access.allowedHosts = { QStringLiteral("rill.lan") };
        auto chat = startDemoServer(1ms, options, &m_agents);
        const QByteArray port = QByteArray::number(chat->port());
        host.replace("%p", port);
        origin.replace("%p", port);
        const QByteArray headers = "Host: " + host + "\r\n"
            + (origin.isEmpty() ? QByteArray() : "Origin: " + origin + "\r\n");
        for (const QByteArray &head :
            { "POST /chat HTTP/1.1\r\nContent-Length: 0\r\n"_ba, "GET /health HTTP/1.1\r\n"_ba,
                "OPTIONS /chat HTTP/1.1\r\nAccess-Control-Request-Method: POST\r\n"_ba }) {
            const RawAnswer answer = exchange(chat->port(), head + headers + "\r\n");
            const bool preflight = head.startsWith("OPTIONS");
            QCOMPARE(answer.status, status == 200 && preflight ? 204 : status);
            if (status == 421) {
                QCOMPARE(answer.json().value(u"status").toInt(), 421);
                QVERIFY(answer.json().value(u"error").toString().contains(u"--allow-host"));
            } else if (head.startsWith("POST")) {
                QVERIFY(answer.body.contains("\"type\":\"done\""));
            }
        }
        if (status == 421)
            QCOMPARE(m_agents.size(), 0); // no run was started for it
        QVERIFY(streamsNormally(chat->port()));
    }

    // A token-protected server on a wildcard address is reached by any name; the token
    // keeps rebound pages out (they cannot send it).
    void anyHostWithToken()
    {
        ChatServer::Options options;
        options.access.token = QString::fromLatin1(kToken);
        options.access.anyHost = true;
        auto chat = startDemoServer(1ms, options, &m_agents);
        const QByteArray evil = "POST /chat HTTP/1.1\r\nHost: evil.example\r\nContent-Length: "
                                "0\r\n";
        QCOMPARE(exchange(chat->port(), evil + "\r\n").status, 401);
        const RawAnswer answer
            = exchange(chat->port(), evil + "Authorization: Bearer " + kToken + "\r\n\r\n");
        QCOMPARE(answer.status, 200);
        QVERIFY(answer.body.contains("\"type\":\"done\""));
    }

    void randomTokensDiffer()
    {
        const QString a = rill::AccessPolicy::randomToken();
        QCOMPARE(a.size(), 43); // 32 bytes, base64url without padding
        QVERIFY(a != rill::AccessPolicy::randomToken());
    }

    void corsPreflight_data()
    {
        QTest::addColumn<QStringList>("allowlist");
        QTest::addColumn<QByteArray>("origin");
        QTest::addColumn<int>("status");
        const QStringList allowlist { QString::fromLatin1(kAllowed), u"http://localhost:5173"_qs };
        QTest::newRow("allowed") << allowlist << kAllowed << 204;
        QTest::newRow("second allowed") << allowlist << QByteArray("http://localhost:5173") << 204;
        QTest::newRow("not listed") << allowlist << QByteArray("https://evil.example") << 403;
        QTest::newRow("prefix of allowed")
            << allowlist << QByteArray("https://app.example.co") << 403;
        QTest::newRow("null origin") << allowlist << QByteArray("null") << 403;
        QTest::newRow("no allowlist") << QStringList() << kAllowed << 403;
    }

    void corsPreflight()
    {
        QFETCH(QStringList, allowlist);
        QFETCH(QByteArray, origin);
        QFETCH(int, status);
        auto chat = server(QString::fromLatin1(kToken), allowlist);
        const RawAnswer answer = exchange(chat->port(),
            request(chat->port(), "OPTIONS", "/chat",
                { "Origin: " + origin, "Access-Control-Request-Method: POST",
                    "Access-Control-Request-Headers: authorization, content-type" }));
        QCOMPARE(answer.status, status);
        if (status == 204) {
            QCOMPARE(answer.header("access-control-allow-origin"), origin);
            QVERIFY(answer.header("access-control-allow-methods").contains("POST"));
            const QByteArray allowed = answer.header("access-control-allow-headers");
            for (const char *name : { "Authorization", "Last-Event-ID", "Content-Type" })
                QVERIFY2(allowed.contains(name), name);
        } else {
            QCOMPARE(answer.json().value(u"status").toInt(), 403);
            QVERIFY(!answer.headers.contains("access-control-allow-origin"));
        }
        QVERIFY(streamsNormally(chat->port(), { "Authorization: Bearer " + kToken }));
    }

    void corsOnStreamsAndErrors()
    {
        auto chat = server(QString::fromLatin1(kToken), { QString::fromLatin1(kAllowed) });
        const quint16 port = chat->port();
        const QByteArray bearer = "Authorization: Bearer " + kToken;
        // A stream and an error for an allowed origin both carry its name, never "*".
        const RawAnswer stream
            = exchange(port, request(port, "POST", "/chat", { "Origin: " + kAllowed, bearer }));
        QCOMPARE(stream.status, 200);
        QCOMPARE(stream.header("access-control-allow-origin"), kAllowed);
        QVERIFY(stream.body.contains("\"type\":\"done\""));
        const RawAnswer unauthorised
            = exchange(port, request(port, "POST", "/chat", { "Origin: " + kAllowed }));
        QCOMPARE(unauthorised.status, 401);
        QCOMPARE(unauthorised.header("access-control-allow-origin"), kAllowed);
        // Another site's page is refused outright, even with the token.
        const RawAnswer foreign = exchange(
            port, request(port, "POST", "/chat", { "Origin: https://evil.example", bearer }));
        QCOMPARE(foreign.status, 403);
        QVERIFY(!foreign.headers.contains("access-control-allow-origin"));
        // Rill's own page (same origin) works and needs no CORS header.
        const RawAnswer own = exchange(port,
            request(port, "POST", "/chat",
                { "Origin: http://127.0.0.1:" + QByteArray::number(port), bearer }));
        QCOMPARE(own.status, 200);
        QVERIFY(!own.headers.contains("access-control-allow-origin"));
        QVERIFY(streamsNormally(port, { bearer }));
    }

    void tlsServesHttps()
    {
        QString error;
        const auto tls
            = rill::loadTlsConfiguration(tlsFile("test-cert.pem"), tlsFile("test-key.pem"), &error);
        QVERIFY2(tls, qPrintable(error));
        ChatServer::Options options;
        options.tls = tls;
        auto chat = startDemoServer(1ms, options, &m_agents);
        QCOMPARE(chat->url().scheme(), u"https"_qs);

        // Trust exactly this self-signed certificate, nothing more.
        const QSslCertificate certificate = tls->localCertificate();
        const QList<QSslError> expected { QSslError(
            QSslError::SelfSignedCertificate, certificate) };
        QNetworkAccessManager network;
        QUrl url = chat->url().resolved(QUrl(u"chat"_qs));
        QNetworkRequest post(url);
        post.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply = network.post(post, "{\"message\":\"hi\"}");
        reply->ignoreSslErrors(expected);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QVERIFY(reply->readAll().contains("\"type\":\"done\""));
        reply->deleteLater();

        // Without trusting it, the handshake fails: the certificate is really checked.
        // (A fresh manager: the first one keeps the trusted connection.)
        QNetworkAccessManager fresh;
        QNetworkReply *untrusted = fresh.get(QNetworkRequest(chat->url()));
        QSignalSpy untrustedDone(untrusted, &QNetworkReply::finished);
        QTRY_COMPARE_WITH_TIMEOUT(untrustedDone.size(), 1, 10000);
        QCOMPARE(untrusted->error(), QNetworkReply::SslHandshakeFailedError);
        untrusted->deleteLater();

        // Plain HTTP to the TLS port gets no HTTP answer, and HTTPS still works.
        const RawAnswer plain
            = exchange(chat->port(), request(chat->port(), "GET", "/health"), 2000);
        QCOMPARE(plain.status, 0);
        QNetworkReply *health
            = network.get(QNetworkRequest(chat->url().resolved(QUrl(u"health"_qs))));
        health->ignoreSslErrors(expected);
        QSignalSpy healthDone(health, &QNetworkReply::finished);
        QTRY_COMPARE_WITH_TIMEOUT(healthDone.size(), 1, 10000);
        QCOMPARE(health->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        health->deleteLater();
    }

    void badTlsFilesAreRefused_data()
    {
        QTest::addColumn<QString>("certificate");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("message");
        QTest::newRow("missing certificate")
            << u"/nonexistent/cert.pem"_qs << tlsFile("test-key.pem")
            << u"cannot read /nonexistent/cert.pem"_qs;
        QTest::newRow("key as certificate")
            << tlsFile("test-key.pem") << tlsFile("test-key.pem") << u"holds no PEM certificate"_qs;
        QTest::newRow("certificate as key")
            << tlsFile("test-cert.pem") << tlsFile("test-cert.pem") << u"private key"_qs;
        QTest::newRow("README as key")
            << tlsFile("test-cert.pem") << tlsFile("README.md") << u"private key"_qs;
    }

    void badTlsFilesAreRefused()
    {
        QFETCH(QString, certificate);
        QFETCH(QString, key);
        QFETCH(QString, message);
        QString error;
        QVERIFY(!rill::loadTlsConfiguration(certificate, key, &error));
        QVERIFY2(error.contains(message), qPrintable(error));
    }

    void chatClientExplainsRefusals()
    {
        auto chat = server(QString::fromLatin1(kToken));
        rill::ChatClient client;
        client.setServerUrl(chat->url());
        QSignalSpy errors(&client, &rill::ChatClient::errorOccurred);
        QSignalSpy finished(&client, &rill::ChatClient::streamFinished);
        client.send(u"hi"_qs);
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(errors.size(), 1);
        const QString noToken = errors.first().first().toString();
        QVERIFY2(noToken.contains(u"401") && noToken.contains(u"--token"), qPrintable(noToken));

        client.setToken(u"wrong"_qs);
        client.send(u"hi"_qs);
        QTRY_COMPARE(finished.size(), 2);
        QVERIFY2(errors.last().first().toString().contains(u"did not accept the token"),
            qPrintable(errors.last().first().toString()));

        client.setToken(QString::fromLatin1(kToken));
        QSignalSpy answers(&client, &rill::ChatClient::assistantMessageReceived);
        client.send(u"hi"_qs);
        QTRY_COMPARE(finished.size(), 3);
        QCOMPARE(errors.size(), 2); // no new error
        QVERIFY(answers.size() >= 2);
    }

    void chatClientExplainsBusyServer()
    {
        ChatServer::Options options;
        options.maxStreams = 1;
        ChatServer busy([] { return std::make_unique<SilentAgent>(); }, options);
        QVERIFY(busy.listen(QHostAddress::LocalHost, 0));
        rill::ChatClient first, second;
        first.setServerUrl(busy.url());
        second.setServerUrl(busy.url());
        first.send(u"one"_qs);
        QTRY_COMPARE(first.state(), rill::ChatClient::State::Streaming);
        QSignalSpy errors(&second, &rill::ChatClient::errorOccurred);
        second.send(u"two"_qs);
        QTRY_COMPARE(errors.size(), 1);
        const QString text = errors.first().first().toString();
        QVERIFY2(text.contains(u"503") && text.contains(u"5 s"), qPrintable(text));
        first.stop();
    }
};

QTEST_MAIN(TestAccess)
#include "tst_access.moc"
