// `history` in POST /chat, end to end over HTTP: the turns a client kept reach
// the agent's AgentRequest when the server does not know the session (it
// restarted), and do not override what the server itself remembers.
#include "rawsseclient.h"
#include "server/http/chatserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using rill::AgentRequest;
using rill::Message;

namespace {

// Records what it was asked, answers once, finishes.
class RecordingAgent : public rill::Agent
{
public:
    explicit RecordingAgent(QList<AgentRequest> *requests)
        : m_requests(requests)
    { }

    void start(const AgentRequest &request) override
    {
        m_requests->append(request);
        QTimer::singleShot(0, this, [this, request] {
            emit messageProduced(
                Message::make(rill::MessageType::Assistant, u"answer to "_s + request.message));
            emit finished();
        });
    }
    void cancel() override { }

private:
    QList<AgentRequest> *m_requests;
};

QByteArray body(const QString &sessionId, const QString &message, const QJsonArray &history)
{
    QJsonObject object { { u"message"_s, message }, { u"history"_s, history } };
    if (!sessionId.isEmpty())
        object.insert(u"sessionId"_s, sessionId);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject turn(const QString &type, const QString &content)
{
    return { { u"type"_s, type }, { u"content"_s, content } };
}

} // namespace

class TestChatHistory : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void historyStartsAnUnknownSession();
    void serverHistoryWinsForAKnownSession();
    void badHistoryIsA400();
    void historyKeepsTheNewestTurns();

private:
    // Runs one POST /chat to its end; returns the response status.
    int post(const QByteArray &json, RawSseClient *client);

    QElapsedTimer m_clock;
    QList<AgentRequest> m_requests;
    std::unique_ptr<rill::ChatServer> m_server;
};

void TestChatHistory::init()
{
    m_clock.start();
    m_requests.clear();
    m_server = std::make_unique<rill::ChatServer>(
        [this] { return std::make_unique<RecordingAgent>(&m_requests); });
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
}

void TestChatHistory::cleanup()
{
    m_server.reset();
}

int TestChatHistory::post(const QByteArray &json, RawSseClient *client)
{
    client->request(m_server->port(), "POST", "/chat", json,
        { QByteArrayLiteral("Content-Type: application/json") });
    if (!QTest::qWaitFor([client] { return client->isComplete(); }, 5000))
        return -1;
    return client->status();
}

void TestChatHistory::historyStartsAnUnknownSession()
{
    // The session id a restarted server has never seen, with the turns the
    // window saved before the restart.
    const QJsonArray history { turn(u"user"_s, u"我想听晴天"_s),
        turn(u"assistant"_s, u"好的，**晴天**。"_s) };
    RawSseClient client(m_clock);
    QCOMPARE(post(body(u"kept-1"_s, u"再来一首"_s, history), &client), 200);
    QCOMPARE(m_requests.size(), 1);
    const AgentRequest &request = m_requests.at(0);
    QCOMPARE(request.sessionId, u"kept-1"_s);
    QCOMPARE(request.message, u"再来一首"_s);
    QCOMPARE(request.history.size(), 2);
    QCOMPARE(request.history.at(0).type, u"user"_s);
    QCOMPARE(request.history.at(0).content, u"我想听晴天"_s);
    QCOMPARE(request.history.at(1).type, u"assistant"_s);
    QCOMPARE(request.history.at(1).content, u"好的，**晴天**。"_s);
    // The stream carries the session the client named.
    QVERIFY(!client.arrivals().isEmpty());
    QCOMPARE(client.jsonAt(0).value(u"sessionId"_s).toString(), u"kept-1"_s);
}

void TestChatHistory::serverHistoryWinsForAKnownSession()
{
    RawSseClient first(m_clock);
    QCOMPARE(post(body(u"s2"_s, u"one"_s, {}), &first), 200);
    // The server now remembers "one" and its answer; a client's different
    // account of the past does not replace that.
    RawSseClient second(m_clock);
    QCOMPARE(post(body(u"s2"_s, u"two"_s, { turn(u"user"_s, u"forged"_s) }), &second), 200);
    QCOMPARE(m_requests.size(), 2);
    const QList<Message> history = m_requests.at(1).history;
    QCOMPARE(history.size(), 2);
    QCOMPARE(history.at(0).content, u"one"_s);
    QCOMPARE(history.at(1).content, u"answer to one"_s);
}

void TestChatHistory::badHistoryIsA400()
{
    RawSseClient client(m_clock);
    QCOMPARE(
        post("{\"message\":\"x\",\"history\":[{\"type\":\"robot\",\"content\":\"x\"}]}", &client),
        400);
    const QJsonObject error = QJsonDocument::fromJson(client.body()).object();
    QCOMPARE(error.value(u"status"_s).toInt(), 400);
    QVERIFY(error.value(u"error"_s).toString().contains(u"history"_s));
    QVERIFY(m_requests.isEmpty());
    // The server keeps serving.
    RawSseClient next(m_clock);
    QCOMPARE(post(body({}, u"fine"_s, {}), &next), 200);
}

void TestChatHistory::historyKeepsTheNewestTurns()
{
    // A long conversation: the agent is told the newest turns, as many as the limits hold,
    // however many there were (a session's memory does not grow with it).
    rill::ChatServer::Options options;
    options.history = { 100, 120 }; // 60 characters: a message and its answer, not two
    m_server = std::make_unique<rill::ChatServer>(
        [this] { return std::make_unique<RecordingAgent>(&m_requests); }, options);
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
    for (int i = 0; i < 20; ++i) {
        RawSseClient client(m_clock);
        // 21 characters; its answer ("answer to " and the message) 31.
        QCOMPARE(post(body(u"long"_s, u"message %1 .........."_s.arg(i, 2), {}), &client), 200);
    }
    const QList<Message> history = m_requests.last().history;
    QCOMPARE(history.size(), 2);
    QCOMPARE(history.at(0).content, u"message 18 .........."_s);
    QCOMPARE(history.at(1).content, u"answer to message 18 .........."_s);
}

QTEST_GUILESS_MAIN(TestChatHistory)
#include "tst_chathistory.moc"
