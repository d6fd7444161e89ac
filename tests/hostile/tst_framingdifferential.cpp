// Differential test of request framing (issue 13.2): random and mutated request
// heads go through Rill's RequestFramer and through QHttpServer's own parser
// (a bare QHttpServer on 127.0.0.1, no guard). Wherever the framer lets a
// request through, Qt must see the same request: the same method, target,
// header fields and body, and end it at the same byte. Any difference is a
// head that could smuggle a request past the guard.
#include "rawconnection.h"
#include "server/http/requestframer.h"
#include "server/http/requestlog.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTest>

using hostile::RawConnection;
using rill::RequestFramer;
using rill::RequestHead;

namespace {

struct SeenRequest
{
    QByteArray method;
    QByteArray path;
    QList<std::pair<QByteArray, QByteArray>> fields;
    QByteArray body;

    bool operator==(const SeenRequest &) const = default;
};

QDebug operator<<(QDebug debug, const SeenRequest &request)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << request.method << ' ' << request.path << ' ' << request.fields << " body "
                    << request.body.size();
    return debug;
}

// Qt's names for the methods it knows; every other one is "Unknown" to it.
QByteArray asQtSeesIt(const QByteArray &method)
{
    static const QList<QByteArray> known
        = { "GET", "PUT", "DELETE", "POST", "HEAD", "OPTIONS", "PATCH", "CONNECT" };
    return known.contains(method) ? method : rill::methodName(QHttpServerRequest::Method::Unknown);
}

const QByteArray sentinel = "GET /__end HTTP/1.1\r\nHost: end\r\n\r\n";

// The seed requests the mutations start from.
QList<QByteArray> seeds()
{
    return {
        "GET /health HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n\r\n",
        "POST /chat HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
        "Content-Length: 19\r\n\r\n{\"message\":\"hello\"}",
        "GET /chat?sessionId=abc&message=%E6%99%B4 HTTP/1.1\r\nHost: a\r\n"
        "Accept: text/event-stream\r\nLast-Event-ID: abc:3\r\n\r\n",
        "DELETE /chat?sessionId=x HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer t0k\r\n\r\n",
        "OPTIONS /chat HTTP/1.1\r\nHost: a\r\nOrigin: http://x\r\n"
        "Access-Control-Request-Method: POST\r\n\r\n",
        "GET / HTTP/1.0\n\n",
        "POST /chat HTTP/1.1\nHost: a\nContent-Length: 2\n\nab",
        "HEAD /health HTTP/1.1\r\nHost: a\r\nX-Empty:\r\nX-Tabs:\t v \t\r\n\r\n",
    };
}

QByteArray mutate(QByteArray bytes, QRandomGenerator &random)
{
    static const QByteArray interesting
        = QByteArray(" \t\r\n:\0\x01\x0b\x0c\x7f\x80\xff,;=aZ09-_+/\"", 24);
    static const QList<QByteArray> pieces
        = { "\r\n", "\n", "\r\n\r\n", ": ", " :", "Content-Length: ", "Content-Length: 5\r\n",
              "Transfer-Encoding: chunked\r\n", "Host: b\r\n", "\r\n ", "Connection: close\r\n",
              "Connection: keep-alive, Upgrade\r\nUpgrade: websocket\r\n", "HTTP/1.1", "HTTP/1.0",
              " ", "\t", "-1", "0x10", "99999999999999999999" };
    const int edits = 1 + int(random.bounded(3));
    for (int e = 0; e < edits; ++e) {
        const qsizetype at = bytes.isEmpty() ? 0 : qsizetype(random.bounded(int(bytes.size())));
        switch (random.bounded(5)) {
        case 0:
            bytes.insert(at, interesting.at(random.bounded(int(interesting.size()))));
            break;
        case 1:
            if (!bytes.isEmpty())
                bytes.remove(at, 1);
            break;
        case 2:
            bytes[at < bytes.size() ? at : 0]
                = interesting.at(random.bounded(int(interesting.size())));
            break;
        case 3:
            bytes.insert(at, pieces.at(random.bounded(int(pieces.size()))));
            break;
        default: {
            // A whole line repeated, as duplicated headers are.
            const qsizetype start = bytes.lastIndexOf('\n', at) + 1;
            const qsizetype end = bytes.indexOf('\n', at);
            if (end > start)
                bytes.insert(end + 1, bytes.mid(start, end - start + 1));
            break;
        }
        }
    }
    return bytes;
}

} // namespace

class TestFramingDifferential : public QObject
{
    Q_OBJECT

private:
    QHttpServer m_qt;
    quint16 m_port = 0;
    QList<SeenRequest> m_seen;

    // What the framer lets through of `bytes`, or std::nullopt when it refuses
    // something before the sentinel (the guard would then close the connection).
    static std::optional<QList<SeenRequest>> throughFramer(const QByteArray &bytes, bool *ended)
    {
        RequestFramer framer;
        const RequestFramer::Fed fed = framer.feed(bytes);
        *ended = framer.ended();
        if (fed.refusal)
            return std::nullopt;
        QList<SeenRequest> passed;
        for (const RequestFramer::Passed &request : fed.requests) {
            if (request.end > bytes.size())
                return std::nullopt; // its body never came: nothing to compare
            const QUrl url = QUrl::fromEncoded(request.head.target);
            passed.append({ asQtSeesIt(request.head.method), url.path().toUtf8(),
                request.head.fields,
                bytes.mid(request.end - request.head.contentLength, request.head.contentLength) });
        }
        return passed;
    }

    QList<SeenRequest> throughQt(const QByteArray &bytes)
    {
        m_seen.clear();
        RawConnection connection(m_port);
        connection.send(bytes);
        hostile::pumpUntil(
            [&] {
                connection.readUntil({}, 0);
                return connection.closedByPeer()
                    || (!m_seen.isEmpty() && m_seen.last().path == "/__end");
            },
            1000);
        return m_seen;
    }

private slots:
    void initTestCase()
    {
        m_qt.setMissingHandler(
            [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                m_seen.append({ rill::methodName(request.method()), request.url().path().toUtf8(),
                    request.headers(), request.body() });
                responder.write(QHttpServerResponder::StatusCode::Ok);
            });
        m_port = m_qt.listen(QHostAddress::LocalHost, 0);
        QVERIFY(m_port != 0);
    }

    void seedsAreReadAlike()
    {
        for (const QByteArray &seed : seeds()) {
            bool ended = false;
            const auto framed = throughFramer(seed + sentinel, &ended);
            QVERIFY2(framed, seed.constData());
            const QList<SeenRequest> qt = throughQt(seed + sentinel);
            QCOMPARE(ended ? qt.first(std::min(qt.size(), framed->size())) : qt, *framed);
        }
    }

    void mutatedHeadsAreReadAlikeOrRefused()
    {
        QRandomGenerator random(qEnvironmentVariableIntValue("RILL_DIFF_SEED") + 1);
        const int rounds = qEnvironmentVariableIsSet("RILL_DIFF_ROUNDS")
            ? qEnvironmentVariableIntValue("RILL_DIFF_ROUNDS")
            : 20000;
        int compared = 0;
        int refused = 0;
        for (int round = 0; round < rounds; ++round) {
            const QList<QByteArray> all = seeds();
            const QByteArray input
                = mutate(all.at(random.bounded(int(all.size()))), random) + sentinel;
            bool ended = false;
            const auto framed = throughFramer(input, &ended);
            if (!framed) {
                ++refused;
                continue;
            }
            const QList<SeenRequest> qt = throughQt(input);
            // After a request that ends the connection the guard closes it: only
            // what came before counts. Otherwise Qt must see exactly the same.
            const QList<SeenRequest> compare
                = ended ? qt.first(std::min(qt.size(), framed->size())) : qt;
            if (compare != *framed) {
                qWarning() << "input" << input.toPercentEncoding(" /:=?&;,", "");
                qWarning() << "framer" << *framed;
                qWarning() << "qt    " << qt;
                QFAIL("the framer and Qt read a request differently");
            }
            ++compared;
        }
        qInfo("%d mutated inputs read alike by both, %d refused by the framer", compared, refused);
        QVERIFY(compared > rounds / 10); // the mutations must not all be refusals
    }
};

QTEST_GUILESS_MAIN(TestFramingDifferential)
#include "tst_framingdifferential.moc"
