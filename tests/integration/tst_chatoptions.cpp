// `options` in POST /chat, over HTTP: each bad value is a 400 whose JSON error
// names the field; good ones reach the agent over the server's defaults;
// --lock-options (ChatServer::Options::lockOptions) ignores them, and /health says so.
#include "rawsseclient.h"
#include "server/http/chatserver.h"
#include "tests/support/recordingagent.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using rill::AgentRequest;
using rill::ChatOptions;

class TestChatOptions : public QObject
{
    Q_OBJECT
private slots:
    void cleanup();
    void badOptionIsA400NamingTheField_data();
    void badOptionIsA400NamingTheField();
    void optionsReachTheAgentOverTheDefaults();
    void lockedServerIgnoresOptionsAndSaysSo();
    void roundTrip();

private:
    void startServer(const rill::ChatServer::Options &options = {});
    int post(const QByteArray &json, RawSseClient *client);
    QJsonObject health();

    QElapsedTimer m_clock;
    QList<AgentRequest> m_requests;
    std::unique_ptr<rill::ChatServer> m_server;
};

void TestChatOptions::startServer(const rill::ChatServer::Options &options)
{
    m_clock.start();
    m_requests.clear();
    m_server = std::make_unique<rill::ChatServer>(
        [this] {
            return std::make_unique<rill::testing::RecordingAgent>(
                &m_requests, std::chrono::milliseconds(0));
        },
        options);
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
}

void TestChatOptions::cleanup()
{
    m_server.reset();
}

int TestChatOptions::post(const QByteArray &json, RawSseClient *client)
{
    client->request(m_server->port(), "POST", "/chat", json,
        { QByteArrayLiteral("Content-Type: application/json") });
    if (!QTest::qWaitFor([client] { return client->isComplete(); }, 5000))
        return -1;
    return client->status();
}

QJsonObject TestChatOptions::health()
{
    RawSseClient client(m_clock);
    client.request(m_server->port(), "GET", "/health");
    if (!QTest::qWaitFor([&client] { return client.isComplete(); }, 5000))
        return {};
    return QJsonDocument::fromJson(client.body()).object();
}

void TestChatOptions::badOptionIsA400NamingTheField_data()
{
    QTest::addColumn<QByteArray>("options");
    QTest::addColumn<QString>("field");
    const QString whole = u"options"_s;
    QTest::newRow("not an object") << QByteArray("\"fast\"") << whole;
    QTest::newRow("an array") << QByteArray("[1]") << whole;
    QTest::newRow("unknown key") << QByteArray("{\"seed\":1}") << u"options.seed"_s;
    QTest::newRow("model number") << QByteArray("{\"model\":7}") << u"options.model"_s;
    QTest::newRow("model empty") << QByteArray("{\"model\":\"  \"}") << u"options.model"_s;
    QTest::newRow("model control") << QByteArray("{\"model\":\"a\\nb\"}") << u"options.model"_s;
    QTest::newRow("model long") << "{\"model\":\"" + QByteArray(300, 'm') + "\"}"
                                << u"options.model"_s;
    QTest::newRow("system number") << QByteArray("{\"system\":1}") << u"options.system"_s;
    QTest::newRow("system object") << QByteArray("{\"system\":{}}") << u"options.system"_s;
    QTest::newRow("system long") << "{\"system\":\"" + QByteArray(20000, 's') + "\"}"
                                 << u"options.system"_s;
    QTest::newRow("temperature string")
        << QByteArray("{\"temperature\":\"0.7\"}") << u"options.temperature"_s;
    QTest::newRow("temperature negative")
        << QByteArray("{\"temperature\":-0.1}") << u"options.temperature"_s;
    QTest::newRow("temperature high")
        << QByteArray("{\"temperature\":2.5}") << u"options.temperature"_s;
    QTest::newRow("temperature bool")
        << QByteArray("{\"temperature\":true}") << u"options.temperature"_s;
    QTest::newRow("top_p high") << QByteArray("{\"top_p\":1.01}") << u"options.top_p"_s;
    QTest::newRow("top_p negative") << QByteArray("{\"top_p\":-1}") << u"options.top_p"_s;
    QTest::newRow("top_p string") << QByteArray("{\"top_p\":\"x\"}") << u"options.top_p"_s;
    QTest::newRow("max_tokens zero") << QByteArray("{\"max_tokens\":0}") << u"options.max_tokens"_s;
    QTest::newRow("max_tokens fraction")
        << QByteArray("{\"max_tokens\":10.5}") << u"options.max_tokens"_s;
    QTest::newRow("max_tokens huge")
        << QByteArray("{\"max_tokens\":1e12}") << u"options.max_tokens"_s;
    QTest::newRow("max_tokens string")
        << QByteArray("{\"max_tokens\":\"100\"}") << u"options.max_tokens"_s;
}

void TestChatOptions::badOptionIsA400NamingTheField()
{
    QFETCH(QByteArray, options);
    QFETCH(QString, field);
    startServer();
    RawSseClient client(m_clock);
    QCOMPARE(post("{\"message\":\"hi\",\"options\":" + options + "}", &client), 400);
    QVERIFY(client.header("content-type").startsWith("application/json"));
    const QJsonObject error = QJsonDocument::fromJson(client.body()).object();
    QCOMPARE(error.value(u"status"_s).toInt(), 400);
    const QString reason = error.value(u"error"_s).toString();
    QVERIFY2(reason.startsWith(field + u' '), qPrintable(reason));
    QVERIFY(m_requests.isEmpty());
    // The server keeps serving.
    RawSseClient next(m_clock);
    QCOMPARE(post("{\"message\":\"fine\"}", &next), 200);
    QCOMPARE(m_requests.size(), 1);
}

void TestChatOptions::optionsReachTheAgentOverTheDefaults()
{
    rill::ChatServer::Options options;
    options.defaultOptions.system = u"Be brief."_s;
    options.defaultOptions.temperature = 0.2;
    options.defaultOptions.maxTokens = 64;
    startServer(options);
    QCOMPARE(health().value(u"optionsLocked"_s), QJsonValue(false));
    RawSseClient client(m_clock);
    QCOMPARE(post(R"({"message":"hi","options":{"model":"qwen3:8b","temperature":0.9,)"
                  R"("top_p":0.5,"max_tokens":null}})",
                 &client),
        200);
    QCOMPARE(m_requests.size(), 1);
    const ChatOptions &got = m_requests.at(0).options;
    QCOMPARE(got.model, u"qwen3:8b"_s);
    QCOMPARE(got.system, u"Be brief."_s); // the server's, as the client sent none
    QCOMPARE(got.temperature, 0.9); // the client's over the server's
    QCOMPARE(got.topP, 0.5);
    QCOMPARE(got.maxTokens, 64); // null is "none sent"
    // Without options, the defaults alone.
    RawSseClient bare(m_clock);
    QCOMPARE(post(R"({"message":"again"})", &bare), 200);
    QCOMPARE(m_requests.at(1).options, options.defaultOptions);
}

void TestChatOptions::lockedServerIgnoresOptionsAndSaysSo()
{
    rill::ChatServer::Options options;
    options.defaultOptions.model = u"the-only-model"_s;
    options.lockOptions = true;
    startServer(options);
    QCOMPARE(health().value(u"optionsLocked"_s), QJsonValue(true));
    RawSseClient client(m_clock);
    QCOMPARE(
        post(R"({"message":"hi","options":{"model":"other","system":"Be a pirate."}})", &client),
        200);
    QCOMPARE(m_requests.size(), 1);
    QCOMPARE(m_requests.at(0).options, options.defaultOptions);
    // A wrong value is still wrong: the shape of a request does not depend on the server.
    RawSseClient bad(m_clock);
    QCOMPARE(post(R"({"message":"hi","options":{"temperature":9}})", &bad), 400);
}

void TestChatOptions::roundTrip()
{
    ChatOptions options;
    options.model = u"m"_s;
    options.system = QString(); // "no system prompt", which differs from unset
    options.topP = 0.25;
    options.maxTokens = 12;
    const auto back = ChatOptions::fromJson(options.toJson());
    QVERIFY(std::holds_alternative<ChatOptions>(back));
    QCOMPARE(std::get<ChatOptions>(back), options);
    QCOMPARE(options.toJson().keys(),
        QStringList({ u"max_tokens"_s, u"model"_s, u"system"_s, u"top_p"_s }));
}

QTEST_GUILESS_MAIN(TestChatOptions)
#include "tst_chatoptions.moc"
