// The `mcpServers` configuration: the shape other MCP clients use, Rill's
// `trust`, and a clear error naming the place of each mistake.
#include "server/agent/mcp/mcpconfig.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace rill;

class TestMcpConfig : public QObject
{
    Q_OBJECT
private slots:
    void readsTheCommonShape();
    void trustPerServerOrPerTool();
    void emptyServerListIsFine();
    void mistakesAreNamed_data();
    void mistakesAreNamed();
    void loadNamesTheFile();
};

void TestMcpConfig::readsTheCommonShape()
{
    QString error;
    const auto config = McpConfig::parse(R"({"mcpServers": {
        "files": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"],
                  "env": {"DEBUG": "1", "HOME": "/root"}},
        "everything": {"command": "node", "args": []}}})",
        &error);
    QVERIFY2(config, qPrintable(error));
    QCOMPARE(config->servers.size(), 2);
    const McpServerConfig &everything = config->servers.at(0); // by name
    const McpServerConfig &files = config->servers.at(1);
    QCOMPARE(everything.name, u"everything"_s);
    QCOMPARE(everything.command, u"node"_s);
    QVERIFY(everything.args.isEmpty());
    QCOMPARE(files.name, u"files"_s);
    QCOMPARE(files.args,
        (QStringList { u"-y"_s, u"@modelcontextprotocol/server-filesystem"_s, u"/tmp"_s }));
    QCOMPARE(files.env.value(u"DEBUG"_s), u"1"_s);
    QCOMPARE(files.env.value(u"HOME"_s), u"/root"_s);
    QVERIFY(!files.trusts(u"read_file"_s)); // untrusted unless said so
}

void TestMcpConfig::trustPerServerOrPerTool()
{
    QString error;
    const auto config = McpConfig::parse(R"({"mcpServers": {
        "a": {"command": "x", "trust": true},
        "b": {"command": "x", "trust": ["read_file", "list_directory"]},
        "c": {"command": "x", "trust": false}}})",
        &error);
    QVERIFY2(config, qPrintable(error));
    QVERIFY(config->servers.at(0).trusts(u"anything"_s));
    QVERIFY(config->servers.at(1).trusts(u"read_file"_s));
    QVERIFY(config->servers.at(1).trusts(u"list_directory"_s));
    QVERIFY(!config->servers.at(1).trusts(u"write_file"_s));
    QVERIFY(!config->servers.at(2).trusts(u"read_file"_s));
}

void TestMcpConfig::emptyServerListIsFine()
{
    QString error;
    const auto config = McpConfig::parse(R"({"mcpServers": {}})", &error);
    QVERIFY2(config, qPrintable(error));
    QVERIFY(config->servers.isEmpty());
}

void TestMcpConfig::mistakesAreNamed_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");
    QTest::newRow("not json") << QByteArray("{mcpServers") << "not valid JSON";
    QTest::newRow("array") << QByteArray("[]") << "expected an object {\"mcpServers\"";
    QTest::newRow("no servers") << QByteArray("{}") << "mcpServers: expected an object";
    QTest::newRow("servers list")
        << QByteArray(R"({"mcpServers": []})")
        << u"mcpServers: expected an object of servers by name, got an array"_s;
    QTest::newRow("entry string") << QByteArray(R"({"mcpServers": {"a": "npx"}})")
                                  << u"mcpServers.a: expected an object with \"command\""_s;
    QTest::newRow("no command") << QByteArray(R"({"mcpServers": {"a": {"args": []}}})")
                                << u"mcpServers.a.command: expected the program to start"_s;
    QTest::newRow("empty command")
        << QByteArray(R"({"mcpServers": {"a": {"command": " "}}})") << u"got an empty string"_s;
    QTest::newRow("args string")
        << QByteArray(R"({"mcpServers": {"a": {"command": "x", "args": "-y"}}})")
        << u"mcpServers.a.args: expected an array of strings, got a string"_s;
    QTest::newRow("arg number") << QByteArray(
        R"({"mcpServers": {"a": {"command": "x", "args": ["a", 2]}}})")
                                << u"mcpServers.a.args[1]: expected a string, got a number"_s;
    QTest::newRow("env list") << QByteArray(
        R"({"mcpServers": {"a": {"command": "x", "env": ["A=1"]}}})")
                              << u"mcpServers.a.env: expected an object of strings, got an array"_s;
    QTest::newRow("env number") << QByteArray(
        R"({"mcpServers": {"a": {"command": "x", "env": {"A": 1}}}})")
                                << u"mcpServers.a.env.A: expected a string, got a number"_s;
    QTest::newRow("env name") << QByteArray(
        R"({"mcpServers": {"a": {"command": "x", "env": {"A=B": "1"}}}})")
                              << u"is not a variable name"_s;
    QTest::newRow("trust string")
        << QByteArray(R"({"mcpServers": {"a": {"command": "x", "trust": "yes"}}})")
        << u"mcpServers.a.trust: expected true, false or a list of tool names, got a string"_s;
    QTest::newRow("trust entry") << QByteArray(
        R"({"mcpServers": {"a": {"command": "x", "trust": [true]}}})")
                                 << u"mcpServers.a.trust[0]: expected a tool name, got a boolean"_s;
}

void TestMcpConfig::mistakesAreNamed()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    QString error;
    QVERIFY(!McpConfig::parse(json, &error));
    QVERIFY2(error.contains(expected), qPrintable(error));
}

void TestMcpConfig::loadNamesTheFile()
{
    QTemporaryDir dir;
    QString error;
    const QString missing = dir.filePath(u"missing.json"_s);
    QVERIFY(!McpConfig::load(missing, &error));
    QVERIFY2(error.startsWith(u"cannot read "_s + missing), qPrintable(error));

    const QString broken = dir.filePath(u"broken.json"_s);
    QFile file(broken);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"mcpServers": {"a": {}}})");
    file.close();
    QVERIFY(!McpConfig::load(broken, &error));
    QVERIFY2(error.startsWith(broken + u": mcpServers.a.command"_s), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestMcpConfig)
#include "tst_mcpconfig.moc"
