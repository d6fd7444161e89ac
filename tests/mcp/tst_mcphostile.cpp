// MCP servers that go wrong, through the real McpServer and a real child
// (tests/mcp/fake_mcp_server.py): each failure becomes a clear reason, never a
// hang or a leaked process, and the next call starts the server again.
#include "mcptestsupport.h"
#include "server/agent/mcp/mcpserver.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace Qt::StringLiterals;
using namespace rill;
using namespace rill::testing;
using namespace std::chrono_literals;

namespace {

McpServerOptions quickOptions()
{
    McpServerOptions options;
    options.startTimeout = 10s;
    options.killGrace = 300ms;
    options.pingTimeout = 300ms;
    return options;
}

// Calls `tool` and waits for its result (nothing when none came in 10 s).
std::optional<McpToolResult> callAndWait(McpServer &server, const QString &tool,
    const QJsonObject &arguments = {}, std::chrono::milliseconds timeout = 5s)
{
    McpToolCall *call = server.callTool(tool, arguments, timeout);
    std::optional<McpToolResult> result;
    QObject::connect(
        call, &McpToolCall::finished, [&result](const McpToolResult &got) { result = got; });
    (void)QTest::qWaitFor([&] { return result.has_value(); }, 10000);
    return result;
}

bool waitUntilReady(McpServer &server)
{
    server.start();
    return QTest::qWaitFor(
               [&] {
                   return server.state() == McpServer::State::Ready
                       || server.state() == McpServer::State::Failed;
               },
               10000)
        && server.state() == McpServer::State::Ready;
}

template<typename Predicate>
bool logged(const QString &path, Predicate predicate);

QList<QJsonObject> loggedMessages(const QString &path)
{
    QList<QJsonObject> messages;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return messages;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (!line.isEmpty())
            messages.append(QJsonDocument::fromJson(line).object());
    }
    return messages;
}

template<typename Predicate>
bool logged(const QString &path, Predicate predicate)
{
    const QList<QJsonObject> messages = loggedMessages(path);
    return std::any_of(messages.cbegin(), messages.cend(), predicate);
}

} // namespace

class TestMcpHostile : public QObject
{
    Q_OBJECT
private slots:
    void toolsListedAcrossPages();
    void protocolVersionNegotiated();
    void unknownProtocolVersionFails();
    void programThatDoesNotExist();
    void serverThatExitsAtStart();
    void exitDuringACallThenRestart();
    void callMadeAsTheServerDiesRestartsIt();
    void garbageOnStdout();
    void lineOverOneMebibyte();
    void toolErrorsReachTheCaller();
    void timeoutCancelsButKeepsALiveServer();
    void hungServerIsKilled();
    void cancelSendsCancelledNotification();
    void serverRequestsAreAnswered();
    void stopLeavesNoProcess();
};

void TestMcpHostile::toolsListedAcrossPages()
{
    McpServer server(fakeServer({ u"--page-size"_s, u"3"_s }), quickOptions());
    QSignalSpy toolsChanged(&server, &McpServer::toolsChanged);
    QVERIFY2(waitUntilReady(server), qPrintable(server.failureReason()));
    QStringList names;
    for (const McpTool &tool : server.tools())
        names.append(tool.name);
    QCOMPARE(names,
        (QStringList { u"echo"_s, u"fail"_s, u"die"_s, u"garbage"_s, u"huge"_s, u"hang"_s,
            u"freeze"_s, u"slow"_s }));
    QCOMPARE(server.tools().first().inputSchema.value(u"required"_s).toArray().first().toString(),
        u"text"_s);
    QCOMPARE(toolsChanged.size(), 1); // once, with every page
    const auto result = callAndWait(server, u"echo"_s, { { u"text"_s, u"hello"_s } });
    QVERIFY(result);
    QCOMPARE(int(result->outcome), int(McpToolResult::Outcome::Done));
    QCOMPARE(result->text, u"echo: hello"_s);
}

void TestMcpHostile::protocolVersionNegotiated()
{
    McpServer offered(fakeServer(), quickOptions());
    QVERIFY(waitUntilReady(offered));
    QCOMPARE(offered.protocolVersion(), McpServer::supportedProtocolVersions().first());

    McpServer older(fakeServer({ u"--protocol"_s, u"2025-03-26"_s }), quickOptions());
    QVERIFY(waitUntilReady(older));
    QCOMPARE(older.protocolVersion(), u"2025-03-26"_s);
}

void TestMcpHostile::unknownProtocolVersionFails()
{
    McpServer server(fakeServer({ u"--protocol"_s, u"1999-01-01"_s }), quickOptions());
    server.start();
    QTRY_COMPARE_WITH_TIMEOUT(server.state(), McpServer::State::Failed, 10000);
    QVERIFY2(server.failureReason().contains(u"speaks protocol version \"1999-01-01\""_s),
        qPrintable(server.failureReason()));
    QCOMPARE(server.processId(), 0);
}

void TestMcpHostile::programThatDoesNotExist()
{
    McpServerConfig config;
    config.name = u"ghost"_s;
    config.command = u"/nonexistent/mcp-server"_s;
    McpServer server(config, quickOptions());
    const auto result = callAndWait(server, u"anything"_s);
    QVERIFY(result);
    QCOMPARE(int(result->outcome), int(McpToolResult::Outcome::Failed));
    QVERIFY2(result->text.startsWith(
                 u"cannot start the MCP server \"ghost\" (/nonexistent/mcp-server)"_s),
        qPrintable(result->text));
    QCOMPARE(server.state(), McpServer::State::Failed);
}

void TestMcpHostile::serverThatExitsAtStart()
{
    McpServer server(fakeServer({ u"--exit-at-start"_s }), quickOptions());
    const auto result = callAndWait(server, u"echo"_s);
    QVERIFY(result);
    QCOMPARE(int(result->outcome), int(McpToolResult::Outcome::Failed));
    QCOMPARE(result->text,
        u"the MCP server \"fake\" exited with status 2: fake server: refusing to start"_s);
}

void TestMcpHostile::exitDuringACallThenRestart()
{
    McpServer server(fakeServer(), quickOptions());
    QVERIFY(waitUntilReady(server));
    const qint64 firstPid = server.processId();
    QVERIFY(processRuns(firstPid));
    const auto died = callAndWait(server, u"die"_s);
    QVERIFY(died);
    QCOMPARE(int(died->outcome), int(McpToolResult::Outcome::Failed));
    QCOMPARE(died->text,
        u"the MCP server \"fake\" exited with status 3: fake server: dying in the middle of a call"_s);
    QCOMPARE(server.state(), McpServer::State::Failed);
    QTRY_VERIFY(!processExists(firstPid)); // reaped: no zombie

    // Kept across calls: the next one starts it again.
    const auto echoed = callAndWait(server, u"echo"_s, { { u"text"_s, u"again"_s } });
    QVERIFY(echoed);
    QCOMPARE(echoed->text, u"echo: again"_s);
    QCOMPARE(server.state(), McpServer::State::Ready);
    QVERIFY(server.processId() != firstPid);
}

// A model's next call often follows at once from the failed one's result.
void TestMcpHostile::callMadeAsTheServerDiesRestartsIt()
{
    McpServer server(fakeServer(), quickOptions());
    QVERIFY(waitUntilReady(server));
    const qint64 firstPid = server.processId();
    std::optional<McpToolResult> next;
    McpToolCall *dying = server.callTool(u"die"_s, {}, 5s);
    connect(dying, &McpToolCall::finished, this, [&](const McpToolResult &) {
        McpToolCall *call = server.callTool(u"echo"_s, { { u"text"_s, u"after"_s } }, 5s);
        connect(call, &McpToolCall::finished, this,
            [&next](const McpToolResult &result) { next = result; });
    });
    QTRY_VERIFY_WITH_TIMEOUT(next.has_value(), 10000);
    QVERIFY2(next->succeeded(), qPrintable(next->text));
    QCOMPARE(next->text, u"echo: after"_s);
    QVERIFY(server.processId() != firstPid);
    QCOMPARE(server.state(), McpServer::State::Ready);
}

void TestMcpHostile::garbageOnStdout()
{
    McpServer server(fakeServer(), quickOptions());
    QVERIFY(waitUntilReady(server));
    const qint64 pid = server.processId();
    const auto result = callAndWait(server, u"garbage"_s);
    QVERIFY(result);
    QCOMPARE(int(result->outcome), int(McpToolResult::Outcome::Failed));
    QCOMPARE(result->text, u"the server wrote a line that is not JSON-RPC: this is not json-rpc"_s);
    QVERIFY2(server.failureReason().contains(u"broke the protocol"_s),
        qPrintable(server.failureReason()));
    QTRY_VERIFY(!processExists(pid)); // a server that lies on stdout is ended
    QVERIFY(callAndWait(server, u"echo"_s, { { u"text"_s, u"x"_s } })->succeeded());

    // And a call made from the failed call's result starts it again too.
    std::optional<McpToolResult> next;
    McpToolCall *garbage = server.callTool(u"garbage"_s, {}, 5s);
    connect(garbage, &McpToolCall::finished, this, [&](const McpToolResult &) {
        connect(server.callTool(u"echo"_s, { { u"text"_s, u"after"_s } }, 5s),
            &McpToolCall::finished, this, [&next](const McpToolResult &result) { next = result; });
    });
    QTRY_VERIFY_WITH_TIMEOUT(next.has_value(), 10000);
    QVERIFY2(next->succeeded(), qPrintable(next->text));
}

void TestMcpHostile::lineOverOneMebibyte()
{
    McpServer server(fakeServer(), quickOptions());
    QVERIFY(waitUntilReady(server));
    const qint64 pid = server.processId();
    const auto result = callAndWait(server, u"huge"_s);
    QVERIFY(result);
    QCOMPARE(int(result->outcome), int(McpToolResult::Outcome::Failed));
    QCOMPARE(result->text, u"the server wrote a line longer than 1 MiB"_s);
    QTRY_VERIFY(!processExists(pid));
}

void TestMcpHostile::toolErrorsReachTheCaller()
{
    McpServer server(fakeServer(), quickOptions());
    QVERIFY(waitUntilReady(server));
    const auto failed = callAndWait(server, u"fail"_s);
    QVERIFY(failed);
    QCOMPARE(int(failed->outcome), int(McpToolResult::Outcome::ToolError));
    QCOMPARE(failed->text, u"this tool always fails"_s);
    const auto unknown = callAndWait(server, u"no_such_tool"_s);
    QVERIFY(unknown);
    QCOMPARE(int(unknown->outcome), int(McpToolResult::Outcome::ToolError));
    QCOMPARE(unknown->text, u"MCP error -32602: Unknown tool: no_such_tool"_s);
    QCOMPARE(server.state(), McpServer::State::Ready);
}

void TestMcpHostile::timeoutCancelsButKeepsALiveServer()
{
    QTemporaryDir dir;
    const QString log = dir.filePath(u"log.jsonl"_s);
    McpServer server(fakeServer({ u"--log"_s, log }), quickOptions());
    QVERIFY(waitUntilReady(server));
    const qint64 pid = server.processId();
    const auto result = callAndWait(server, u"hang"_s, {}, 300ms);
    QVERIFY(result);
    QCOMPARE(int(result->outcome), int(McpToolResult::Outcome::Failed));
    QCOMPARE(result->text, u"the tool \"hang\" gave no answer within 0.3 s"_s);
    // It was told, and it still answers a ping, so it is kept.
    QTRY_VERIFY(
        logged(log, [](const QJsonObject &m) { return m.value(u"method"_s) == u"ping"_s; }));
    const QList<QJsonObject> messages = loggedMessages(log);
    const auto call = std::find_if(messages.cbegin(), messages.cend(),
        [](const QJsonObject &m) { return m.value(u"method"_s) == u"tools/call"_s; });
    const auto cancelled = std::find_if(messages.cbegin(), messages.cend(),
        [](const QJsonObject &m) { return m.value(u"method"_s) == u"notifications/cancelled"_s; });
    QVERIFY(call != messages.cend() && cancelled != messages.cend());
    QCOMPARE(cancelled->value(u"params"_s).toObject().value(u"requestId"_s), call->value(u"id"_s));
    QTest::qWait(400); // past the ping's timeout
    QCOMPARE(server.state(), McpServer::State::Ready);
    QCOMPARE(server.processId(), pid);
    QVERIFY(callAndWait(server, u"echo"_s, { { u"text"_s, u"x"_s } })->succeeded());
}

void TestMcpHostile::hungServerIsKilled()
{
    McpServer server(fakeServer(), quickOptions());
    QVERIFY(waitUntilReady(server));
    const qint64 pid = server.processId();
    const auto result = callAndWait(server, u"freeze"_s, {}, 300ms);
    QVERIFY(result);
    QCOMPARE(result->text, u"the tool \"freeze\" gave no answer within 0.3 s"_s);
    QTRY_COMPARE(server.state(), McpServer::State::Failed);
    QVERIFY2(server.failureReason().contains(u"stopped answering"_s),
        qPrintable(server.failureReason()));
    QTRY_VERIFY(!processExists(pid));
    QVERIFY(callAndWait(server, u"echo"_s, { { u"text"_s, u"x"_s } })->succeeded());
}

void TestMcpHostile::cancelSendsCancelledNotification()
{
    QTemporaryDir dir;
    const QString log = dir.filePath(u"log.jsonl"_s);
    McpServer server(fakeServer({ u"--log"_s, log }), quickOptions());
    QVERIFY(waitUntilReady(server));
    QPointer<McpToolCall> call = server.callTool(u"slow"_s, { { u"seconds"_s, 3 } }, 10s);
    QSignalSpy finished(call.data(), &McpToolCall::finished);
    QTRY_VERIFY(
        logged(log, [](const QJsonObject &m) { return m.value(u"method"_s) == u"tools/call"_s; }));
    call->cancel(u"the user pressed Stop"_s);
    QTRY_VERIFY(logged(log, [](const QJsonObject &m) {
        return m.value(u"method"_s) == u"notifications/cancelled"_s
            && m.value(u"params"_s).toObject().value(u"reason"_s) == u"the user pressed Stop"_s;
    }));
    QTRY_VERIFY(!call); // it deletes itself
    QCOMPARE(finished.size(), 0);
    QVERIFY(callAndWait(server, u"echo"_s, { { u"text"_s, u"x"_s } })->succeeded());
}

void TestMcpHostile::serverRequestsAreAnswered()
{
    QTemporaryDir dir;
    const QString log = dir.filePath(u"log.jsonl"_s);
    McpServer server(fakeServer({ u"--ask-client"_s, u"--log"_s, log }), quickOptions());
    QVERIFY(waitUntilReady(server));
    const auto answerTo = [&](const QString &id) {
        const QList<QJsonObject> messages = loggedMessages(log);
        const auto it = std::find_if(messages.cbegin(), messages.cend(), [&](const QJsonObject &m) {
            return m.value(u"id"_s) == id && !m.contains(u"method"_s);
        });
        return it == messages.cend() ? QJsonObject() : *it;
    };
    QTRY_VERIFY(!answerTo(u"ask-roots"_s).isEmpty());
    QTRY_VERIFY(!answerTo(u"ask-ping"_s).isEmpty());
    QCOMPARE(
        answerTo(u"ask-roots"_s).value(u"error"_s).toObject().value(u"code"_s).toInt(), -32601);
    QVERIFY(answerTo(u"ask-ping"_s).value(u"result"_s).isObject());
    const QList<QJsonObject> messages = loggedMessages(log);
    QCOMPARE(messages.at(0).value(u"method"_s).toString(), u"initialize"_s);
    QCOMPARE(messages.at(0).value(u"params"_s).toObject().value(u"capabilities"_s).toObject(),
        QJsonObject());
    QCOMPARE(messages.at(1).value(u"method"_s).toString(), u"notifications/initialized"_s);
    QVERIFY(!messages.at(1).contains(u"id"_s));
    QCOMPARE(messages.at(2).value(u"method"_s).toString(), u"tools/list"_s);
    QCOMPARE(server.state(), McpServer::State::Ready); // the log notification changed nothing
}

void TestMcpHostile::stopLeavesNoProcess()
{
    qint64 pid = 0;
    {
        McpServer server(fakeServer(), quickOptions());
        QVERIFY(waitUntilReady(server));
        pid = server.processId();
        QVERIFY(processRuns(pid));
        server.stop();
        QCOMPARE(server.state(), McpServer::State::Stopped);
        QTRY_VERIFY(!processExists(pid)); // its stdin closed: it exits and is reaped
        QVERIFY(waitUntilReady(server));
        pid = server.processId();
    } // and destroyed while running
    QTRY_VERIFY(!processExists(pid));
}

QTEST_GUILESS_MAIN(TestMcpHostile)
#include "tst_mcphostile.moc"
