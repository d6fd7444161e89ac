// The JSON-RPC channel over a real loopback socket, with the test as the
// server at the other end: ids matched, timeouts, the server's own requests,
// notifications, and what breaks the channel (garbage, a line over 1 MiB).
#include "server/agent/mcp/jsonrpcchannel.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <optional>

using namespace Qt::StringLiterals;
using namespace rill;
using namespace std::chrono_literals;

namespace {

// The two ends of a loopback connection.
struct Wire
{
    QTcpServer listener;
    std::unique_ptr<QTcpSocket> client;
    QTcpSocket *peer = nullptr; // the u"server"_s end, owned by the listener
    QByteArray received;

    bool open()
    {
        if (!listener.listen(QHostAddress::LocalHost))
            return false;
        client = std::make_unique<QTcpSocket>();
        client->connectToHost(QHostAddress::LocalHost, listener.serverPort());
        if (!client->waitForConnected(5000) || !listener.waitForNewConnection(5000))
            return false;
        peer = listener.nextPendingConnection();
        return peer != nullptr;
    }

    void write(const QByteArray &bytes)
    {
        peer->write(bytes);
        peer->flush();
    }

    // The next line the channel wrote, as JSON; empty after 5 s of nothing.
    QJsonObject nextLine()
    {
        QJsonObject line;
        (void)QTest::qWaitFor(
            [&] {
                received += peer->readAll();
                const qsizetype newline = received.indexOf('\n');
                if (newline < 0)
                    return false;
                line = QJsonDocument::fromJson(received.left(newline)).object();
                received.remove(0, newline + 1);
                return true;
            },
            5000);
        return line;
    }
};

struct Answer
{
    std::optional<JsonRpcResponse> response;
    int calls = 0;
};

JsonRpcChannel::Callback into(Answer &answer)
{
    return [&answer](const JsonRpcResponse &response) {
        answer.response = response;
        ++answer.calls;
    };
}

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

} // namespace

class TestJsonRpcChannel : public QObject
{
    Q_OBJECT
private slots:
    void requestsCarryIdsAndResponsesFindTheirCall();
    void errorResponseIsPassedOn();
    void responseSplitAcrossWritesAndCrlfLines();
    void callTimesOutAndALateAnswerIsDropped();
    void abandonedCallNeverCallsBack();
    void pingIsAnswered();
    void unsupportedServerRequestGetsMethodNotFound();
    void notificationsAreHandedOnUnanswered();
    void garbageBreaksTheChannel();
    void lineJustUnderTheCapIsRead();
    void lineOverTheCapBreaksTheChannel();
    void callAfterBreakFailsFromTheEventLoop();
};

void TestJsonRpcChannel::requestsCarryIdsAndResponsesFindTheirCall()
{
    Wire wire;
    QVERIFY(wire.open());
    JsonRpcChannel channel(wire.client.get());
    Answer first, second;
    const qint64 firstId = channel.call(u"tools/list"_s, {}, 5s, this, into(first));
    const qint64 secondId
        = channel.call(u"tools/call"_s, { { u"name"_s, u"echo"_s } }, 5s, this, into(second));
    QVERIFY(firstId != secondId);

    const QJsonObject a = wire.nextLine();
    const QJsonObject b = wire.nextLine();
    QCOMPARE(a.value(u"jsonrpc"_s).toString(), u"2.0"_s);
    QCOMPARE(a.value(u"method"_s).toString(), u"tools/list"_s);
    QVERIFY(!a.contains(u"params"_s)); // no empty params object
    QCOMPARE(qint64(a.value(u"id"_s).toDouble()), firstId);
    QCOMPARE(b.value(u"params"_s).toObject().value(u"name"_s).toString(), u"echo"_s);

    // Answered in the other order.
    wire.write(json({ { u"jsonrpc"_s, u"2.0"_s }, { u"id"_s, secondId },
        { u"result"_s, QJsonObject { { u"n"_s, 2 } } } }));
    wire.write(json({ { u"jsonrpc"_s, u"2.0"_s }, { u"id"_s, firstId },
        { u"result"_s, QJsonObject { { u"n"_s, 1 } } } }));
    QTRY_COMPARE(first.calls, 1);
    QTRY_COMPARE(second.calls, 1);
    QVERIFY(first.response->ok);
    QCOMPARE(first.response->result.toObject().value(u"n"_s).toInt(), 1);
    QCOMPARE(second.response->result.toObject().value(u"n"_s).toInt(), 2);
    QCOMPARE(channel.pendingCalls(), 0);
}

void TestJsonRpcChannel::errorResponseIsPassedOn()
{
    Wire wire;
    QVERIFY(wire.open());
    JsonRpcChannel channel(wire.client.get());
    Answer answer;
    const qint64 id = channel.call(u"tools/call"_s, {}, 5s, this, into(answer));
    wire.write(json({ { u"jsonrpc"_s, u"2.0"_s }, { u"id"_s, id },
        { u"error"_s,
            QJsonObject { { u"code"_s, -32602 }, { u"message"_s, u"Unknown tool: x"_s } } } }));
    QTRY_COMPARE(answer.calls, 1);
    QVERIFY(!answer.response->ok);
    QCOMPARE(answer.response->errorCode, -32602);
    QCOMPARE(answer.response->errorMessage, u"Unknown tool: x"_s);
}

void TestJsonRpcChannel::responseSplitAcrossWritesAndCrlfLines()
{
    Wire wire;
    QVERIFY(wire.open());
    JsonRpcChannel channel(wire.client.get());
    Answer answer;
    const qint64 id = channel.call(u"x"_s, {}, 5s, this, into(answer));
    const QByteArray line = QByteArray("\r\n\n")
        + json({ { u"jsonrpc"_s, u"2.0"_s }, { u"id"_s, id }, { u"result"_s, u"done"_s } })
              .chopped(1)
        + "\r\n";
    for (qsizetype i = 0; i < line.size(); i += 7) {
        wire.write(line.mid(i, 7));
        QTest::qWait(1); // separate reads on the client side
        if (i + 7 < line.size())
            QCOMPARE(answer.calls, 0);
    }
    QTRY_COMPARE(answer.calls, 1);
    QCOMPARE(answer.response->result.toString(), u"done"_s);
}

void TestJsonRpcChannel::callTimesOutAndALateAnswerIsDropped()
{
    Wire wire;
    QVERIFY(wire.open());
    JsonRpcChannel channel(wire.client.get());
    QSignalSpy broken(&channel, &JsonRpcChannel::broken);
    Answer answer;
    const qint64 id = channel.call(u"tools/call"_s, {}, 150ms, this, into(answer));
    QTRY_COMPARE(answer.calls, 1);
    QVERIFY(!answer.response->ok);
    QCOMPARE(answer.response->errorCode, int(JsonRpcResponse::TimedOut));
    QCOMPARE(answer.response->errorMessage, u"no answer within 0.15 s"_s);

    wire.write(json({ { u"jsonrpc"_s, u"2.0"_s }, { u"id"_s, id }, { u"result"_s, u"late"_s } }));
    Answer next;
    const qint64 nextId = channel.call(u"again"_s, {}, 5s, this, into(next));
    wire.write(
        json({ { u"jsonrpc"_s, u"2.0"_s }, { u"id"_s, nextId }, { u"result"_s, u"on time"_s } }));
    QTRY_COMPARE(next.calls, 1);
    QCOMPARE(answer.calls, 1); // the late answer was dropped
    QCOMPARE(next.response->result.toString(), u"on time"_s);
    QCOMPARE(broken.size(), 0);
}

void TestJsonRpcChannel::abandonedCallNeverCallsBack()
{
    Wire wire;
    QVERIFY(wire.open());
    JsonRpcChannel channel(wire.client.get());
    Answer abandoned, kept;
    const qint64 id = channel.call(u"slow"_s, {}, 200ms, this, into(abandoned));
    channel.abandon(id);
    QCOMPARE(channel.pendingCalls(), 0);
    wire.write(
        json({ { u"jsonrpc"_s, u"2.0"_s }, { u"id"_s, id }, { u"result"_s, u"too late"_s } }));
    const qint64 keptId = channel.call(u"fast"_s, {}, 5s, this, into(kept));
    QTest::qWait(300); // past the abandoned call's timeout too
    wire.write(json({ { u"jsonrpc"_s, u"2.0"_s }, { u"id"_s, keptId }, { u"result"_s, 1 } }));
    QTRY_COMPARE(kept.calls, 1);
    QCOMPARE(abandoned.calls, 0);
}

void TestJsonRpcChannel::pingIsAnswered()
{
    Wire wire;
    QVERIFY(wire.open());
    JsonRpcChannel channel(wire.client.get());
    wire.write(json({ { u"jsonrpc"_s, u"2.0"_s }, { u"id"_s, 7 }, { u"method"_s, u"ping"_s } }));
    const QJsonObject reply = wire.nextLine();
    QCOMPARE(reply.value(u"id"_s).toInt(), 7);
    QVERIFY(reply.value(u"result"_s).isObject());
    QVERIFY(reply.value(u"result"_s).toObject().isEmpty());
    QVERIFY(!reply.contains(u"error"_s));
}

void TestJsonRpcChannel::unsupportedServerRequestGetsMethodNotFound()
{
    Wire wire;
    QVERIFY(wire.open());
    JsonRpcChannel channel(wire.client.get());
    wire.write(json({ { u"jsonrpc"_s, u"2.0"_s }, { u"id"_s, u"r-1"_s },
        { u"method"_s, u"sampling/createMessage"_s }, { u"params"_s, QJsonObject {} } }));
    const QJsonObject reply = wire.nextLine();
    QCOMPARE(reply.value(u"id"_s).toString(), u"r-1"_s); // string ids kept as they are
    QCOMPARE(reply.value(u"error"_s).toObject().value(u"code"_s).toInt(), -32601);
    QVERIFY(
        reply.value(u"error"_s).toObject().value(u"message"_s).toString().contains(u"sampling"_s));
}

void TestJsonRpcChannel::notificationsAreHandedOnUnanswered()
{
    Wire wire;
    QVERIFY(wire.open());
    JsonRpcChannel channel(wire.client.get());
    QSignalSpy notifications(&channel, &JsonRpcChannel::notificationReceived);
    wire.write(json(
        { { u"jsonrpc"_s, u"2.0"_s }, { u"method"_s, u"notifications/tools/list_changed"_s } }));
    wire.write(json({ { u"jsonrpc"_s, u"2.0"_s }, { u"method"_s, u"notifications/message"_s },
        { u"params"_s, QJsonObject { { u"level"_s, u"info"_s } } } }));
    wire.write(json({ { u"jsonrpc"_s, u"2.0"_s }, { u"id"_s, 1 }, { u"method"_s, u"ping"_s } }));
    // The first line the channel writes answers the ping: nothing answered the notifications.
    const QJsonObject reply = wire.nextLine();
    QCOMPARE(reply.value(u"id"_s).toInt(), 1);
    QCOMPARE(notifications.size(), 2);
    QCOMPARE(notifications.at(0).at(0).toString(), u"notifications/tools/list_changed"_s);
    QCOMPARE(
        notifications.at(1).at(1).value<QJsonObject>().value(u"level"_s).toString(), u"info"_s);
}

void TestJsonRpcChannel::garbageBreaksTheChannel()
{
    Wire wire;
    QVERIFY(wire.open());
    JsonRpcChannel channel(wire.client.get());
    QSignalSpy broken(&channel, &JsonRpcChannel::broken);
    Answer answer;
    channel.call(u"tools/call"_s, {}, 5s, this, into(answer));
    wire.write("Server listening on stdio\n");
    QTRY_COMPARE(answer.calls, 1);
    QCOMPARE(answer.response->errorCode, int(JsonRpcResponse::ChannelBroken));
    QCOMPARE(answer.response->errorMessage,
        u"the server wrote a line that is not JSON-RPC: Server listening on stdio"_s);
    QCOMPARE(broken.size(), 1);
    QVERIFY(channel.isBroken());
}

void TestJsonRpcChannel::lineJustUnderTheCapIsRead()
{
    Wire wire;
    QVERIFY(wire.open());
    JsonRpcChannel channel(wire.client.get());
    Answer answer;
    const qint64 id = channel.call(u"big"_s, {}, 10s, this, into(answer));
    const QByteArray head
        = json({ { u"jsonrpc"_s, u"2.0"_s }, { u"id"_s, id }, { u"result"_s, u""_s } });
    const qsizetype padding = JsonRpcChannel::kMaxLineBytes - head.size(); // the line is 1 MiB
    const QByteArray line = json(
        { { u"jsonrpc"_s, u"2.0"_s }, { u"id"_s, id }, { u"result"_s, QString(padding, u'y') } });
    QCOMPARE(line.size() - 1, JsonRpcChannel::kMaxLineBytes - 1);
    wire.write(line);
    QTRY_COMPARE_WITH_TIMEOUT(answer.calls, 1, 10000);
    QVERIFY(answer.response->ok);
    QCOMPARE(answer.response->result.toString().size(), padding);
}

void TestJsonRpcChannel::lineOverTheCapBreaksTheChannel()
{
    Wire wire;
    QVERIFY(wire.open());
    JsonRpcChannel channel(wire.client.get());
    QSignalSpy broken(&channel, &JsonRpcChannel::broken);
    Answer answer;
    channel.call(u"big"_s, {}, 10s, this, into(answer));
    // No newline ever comes: the channel must not wait for one forever.
    const QByteArray piece(64 * 1024, 'z');
    for (int i = 0; i < 17 && broken.isEmpty(); ++i) {
        wire.write(piece);
        QTest::qWait(5);
    }
    QTRY_COMPARE_WITH_TIMEOUT(answer.calls, 1, 10000);
    QCOMPARE(answer.response->errorMessage, u"the server wrote a line longer than 1 MiB"_s);
    QCOMPARE(broken.size(), 1);
}

void TestJsonRpcChannel::callAfterBreakFailsFromTheEventLoop()
{
    Wire wire;
    QVERIFY(wire.open());
    JsonRpcChannel channel(wire.client.get());
    channel.breakWith(u"gone"_s);
    Answer answer;
    channel.call(u"x"_s, {}, 5s, this, into(answer));
    QCOMPARE(answer.calls, 0); // not from inside call()
    QTRY_COMPARE(answer.calls, 1);
    QCOMPARE(answer.response->errorCode, int(JsonRpcResponse::ChannelBroken));
    wire.peer->waitForReadyRead(50);
    QVERIFY(wire.peer->readAll().isEmpty()); // nothing was sent
}

QTEST_GUILESS_MAIN(TestJsonRpcChannel)
#include "tst_jsonrpcchannel.moc"
