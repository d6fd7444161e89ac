// The MCP client against real servers nobody here wrote, from npm
// (tests/mcp/package-lock.json): @modelcontextprotocol/server-filesystem on a
// temporary folder and @modelcontextprotocol/server-everything.
#include "mcptestsupport.h"
#include "server/agent/mcp/mcpserver.h"
#include "server/agent/mcp/mcpserverset.h"

#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace Qt::StringLiterals;
using namespace rill;
using namespace rill::testing;
using namespace std::chrono_literals;

namespace {

QString node()
{
    const QString found = QStandardPaths::findExecutable(u"node"_s);
    return found.isEmpty() ? u"/usr/bin/node"_s : found;
}

McpServerConfig npmServer(const QString &name, const QString &script, const QStringList &args)
{
    McpServerConfig config;
    config.name = name;
    config.command = node();
    config.args = QStringList { script } + args;
    return config;
}

std::optional<McpToolResult> callAndWait(McpServer &server, const QString &tool,
    const QJsonObject &arguments, std::chrono::milliseconds timeout = 10s)
{
    McpToolCall *call = server.callTool(tool, arguments, timeout);
    std::optional<McpToolResult> result;
    QObject::connect(
        call, &McpToolCall::finished, [&result](const McpToolResult &got) { result = got; });
    (void)QTest::qWaitFor([&] { return result.has_value(); }, 15000);
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
               15000)
        && server.state() == McpServer::State::Ready;
}

QStringList toolNames(const McpServer &server)
{
    QStringList names;
    for (const McpTool &tool : server.tools())
        names.append(tool.name);
    return names;
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
}

} // namespace

class TestMcpRealServers : public QObject
{
    Q_OBJECT
private slots:
    void filesystemListsAndReads();
    void filesystemRefusesOutsideItsFolder();
    void everythingEchoesAndSees();
    void everythingSurvivesACancelledCall();
    void setOffersBothServersTools();
};

void TestMcpRealServers::filesystemListsAndReads()
{
    const QString script = npmServerScript(u"server-filesystem"_s);
    RILL_REQUIRE_NPM_SERVER(script, "@modelcontextprotocol/server-filesystem");
    QTemporaryDir dir;
    writeFile(dir.filePath(u"notes.md"_s), "# Notes\nbuy milk\n");
    writeFile(dir.filePath(u"todo.txt"_s), "ship it\n");
    McpServer server(npmServer(u"files"_s, script, { dir.path() }));
    QVERIFY2(waitUntilReady(server), qPrintable(server.failureReason()));
    QCOMPARE(server.protocolVersion(), McpServer::supportedProtocolVersions().first());
    const QStringList names = toolNames(server);
    QVERIFY2(names.contains(u"list_directory"_s) && names.contains(u"read_text_file"_s),
        qPrintable(names.join(u' ')));
    const McpTool list = server.tools().at(names.indexOf(u"list_directory"_s));
    QCOMPARE(list.inputSchema.value(u"type"_s).toString(), u"object"_s);
    QVERIFY(list.inputSchema.value(u"properties"_s).toObject().contains(u"path"_s));

    const auto listed = callAndWait(server, u"list_directory"_s, { { u"path"_s, dir.path() } });
    QVERIFY(listed);
    QVERIFY2(listed->succeeded(), qPrintable(listed->text));
    QVERIFY2(
        listed->text.contains(u"[FILE] notes.md"_s) && listed->text.contains(u"[FILE] todo.txt"_s),
        qPrintable(listed->text));

    const auto read
        = callAndWait(server, u"read_text_file"_s, { { u"path"_s, dir.filePath(u"notes.md"_s) } });
    QVERIFY(read);
    QVERIFY2(read->succeeded(), qPrintable(read->text));
    QCOMPARE(read->text, u"# Notes\nbuy milk\n"_s);
}

void TestMcpRealServers::filesystemRefusesOutsideItsFolder()
{
    const QString script = npmServerScript(u"server-filesystem"_s);
    RILL_REQUIRE_NPM_SERVER(script, "@modelcontextprotocol/server-filesystem");
    QTemporaryDir dir;
    McpServer server(npmServer(u"files"_s, script, { dir.path() }));
    QVERIFY(waitUntilReady(server));
    const auto refused
        = callAndWait(server, u"read_text_file"_s, { { u"path"_s, u"/etc/hostname"_s } });
    QVERIFY(refused);
    QCOMPARE(int(refused->outcome), int(McpToolResult::Outcome::ToolError));
    QVERIFY2(refused->text.contains(u"denied"_s, Qt::CaseInsensitive), qPrintable(refused->text));
    // Malformed arguments come back as the tool's error too, and the server lives on.
    const auto malformed = callAndWait(server, u"list_directory"_s, { { u"path"_s, 42 } });
    QVERIFY(malformed);
    QVERIFY(!malformed->succeeded());
    QVERIFY(!malformed->text.isEmpty());
    QCOMPARE(server.state(), McpServer::State::Ready);
}

void TestMcpRealServers::everythingEchoesAndSees()
{
    const QString script = npmServerScript(u"server-everything"_s);
    RILL_REQUIRE_NPM_SERVER(script, "@modelcontextprotocol/server-everything");
    McpServerConfig config = npmServer(u"everything"_s, script, { u"stdio"_s });
    config.env.insert(u"RILL_MCP_TEST_MARK"_s, u"marked-by-rill"_s);
    McpServer server(config);
    QVERIFY2(waitUntilReady(server), qPrintable(server.failureReason()));
    QVERIFY(toolNames(server).contains(u"echo"_s));
    const auto echoed = callAndWait(server, u"echo"_s, { { u"message"_s, u"héllo 你好"_s } });
    QVERIFY(echoed);
    QVERIFY2(echoed->succeeded(), qPrintable(echoed->text));
    QCOMPARE(echoed->text, u"Echo: héllo 你好"_s);
    const auto sum = callAndWait(server, u"get-sum"_s, { { u"a"_s, 2 }, { u"b"_s, 40 } });
    QVERIFY(sum && sum->succeeded());
    QVERIFY2(sum->text.contains(u"42"_s), qPrintable(sum->text));
    // The configured environment reaches the server.
    const auto env = callAndWait(server, u"get-env"_s, {});
    QVERIFY(env && env->succeeded());
    QVERIFY2(env->text.contains(u"marked-by-rill"_s), qPrintable(env->text.left(300)));
}

void TestMcpRealServers::everythingSurvivesACancelledCall()
{
    const QString script = npmServerScript(u"server-everything"_s);
    RILL_REQUIRE_NPM_SERVER(script, "@modelcontextprotocol/server-everything");
    McpServer server(npmServer(u"everything"_s, script, { u"stdio"_s }));
    QVERIFY(waitUntilReady(server));
    const qint64 pid = server.processId();
    QPointer<McpToolCall> call = server.callTool(
        u"trigger-long-running-operation"_s, { { u"duration"_s, 30 }, { u"steps"_s, 3 } }, 60s);
    QSignalSpy finished(call.data(), &McpToolCall::finished);
    QTest::qWait(200);
    call->cancel();
    QTRY_VERIFY(!call);
    const auto echoed = callAndWait(server, u"echo"_s, { { u"message"_s, u"still here"_s } });
    QVERIFY(echoed && echoed->succeeded());
    QCOMPARE(server.processId(), pid);
    QCOMPARE(finished.size(), 0);
}

void TestMcpRealServers::setOffersBothServersTools()
{
    const QString files = npmServerScript(u"server-filesystem"_s);
    const QString everything = npmServerScript(u"server-everything"_s);
    RILL_REQUIRE_NPM_SERVER(files, "@modelcontextprotocol/server-filesystem");
    RILL_REQUIRE_NPM_SERVER(everything, "@modelcontextprotocol/server-everything");
    QTemporaryDir dir;
    McpConfig config;
    config.servers.append(npmServer(u"files"_s, files, { dir.path() }));
    config.servers.last().trustedTools = { u"list_directory"_s };
    config.servers.append(npmServer(u"everything"_s, everything, { u"stdio"_s }));
    config.servers.last().trustAll = true;
    McpServerSet set(config);
    set.startAll();
    QTRY_VERIFY_WITH_TIMEOUT(set.server(u"files"_s)->state() == McpServer::State::Ready
            && set.server(u"everything"_s)->state() == McpServer::State::Ready,
        15000);
    const auto list = set.find(u"list_directory"_s);
    QVERIFY(list);
    QCOMPARE(list->server->name(), u"files"_s);
    QVERIFY(list->trusted);
    QVERIFY(!set.find(u"write_file"_s)->trusted);
    QVERIFY(set.find(u"echo"_s)->trusted);
    QCOMPARE(set.find(u"echo"_s)->server->name(), u"everything"_s);
    const qsizetype all = set.enabledTools().size();
    QVERIFY(all > 15);

    QSignalSpy changed(&set, &McpServerSet::changed);
    set.setToolEnabled(u"files"_s, u"write_file"_s, false);
    QCOMPARE(changed.size(), 1);
    QVERIFY(!set.find(u"write_file"_s));
    QCOMPARE(set.enabledTools().size(), all - 1);
    QCOMPARE(set.disabledTools(), QStringList { u"files/write_file"_s });

    const qint64 filesPid = set.server(u"files"_s)->processId();
    set.stopAll();
    QTRY_VERIFY(!processExists(filesPid));
}

QTEST_GUILESS_MAIN(TestMcpRealServers)
#include "tst_mcprealservers.moc"
