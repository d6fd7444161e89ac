// Clients that misbehave on purpose, against a real ChatServer on 127.0.0.1:0:
// resets mid-write, readers too slow for the stream, pipelining, TLS read raw.
// Each case was a defect once (issue 13); each checks the bytes on the wire.
#include "demoserver.h"
#include "hardeningsupport.h"
#include "rawconnection.h"
#include "server/http/tlssetup.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTest>

using namespace std::chrono_literals;
using namespace hardening;
using hostile::RawConnection;
using rill::ChatServer;

namespace {

QByteArray chatPost(const QByteArray &version = "HTTP/1.1")
{
    return "POST /chat " + version + "\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n";
}

// The SSE events in `body` (after the `retry` field), as JSON objects.
QList<QJsonObject> eventsIn(const QList<QByteArray> &chunks)
{
    rill::SseParser parser;
    QList<QJsonObject> events;
    for (const QByteArray &chunk : chunks) {
        for (const rill::SseEvent &event : parser.feed(chunk))
            events.append(QJsonDocument::fromJson(event.data.toUtf8()).object());
    }
    return events;
}

} // namespace

class TestHostileClients : public QObject
{
    Q_OBJECT

private:
    QList<QPointer<rill::Agent>> m_agents;

private slots:
    void init() { m_agents.clear(); }

    // Issue 13.1: a reset right after the request made the head's write fail; the
    // stream still joined the heartbeats and was read there after it was freed.
    void resetsRightAfterTheRequestLeaveNothingBehind()
    {
        ChatServer::Options options;
        options.heartbeat = 10ms;
        options.resumeGrace = 0ms;
        auto server = startDemoServer(1ms, options, &m_agents);
        for (int i = 0; i < 200; ++i) {
            RawConnection connection(server->port());
            QVERIFY(connection.isConnected());
            QVERIFY(connection.send(chatPost()));
            connection.reset();
            if (i % 20 == 0)
                QCoreApplication::processEvents(); // let some land mid-write
        }
        QTRY_COMPARE_WITH_TIMEOUT(server->openStreamCount(), 0, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(server->activeRunCount(), 0, 10000);
        // A whole run with heartbeats ticking over the freed streams' old places.
        QVERIFY(streamsNormally(server->port()));
    }

    // Issue 13.3: Qt's writeBody put a CRLF before the first bytes it wrote, so
    // every HTTPS stream began "\r\nHTTP/1.1 200".
    void tlsStreamStartsWithItsStatusLine()
    {
        QString error;
        const QString dir = qEnvironmentVariable("RILL_SOURCE_DIR") + u"/tests/data/tls/"_qs;
        const auto tls = rill::loadTlsConfiguration(
            dir + u"test-cert.pem"_qs, dir + u"test-key.pem"_qs, &error);
        QVERIFY2(tls, qPrintable(error));
        ChatServer::Options options;
        options.tls = tls;
        auto server = startDemoServer(1ms, options, &m_agents);
        QSslSocket socket;
        socket.setPeerVerifyMode(QSslSocket::VerifyNone);
        socket.connectToHostEncrypted(u"127.0.0.1"_qs, server->port());
        QTRY_VERIFY_WITH_TIMEOUT(socket.isEncrypted(), 5000);
        socket.write(chatPost());
        QByteArray bytes;
        QTRY_VERIFY_WITH_TIMEOUT((bytes += socket.readAll()).contains("\r\n\r\n"), 5000);
        QVERIFY2(bytes.startsWith("HTTP/1.1 200 OK\r\n"), bytes.left(40).toPercentEncoding());
        QTRY_VERIFY_WITH_TIMEOUT(
            (bytes += socket.readAll()).endsWith("0\r\n\r\n") || !socket.isOpen(), 10000);
        QString framing;
        bool complete = false;
        const QList<QByteArray> chunks
            = hostile::dechunk(bytes.mid(bytes.indexOf("\r\n\r\n") + 4), &framing, &complete);
        QVERIFY2(framing.isEmpty(), qPrintable(framing));
        QVERIFY(complete);
        QCOMPARE(eventsIn(chunks).last().value(u"type").toString(), u"done"_qs);
    }

    // Issue 13.3: the first time the kernel took only part of a send(), the rest
    // went through Qt's writeBody, and its CRLF landed inside an event.
    void slowReaderGetsEveryEventIntact()
    {
        ChatServer::Options options;
        options.maxUnsentBytes = 64 * 1024 * 1024; // slow, not dropped
        ChatServer server([] { return std::make_unique<FloodAgent>(20000, 300); }, options);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QSignalSpy ended(&server, &ChatServer::runEnded);
        RawConnection connection(server.port(), 4096);
        QVERIFY(connection.send(chatPost()));
        // Everything is produced (and mostly queued) before the client reads more.
        QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, 20000);
        const QByteArray bytes = connection.readUntilClosed(20000);
        const qsizetype headEnd = bytes.indexOf("\r\n\r\n");
        QVERIFY(headEnd > 0);
        QString framing;
        bool complete = false;
        const QList<QByteArray> chunks
            = hostile::dechunk(bytes.mid(headEnd + 4), &framing, &complete);
        QVERIFY2(framing.isEmpty(), qPrintable(framing));
        QVERIFY(complete);
        const QList<QJsonObject> events = eventsIn(chunks);
        QCOMPARE(events.size(), 20001); // and done
        for (qsizetype i = 0; i < events.size(); ++i) {
            const QString id = events[i].value(u"id").toString();
            QVERIFY2(!id.isEmpty(), qPrintable(QString::number(i)));
        }
        QCOMPARE(events.last().value(u"type").toString(), u"done"_qs);
    }

    // Issue 13.3: after a pipelined GET /health, Qt's CRLF came between the answers.
    void pipelinedAnswerThenStreamAreBackToBack()
    {
        auto server = startDemoServer(1ms, {}, &m_agents);
        RawConnection connection(server->port());
        QVERIFY(connection.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" + chatPost()));
        const QByteArray bytes = connection.readUntilClosed(10000);
        const qsizetype firstEnd = bytes.indexOf("\r\n\r\n");
        QVERIFY(firstEnd > 0);
        const QByteArray firstHead = bytes.left(firstEnd);
        const qsizetype lengthAt = firstHead.indexOf("Content-Length: ");
        QVERIFY(lengthAt > 0);
        const int length = firstHead.mid(lengthAt + 16).split('\r').first().toInt();
        const QByteArray rest = bytes.mid(firstEnd + 4 + length);
        QVERIFY2(rest.startsWith("HTTP/1.1 200 OK\r\n"), rest.left(40).toPercentEncoding());
        QVERIFY(rest.contains("Content-Type: text/event-stream"));
    }

    // Issue 13.9: one chunk per event for HTTP/1.1, so clients that read a
    // close-delimited body in fixed pieces see each event when it is sent.
    void http11StreamIsChunkedOneEventPerChunk()
    {
        auto server = startDemoServer(5ms, {}, &m_agents);
        QElapsedTimer clock;
        clock.start();
        RawSseClient client(clock);
        client.request(server->port(), "POST", "/chat");
        QTRY_VERIFY_WITH_TIMEOUT(client.isComplete(), 10000);
        QCOMPARE(client.status(), 200);
        QVERIFY(client.isChunked());
        QVERIFY2(client.framingError().isEmpty(), qPrintable(client.framingError()));
        QVERIFY(client.lastChunkReceived());
        QVERIFY(client.arrivals().size() > 5);
        // The retry field, then exactly one event in each chunk.
        QCOMPARE(client.chunks().size(), client.arrivals().size() + 1);
        QVERIFY(client.chunks().first().startsWith("retry: "));
        for (qsizetype i = 1; i < client.chunks().size(); ++i) {
            const QByteArray &chunk = client.chunks()[i];
            QVERIFY(chunk.startsWith("id: "));
            QCOMPARE(chunk.count("\n\n"), 1);
            QVERIFY(chunk.endsWith("\n\n"));
        }
    }

    void http10StreamIsCloseDelimited()
    {
        auto server = startDemoServer(1ms, {}, &m_agents);
        RawConnection connection(server->port());
        QVERIFY(connection.send(chatPost("HTTP/1.0")));
        const QByteArray bytes = connection.readUntilClosed(10000);
        QVERIFY(connection.closedByPeer());
        const qsizetype headEnd = bytes.indexOf("\r\n\r\n");
        const QByteArray head = bytes.left(headEnd);
        QVERIFY(head.startsWith("HTTP/1.1 200 OK"));
        QVERIFY(!head.toLower().contains("transfer-encoding"));
        QVERIFY(head.contains("Connection: close"));
        const QList<QJsonObject> events = eventsIn({ bytes.mid(headEnd + 4) });
        QVERIFY(events.size() > 5);
        QCOMPARE(events.last().value(u"type").toString(), u"done"_qs);
    }

    // Issue 13.8: a Stop ended the stream with a bare close, like a drop.
    void deleteEndsTheStreamWithACancelledDone()
    {
        ChatServer server([] { return std::make_unique<SilentAgent>(); });
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QElapsedTimer clock;
        clock.start();
        RawSseClient client(clock);
        QSignalSpy started(&server, &ChatServer::runStarted);
        client.request(server.port(), "POST", "/chat", R"({"sessionId":"stop-me"})",
            { "Content-Type: application/json" });
        QTRY_VERIFY(client.headReceived() && started.size() == 1);
        const RawAnswer stop = exchange(server.port(),
            request(server.port(), "DELETE", "/chat?sessionId=stop-me", { "Connection: close" }));
        QCOMPARE(stop.status, 204);
        QTRY_VERIFY_WITH_TIMEOUT(client.isComplete(), 5000);
        QVERIFY(client.lastChunkReceived());
        QCOMPARE(client.arrivals().size(), 1);
        const QJsonObject done = client.jsonAt(0);
        QCOMPARE(done.value(u"type").toString(), u"done"_qs);
        QCOMPARE(done.value(u"state").toString(), u"cancelled"_qs);
    }
};

QTEST_GUILESS_MAIN(TestHostileClients)
#include "tst_hostileclients.moc"
