// `rill --serve --mcp-config FILE` as a user starts it: the configured
// servers start with Rill, a broken configuration refuses to start with a
// reason, and the servers end with Rill (no orphan).
#include "mcptestsupport.h"
#include "tests/support/rillprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace rill::testing;

namespace {

QString writeConfig(const QTemporaryDir &dir, const QByteArray &json)
{
    const QString path = dir.filePath(u"mcp.json"_s);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(json);
    return path;
}

QByteArray configJson(const QJsonObject &servers)
{
    return QJsonDocument(QJsonObject { { u"mcpServers"_s, servers } }).toJson();
}

QJsonObject serverJson(const rill::McpServerConfig &config)
{
    return { { u"command"_s, config.command },
        { u"args"_s, QJsonArray::fromStringList(config.args) } };
}

void startRill(QProcess &rill, const QStringList &arguments)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_LOGGING_RULES"_s, u"rill.mcp.jsonrpc.info=false"_s); // the rest is read below
    rill.setProcessEnvironment(env);
    rill.start(qEnvironmentVariable("RILL_BINARY"),
        QStringList { u"--serve"_s, u"--port"_s, u"0"_s } + arguments);
}

// Reads stderr until `pattern` matches (or 15 s pass); the match, or none.
QRegularExpressionMatch waitForLog(QProcess &rill, QByteArray &log, const QString &pattern)
{
    const QRegularExpression expression(pattern);
    QRegularExpressionMatch match;
    (void)QTest::qWaitFor(
        [&] {
            log += rill.readAllStandardError();
            match = expression.match(QString::fromUtf8(log));
            return match.hasMatch() || rill.state() == QProcess::NotRunning;
        },
        15000);
    return match;
}

} // namespace

class TestMcpCli : public QObject
{
    Q_OBJECT
private slots:
    void serversStartWithRillAndEndWithIt();
    void serverThatCannotStartIsReported();
    void brokenConfigurationRefusesToStart_data();
    void brokenConfigurationRefusesToStart();
};

void TestMcpCli::serversStartWithRillAndEndWithIt()
{
    QTemporaryDir dir;
    QJsonObject servers { { u"fake"_s, serverJson(fakeServer()) } };
    const QString files = npmServerScript(u"server-filesystem"_s);
    if (!files.isEmpty())
        servers.insert(u"files"_s,
            QJsonObject {
                { u"command"_s, u"node"_s }, { u"args"_s, QJsonArray { files, dir.path() } } });
    const QString config = writeConfig(dir, configJson(servers));
    QProcess rill;
    ProcessGuard guard { rill };
    startRill(rill, { u"--mcp-config"_s, config });
    QByteArray log;
    QVERIFY2(waitForServingUrl(rill, &log).isValid(), log.constData());
    const auto fakeReady = waitForLog(rill, log, u"\\[fake\\] ready \\(MCP [0-9-]+\\), 8 tools"_s);
    QVERIFY2(fakeReady.hasMatch(), log.constData());
    QList<qint64> pids;
    const QRegularExpression started(u"\\[(\\w+)\\] started .* \\(pid (\\d+)\\)"_s);
    if (!files.isEmpty()) {
        QVERIFY2(
            waitForLog(rill, log, u"\\[files\\] ready \\(MCP [0-9-]+\\), \\d+ tools"_s).hasMatch(),
            log.constData());
    }
    for (auto it = started.globalMatch(QString::fromUtf8(log)); it.hasNext();)
        pids.append(it.next().captured(2).toLongLong());
    QCOMPARE(pids.size(), files.isEmpty() ? 1 : 2);
    for (qint64 pid : std::as_const(pids))
        QVERIFY(processRuns(pid));

    ::kill(pid_t(rill.processId()), SIGTERM);
    QVERIFY(rill.waitForFinished(10000));
    QCOMPARE(rill.exitStatus(), QProcess::NormalExit);
    QCOMPARE(rill.exitCode(), 0);
    for (qint64 pid : std::as_const(pids))
        QTRY_VERIFY2(!processRuns(pid), qPrintable(QString::number(pid))); // no orphan
}

void TestMcpCli::serverThatCannotStartIsReported()
{
    QTemporaryDir dir;
    const QString config = writeConfig(dir,
        configJson({ { u"ghost"_s, QJsonObject { { u"command"_s, u"/nonexistent/mcp-server"_s } } },
            { u"fake"_s, serverJson(fakeServer()) } }));
    QProcess rill;
    ProcessGuard guard { rill };
    startRill(rill, { u"--mcp-config"_s, config });
    QByteArray log;
    QVERIFY2(waitForServingUrl(rill, &log).isValid(), log.constData());
    QVERIFY2(waitForLog(rill, log,
                 u"cannot start the MCP server \"ghost\" \\(/nonexistent/mcp-server\\)"_s)
                 .hasMatch(),
        log.constData());
    QVERIFY2(waitForLog(rill, log, u"\\[fake\\] ready"_s).hasMatch(), log.constData());
    QCOMPARE(rill.state(), QProcess::Running); // one bad server does not stop the others
}

void TestMcpCli::brokenConfigurationRefusesToStart_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");
    QTest::newRow("missing") << QByteArray() << "rill: --mcp-config: cannot read ";
    QTest::newRow("not json") << QByteArray("{\"mcpServers\": ") << u"mcp.json: not valid JSON"_s;
    QTest::newRow("no command") << QByteArray(R"({"mcpServers": {"files": {"args": ["x"]}}})")
                                << u"mcp.json: mcpServers.files.command: expected the program"_s;
}

void TestMcpCli::brokenConfigurationRefusesToStart()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString config = json.isEmpty() ? dir.filePath(u"mcp.json"_s) : writeConfig(dir, json);
    QProcess rill;
    ProcessGuard guard { rill };
    startRill(rill, { u"--mcp-config"_s, config });
    QVERIFY(rill.waitForFinished(10000));
    QCOMPARE(rill.exitCode(), 2);
    const QString log = QString::fromUtf8(rill.readAllStandardError());
    QVERIFY2(log.contains(expected), qPrintable(log));
    QVERIFY2(!log.contains(u"serving on"_s), qPrintable(log));
}

QTEST_GUILESS_MAIN(TestMcpCli)
#include "tst_mcpcli.moc"
