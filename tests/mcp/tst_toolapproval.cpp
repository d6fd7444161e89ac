// Approval over the protocol, end to end, as a user runs it: the real
// `rill --serve --agent openai --mcp-config` with the real filesystem MCP
// server from npm on a temporary folder (list_directory trusted, the rest
// not), the stand-in LLM's tool scripts (tests/peers/fake_openai.py), and raw
// HTTP clients on loopback: one follows the stream event by event, another
// answers the `approval` event with POST /chat/approval.
#include "../support/rillprocess.h"
#include "mcptestsupport.h"
#include "rawsseclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace rill::testing;

namespace {

constexpr int kApprovalTimeoutSeconds = 2;
constexpr int kResumeGraceMs = 5000; // ChatServer's default, which --serve keeps

QString type(const QJsonObject &event)
{
    return event.value(u"type"_s).toString();
}

// "approval 1", "step 1 running", "planning 1": the shape of a stream, for comparing.
QStringList shape(const QList<QJsonObject> &events)
{
    QStringList out;
    for (const QJsonObject &event : events) {
        const QString t = type(event);
        if (t == u"planning"_s || t == u"approval"_s)
            out.append(t + u' ' + QString::number(event.value(u"step"_s).toInt()));
        else if (t == u"step"_s)
            out.append(u"step %1 %2"_s.arg(event.value(u"step"_s).toInt())
                           .arg(event.value(u"state"_s).toString()));
        else if (t != u"delta"_s)
            out.append(t);
    }
    return out;
}

} // namespace

class TestToolApproval : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void trustedToolRunsWithoutAsking();
    void deniedCallGoesBackToTheModel();
    void unansweredCallIsDeniedAfterTheTimeout();
    void allowedFromASecondClient();
    void badAnswersAreRefused();
    void resumeShowsThePendingApproval();
    void allowAlwaysTrustsTheToolFromThenOn();
    void cleanupTestCase();

private:
    // A `rill --serve` on the stand-in LLM and the filesystem server; its port, or 0.
    quint16 startRill(QProcess &rill, int approvalTimeoutSeconds);
    // Starts a run of `message`; the client follows it.
    std::unique_ptr<RawSseClient> startRun(const QString &message);
    // Waits until `client` has an event of `eventType`; returns its index or -1.
    qsizetype waitForEvent(RawSseClient &client, const QString &eventType, qsizetype from = 0);
    // POST /chat/approval from a client of its own; the status and the JSON body.
    int answer(const QByteArray &body, QJsonObject *reply = nullptr);
    int answer(const QJsonObject &approval, const QString &decision, QJsonObject *reply = nullptr);
    QList<QJsonObject> events(const RawSseClient &client) const;
    QJsonObject health();

    QElapsedTimer m_clock;
    QTemporaryDir m_dir;
    QString m_folder;
    QProcess m_llm;
    QProcess m_rill;
    QString m_llmUrl;
    QString m_config;
    quint16 m_port = 0;
};

void TestToolApproval::initTestCase()
{
    m_clock.start();
    const QString files = npmServerScript(u"server-filesystem"_s);
    RILL_REQUIRE_NPM_SERVER(files, "@modelcontextprotocol/server-filesystem");
    m_folder = m_dir.filePath(u"notes"_s);
    QVERIFY(QDir().mkpath(m_folder));
    for (const auto &[name, text] : { std::pair { u"groceries.md"_s, "buy milk\n" },
             std::pair { u"todo.txt"_s, "water the plants\n" } }) {
        QFile file(m_folder + u'/' + name);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(text);
    }

    m_llm.start(findPython(),
        { sourcePath(u"tests/peers/fake_openai.py"_s), u"--port"_s, u"0"_s, u"--delay"_s,
            u"0.01"_s });
    QVERIFY(m_llm.waitForStarted());
    QVERIFY(m_llm.waitForReadyRead(10000));
    const QByteArray listening = m_llm.readLine().trimmed();
    QVERIFY2(listening.startsWith("LISTENING "), listening.constData());

    // Only list_directory is trusted: reading a file asks first.
    const QJsonObject config { { u"mcpServers"_s,
        QJsonObject { { u"files"_s,
            QJsonObject { { u"command"_s, u"node"_s },
                { u"args"_s, QJsonArray { files, m_folder } },
                { u"trust"_s, QJsonArray { u"list_directory"_s } } } } } } };
    QFile configFile(m_dir.filePath(u"mcp.json"_s));
    QVERIFY(configFile.open(QIODevice::WriteOnly));
    configFile.write(QJsonDocument(config).toJson());
    configFile.close();

    m_llmUrl = u"http://127.0.0.1:"_s + QString::fromLatin1(listening.mid(10));
    m_config = configFile.fileName();
    m_port = startRill(m_rill, kApprovalTimeoutSeconds);
    QVERIFY(m_port);
}

quint16 TestToolApproval::startRill(QProcess &rill, int approvalTimeoutSeconds)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(u"QT_LOGGING_RULES"_s);
    rill.setProcessEnvironment(env);
    rill.start(qEnvironmentVariable("RILL_BINARY"),
        { u"--serve"_s, u"--port"_s, u"0"_s, u"--agent"_s, u"openai"_s, u"--llm-url"_s, m_llmUrl,
            u"--mcp-config"_s, m_config, u"--approval-timeout"_s,
            QString::number(approvalTimeoutSeconds) });
    QByteArray log;
    const quint16 port = quint16(waitForServingUrl(rill, &log).port(0));
    if (!port) {
        qWarning().noquote() << log;
        return 0;
    }
    // The model is offered the tools once the server has listed them.
    if (!QTest::qWaitFor(
            [&] {
                log += rill.readAllStandardError();
                return log.contains("[files] ready");
            },
            15000)) {
        qWarning().noquote() << log;
        return 0;
    }
    return port;
}

std::unique_ptr<RawSseClient> TestToolApproval::startRun(const QString &message)
{
    auto client = std::make_unique<RawSseClient>(m_clock);
    client->request(m_port, "POST", "/chat",
        QJsonDocument(QJsonObject { { u"message"_s, message } }).toJson(),
        { "Content-Type: application/json" });
    return client;
}

qsizetype TestToolApproval::waitForEvent(
    RawSseClient &client, const QString &eventType, qsizetype from)
{
    qsizetype found = -1;
    (void)QTest::qWaitFor(
        [&] {
            for (qsizetype i = from; i < client.arrivals().size(); ++i) {
                if (type(client.jsonAt(i)) == eventType) {
                    found = i;
                    return true;
                }
            }
            return client.isClosed();
        },
        15000);
    return found;
}

int TestToolApproval::answer(const QByteArray &body, QJsonObject *reply)
{
    RawSseClient client(m_clock);
    client.request(m_port, "POST", "/chat/approval", body, { "Content-Type: application/json" });
    if (!QTest::qWaitFor([&] { return client.isComplete(); }, 10000))
        return 0;
    if (reply)
        *reply = QJsonDocument::fromJson(client.body()).object();
    return client.status();
}

int TestToolApproval::answer(
    const QJsonObject &approval, const QString &decision, QJsonObject *reply)
{
    return answer(QJsonDocument(QJsonObject {
                                    { u"sessionId"_s, approval.value(u"sessionId"_s) },
                                    { u"callId"_s, approval.value(u"callId"_s) },
                                    { u"decision"_s, decision },
                                })
                      .toJson(),
        reply);
}

QList<QJsonObject> TestToolApproval::events(const RawSseClient &client) const
{
    QList<QJsonObject> out;
    for (qsizetype i = 0; i < client.arrivals().size(); ++i)
        out.append(client.jsonAt(i));
    return out;
}

QJsonObject TestToolApproval::health()
{
    RawSseClient client(m_clock);
    client.request(m_port, "GET", "/health");
    if (!QTest::qWaitFor([&] { return client.isComplete(); }, 10000))
        return {};
    return QJsonDocument::fromJson(client.body()).object();
}

void TestToolApproval::trustedToolRunsWithoutAsking()
{
    const auto client = startRun(u"list the files in "_s + m_folder);
    QVERIFY(QTest::qWaitFor([&] { return client->isClosed(); }, 20000));
    QCOMPARE(shape(events(*client)),
        (QStringList {
            u"planning 1"_s, u"step 1 running"_s, u"step 1 done"_s, u"assistant"_s, u"done"_s }));
}

void TestToolApproval::deniedCallGoesBackToTheModel()
{
    const QString file = m_folder + u"/groceries.md"_s;
    const auto client = startRun(u"summarize "_s + file);
    const qsizetype at = waitForEvent(*client, u"approval"_s);
    QVERIFY2(at >= 0, client->body().constData());
    const QJsonObject approval = client->jsonAt(at);
    QCOMPARE(approval.value(u"step"_s).toInt(), 1);
    QCOMPARE(approval.value(u"tool"_s).toString(), u"read_text_file"_s);
    QCOMPARE(approval.value(u"server"_s).toString(), u"files"_s);
    QCOMPARE(approval.value(u"arguments"_s).toObject().value(u"path"_s).toString(), file);
    QVERIFY(approval.value(u"callId"_s).toString().size() >= 16);
    QCOMPARE(approval.value(u"content"_s).toString(), u"Allow read_text_file "_s + file + u'?');
    // Waiting: the approval is the last thing on the wire.
    QCOMPARE(client->arrivals().size(), at + 1);
    QCOMPARE(health().value(u"activeRuns"_s).toInt(), 1);

    QJsonObject reply;
    QCOMPARE(answer(approval, u"deny"_s, &reply), 200);
    QCOMPARE(reply.value(u"decision"_s).toString(), u"deny"_s);
    QVERIFY(QTest::qWaitFor([&] { return client->isClosed(); }, 20000));
    const QList<QJsonObject> all = events(*client);
    QCOMPARE(shape(all),
        (QStringList {
            u"planning 1"_s, u"approval 1"_s, u"step 1 failed"_s, u"assistant"_s, u"done"_s }));
    const QJsonObject failed = all.at(at + 1);
    QCOMPARE(failed.value(u"result"_s).toString(), u"The user denied this call"_s);
    // The model was told, as the call's result.
    QVERIFY2(all.at(all.size() - 2)
                 .value(u"content"_s)
                 .toString()
                 .contains(u"The user denied this call"_s),
        qPrintable(all.at(all.size() - 2).value(u"content"_s).toString()));
    // Decided once: a second answer is a conflict, whatever it says.
    QCOMPARE(answer(approval, u"allow"_s, &reply), 409);
    QVERIFY2(reply.value(u"error"_s).toString().contains(u"denied"_s),
        qPrintable(reply.value(u"error"_s).toString()));
}

void TestToolApproval::unansweredCallIsDeniedAfterTheTimeout()
{
    const auto client = startRun(u"summarize "_s + m_folder + u"/todo.txt"_s);
    const qsizetype at = waitForEvent(*client, u"approval"_s);
    QVERIFY(at >= 0);
    const qint64 askedAt = client->arrivals().at(at).atMs;
    const qsizetype failedAt = waitForEvent(*client, u"step"_s, at);
    QVERIFY(failedAt >= 0);
    const QJsonObject failed = client->jsonAt(failedAt);
    QCOMPARE(failed.value(u"state"_s).toString(), u"failed"_s);
    QCOMPARE(failed.value(u"result"_s).toString(),
        u"The user did not answer within %1 s, so the call was denied"_s.arg(
            kApprovalTimeoutSeconds));
    const qint64 waited = client->arrivals().at(failedAt).atMs - askedAt;
    QVERIFY2(waited >= kApprovalTimeoutSeconds * 1000 - 50, qPrintable(QString::number(waited)));
    QVERIFY2(waited < kApprovalTimeoutSeconds * 1000 + 2000, qPrintable(QString::number(waited)));
    QVERIFY(QTest::qWaitFor([&] { return client->isClosed(); }, 20000));
    QCOMPARE(type(events(*client).last()), u"done"_s);
    QJsonObject reply;
    QCOMPARE(answer(client->jsonAt(at), u"allow"_s, &reply), 409);
    QVERIFY(reply.value(u"error"_s).toString().contains(u"timed out"_s));
}

void TestToolApproval::allowedFromASecondClient()
{
    const auto client = startRun(u"summarize "_s + m_folder + u"/groceries.md"_s);
    const qsizetype at = waitForEvent(*client, u"approval"_s);
    QVERIFY(at >= 0);
    // The answer comes over another connection, as from curl or another window.
    QCOMPARE(answer(client->jsonAt(at), u"allow"_s), 200);
    QVERIFY(QTest::qWaitFor([&] { return client->isClosed(); }, 20000));
    const QList<QJsonObject> all = events(*client);
    QCOMPARE(shape(all),
        (QStringList { u"planning 1"_s, u"approval 1"_s, u"step 1 running"_s, u"step 1 done"_s,
            u"assistant"_s, u"done"_s }));
    QCOMPARE(all.at(at + 2).value(u"result"_s).toString(), u"buy milk\n"_s);
    QVERIFY(all.at(all.size() - 2).value(u"content"_s).toString().contains(u"buy milk"_s));
}

void TestToolApproval::badAnswersAreRefused()
{
    QJsonObject reply;
    QCOMPARE(answer("not json", &reply), 400);
    QVERIFY(reply.value(u"error"_s).toString().contains(u"JSON object"_s));
    QCOMPARE(answer(R"({"callId":"x","decision":"allow"})", &reply), 400);
    QVERIFY(reply.value(u"error"_s).toString().startsWith(u"sessionId:"_s));
    QCOMPARE(answer(R"({"sessionId":"s1","decision":"allow"})", &reply), 400);
    QVERIFY(reply.value(u"error"_s).toString().startsWith(u"callId:"_s));
    QCOMPARE(answer(R"({"sessionId":"s1","callId":"x","decision":"maybe"})", &reply), 400);
    QVERIFY(reply.value(u"error"_s).toString().startsWith(u"decision:"_s));
    QCOMPARE(reply.value(u"status"_s).toInt(), 400);
    QCOMPARE(answer(R"({"sessionId":"never-seen","callId":"x","decision":"allow"})", &reply), 404);
    QVERIFY(reply.value(u"error"_s).toString().contains(u"session"_s));

    // A session that has a waiting call, asked about another call.
    const auto client = startRun(u"summarize "_s + m_folder + u"/todo.txt"_s);
    const qsizetype at = waitForEvent(*client, u"approval"_s);
    QVERIFY(at >= 0);
    QJsonObject wrong = client->jsonAt(at);
    wrong.insert(u"callId"_s, u"call-not-this-one"_s);
    QCOMPARE(answer(wrong, u"allow"_s, &reply), 404);
    QVERIFY(reply.value(u"error"_s).toString().contains(u"callId"_s));
    // Another session cannot answer it.
    QJsonObject otherSession = client->jsonAt(at);
    otherSession.insert(u"sessionId"_s, u"someone-else"_s);
    QCOMPARE(answer(otherSession, u"allow"_s), 404);

    RawSseClient get(m_clock);
    get.request(m_port, "GET", "/chat/approval");
    QVERIFY(QTest::qWaitFor([&] { return get.isComplete(); }, 10000));
    QCOMPARE(get.status(), 405);
    QCOMPARE(get.header("Allow"), QByteArray("POST, OPTIONS"));

    // A Stop while it waits ends the run cleanly, and withdraws the question.
    RawSseClient stop(m_clock);
    stop.request(m_port, "DELETE",
        "/chat?sessionId=" + client->jsonAt(at).value(u"sessionId"_s).toString().toUtf8());
    QVERIFY(QTest::qWaitFor([&] { return stop.isComplete(); }, 10000));
    QCOMPARE(stop.status(), 204);
    QVERIFY(QTest::qWaitFor([&] { return client->isClosed(); }, 10000));
    const QJsonObject last = events(*client).last();
    QCOMPARE(type(last), u"done"_s);
    QCOMPARE(last.value(u"state"_s).toString(), u"cancelled"_s);
    QCOMPARE(answer(client->jsonAt(at), u"allow"_s, &reply), 409);
    QVERIFY(reply.value(u"error"_s).toString().contains(u"stopped"_s));
}

void TestToolApproval::resumeShowsThePendingApproval()
{
    // A server of its own, whose calls wait longer than a client is waited for.
    QProcess rill;
    ProcessGuard guard { rill };
    const quint16 mainPort = std::exchange(m_port, startRill(rill, 300));
    const auto restorePort = qScopeGuard([&] { m_port = mainPort; });
    QVERIFY(m_port);
    auto client = startRun(u"summarize "_s + m_folder + u"/groceries.md"_s);
    const qsizetype at = waitForEvent(*client, u"approval"_s);
    QVERIFY(at >= 0);
    const QJsonObject approval = client->jsonAt(at);
    const QByteArray firstId = client->arrivals().first().event.lastEventId.toUtf8();
    client->abort();
    client.reset();
    // Nobody is connected, for longer than a run outlives a client that left:
    // a call waiting for a person keeps its run.
    QTest::qWait(kResumeGraceMs + 500);
    QCOMPARE(health().value(u"activeRuns"_s).toInt(), 1);

    RawSseClient resumed(m_clock);
    resumed.request(m_port, "GET", "/chat", {}, { "Last-Event-ID: " + firstId });
    const qsizetype again = waitForEvent(resumed, u"approval"_s);
    QVERIFY2(again >= 0, resumed.body().constData());
    QCOMPARE(resumed.jsonAt(again).value(u"callId"_s), approval.value(u"callId"_s));
    // Still pending: nothing about step 1 after it.
    QCOMPARE(resumed.arrivals().size(), again + 1);
    QCOMPARE(answer(approval, u"allow"_s), 200);
    QVERIFY(QTest::qWaitFor([&] { return resumed.isClosed(); }, 20000));
    // The minutes a person takes are not the model's: its time to first token
    // leaves out the wait.
    const QJsonObject answerEvent = events(resumed).at(events(resumed).size() - 2);
    const int ttft = answerEvent.value(u"stats"_s).toObject().value(u"ttftMs"_s).toInt(-1);
    QVERIFY2(ttft >= 0 && ttft < kResumeGraceMs, qPrintable(QString::number(ttft)));
    QCOMPARE(shape(events(resumed)),
        (QStringList {
            u"approval 1"_s, u"step 1 running"_s, u"step 1 done"_s, u"assistant"_s, u"done"_s }));
}

void TestToolApproval::allowAlwaysTrustsTheToolFromThenOn()
{
    const QString a = m_folder + u"/groceries.md"_s, b = m_folder + u"/todo.txt"_s;
    const auto client = startRun(u"read both "_s + a + u' ' + b);
    const qsizetype at = waitForEvent(*client, u"approval"_s);
    QVERIFY(at >= 0);
    QCOMPARE(answer(client->jsonAt(at), u"allow-always"_s), 200);
    QVERIFY(QTest::qWaitFor([&] { return client->isClosed(); }, 20000));
    // The second call of the same tool, in the same round, no longer asks.
    QCOMPARE(shape(events(*client)),
        (QStringList { u"planning 1"_s, u"planning 2"_s, u"approval 1"_s, u"step 1 running"_s,
            u"step 1 done"_s, u"step 2 running"_s, u"step 2 done"_s, u"assistant"_s, u"done"_s }));
    // Nor does a later run.
    const auto later = startRun(u"summarize "_s + a);
    QVERIFY(QTest::qWaitFor([&] { return later->isClosed(); }, 20000));
    QCOMPARE(shape(events(*later)),
        (QStringList {
            u"planning 1"_s, u"step 1 running"_s, u"step 1 done"_s, u"assistant"_s, u"done"_s }));
}

void TestToolApproval::cleanupTestCase()
{
    for (QProcess *process : { &m_rill, &m_llm }) {
        if (process->state() == QProcess::NotRunning)
            continue;
        process->terminate();
        if (!process->waitForFinished(5000))
            process->kill();
        process->waitForFinished(2000);
    }
}

QTEST_GUILESS_MAIN(TestToolApproval)
#include "tst_toolapproval.moc"
