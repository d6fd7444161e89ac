// The real `rill --serve` binary with --agent process and --agent openai, as a
// user starts it, read over loopback by a raw SSE client.
#include "fakellmserver.h"
#include "pythonpath.h"
#include "rawsseclient.h"
#include "tests/support/fakeopenai.h"
#include "tests/support/rillprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include <csignal>

using rill::testing::ProcessGuard;

namespace { } // namespace

class TestAgentCli : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { m_clock.start(); }
    void processAgentFromTheCommandLine();
    void openAiAgentFromTheCommandLine();
    void modelDefaultsAndLockThroughListen();
    void badAgentArguments_data();
    void badAgentArguments();
    void stopSignalEndsAgentsAndWhatTheyStarted_data();
    void stopSignalEndsAgentsAndWhatTheyStarted();

private:
    // Starts `rill --serve --port 0 <arguments>`; returns the port, or 0.
    quint16 startServer(QProcess &server, const QStringList &arguments,
        const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());
    // The same with `--agent process`, running a Python script of the source tree.
    quint16 startWithPythonAgent(QProcess &server, const QString &script, const QString &options);

    QElapsedTimer m_clock;
    QByteArray m_log;
};

quint16 TestAgentCli::startServer(
    QProcess &server, const QStringList &arguments, const QProcessEnvironment &environment)
{
    QProcessEnvironment env = environment;
    env.remove(QStringLiteral("QT_LOGGING_RULES")); // the startup line is read below
    server.setProcessEnvironment(env);
    server.start(qEnvironmentVariable("RILL_BINARY"),
        QStringList { QStringLiteral("--serve"), QStringLiteral("--port"), QStringLiteral("0") }
            + arguments);
    if (!server.waitForStarted())
        return 0;
    m_log.clear();
    return quint16(rill::testing::waitForServingUrl(server, &m_log).port(0));
}

quint16 TestAgentCli::startWithPythonAgent(
    QProcess &server, const QString &script, const QString &options)
{
    const QString command
        = QStringLiteral("\"%1\" \"%2\" %3").arg(findPython(), sourcePath(script), options);
    return startServer(server,
        { QStringLiteral("--agent"), QStringLiteral("process"), QStringLiteral("--agent-command"),
            command });
}

void TestAgentCli::processAgentFromTheCommandLine()
{
    QProcess server;
    ProcessGuard guard { server };
    const quint16 port = startWithPythonAgent(
        server, QStringLiteral("examples/agents/music_agent.py"), QStringLiteral("--delay 0.15"));
    QVERIFY2(port, m_log.constData());
    QVERIFY(m_log.contains("process agent"));

    RawSseClient client(m_clock);
    client.request(port, "POST", "/chat");
    QTRY_VERIFY_WITH_TIMEOUT(client.isClosed(), 15000);
    QCOMPARE(client.status(), 200);
    QCOMPARE(client.arrivals().size(), 12);
    QCOMPARE(client.jsonAt(0).value(QLatin1String("content")).toString(),
        QStringLiteral("请问您想听什么曲子？"));
    QCOMPARE(client.jsonAt(11).value(QLatin1String("type")).toString(), QStringLiteral("done"));
    for (int i = 1; i < 11; ++i) {
        const qint64 gap = client.arrivals().at(i).atMs - client.arrivals().at(i - 1).atMs;
        QVERIFY2(
            gap >= 100, qPrintable(QStringLiteral("gap %1 ms before event %2").arg(gap).arg(i)));
    }
}

void TestAgentCli::openAiAgentFromTheCommandLine()
{
    FakeLlmServer llm;
    llm.gapMs = 100;
    QProcess server;
    ProcessGuard guard { server };
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("RILL_LLM_API_KEY"), QStringLiteral("from-env"));
    const quint16 port = startServer(server,
        { QStringLiteral("--agent"), QStringLiteral("openai"), QStringLiteral("--llm-url"),
            llm.url().toString(), QStringLiteral("--model"), QStringLiteral("qwen2.5") },
        environment);
    QVERIFY2(port, m_log.constData());

    RawSseClient client(m_clock);
    client.request(port, "POST", "/chat?message=hello");
    QTRY_VERIFY_WITH_TIMEOUT(client.isClosed(), 15000);
    QCOMPARE(client.arrivals().size(), llm.pieces.size() + 2);
    for (qsizetype i = 0; i < llm.pieces.size(); ++i) {
        QCOMPARE(client.jsonAt(i).value(QLatin1String("type")).toString(), QStringLiteral("delta"));
        QCOMPARE(client.jsonAt(i).value(QLatin1String("content")).toString(), llm.pieces.at(i));
        if (i > 0)
            QVERIFY(client.arrivals().at(i).atMs - client.arrivals().at(i - 1).atMs >= 60);
    }
    QCOMPARE(llm.lastBody().value(QLatin1String("model")).toString(), QStringLiteral("qwen2.5"));
    QCOMPARE(llm.lastHeader("Authorization"), QByteArray("Bearer from-env"));
}

void TestAgentCli::modelDefaultsAndLockThroughListen()
{
    FakeOpenAi llm;
    QString why;
    QVERIFY2(llm.start({ QStringLiteral("--delay"), QStringLiteral("0.002"),
                           QStringLiteral("--mode"), QStringLiteral("reasoning_content") },
                 &why),
        qPrintable(why));
    QProcess server;
    ProcessGuard guard { server };
    const quint16 port = startServer(server,
        { QStringLiteral("--agent"), QStringLiteral("openai"), QStringLiteral("--llm-url"),
            llm.url().toString(), QStringLiteral("--temperature"), QStringLiteral("0.3"),
            QStringLiteral("--max-tokens"), QStringLiteral("50"),
            QStringLiteral("--lock-options") });
    QVERIFY2(port, m_log.constData());

    // What the client asks for is ignored: the server's defaults reach the model.
    QProcess listen;
    ProcessGuard listenGuard { listen };
    listen.start(qEnvironmentVariable("RILL_BINARY"),
        { QStringLiteral("listen"), QStringLiteral("--post"), QStringLiteral("--timing"),
            QStringLiteral("--data"),
            QStringLiteral(R"({"message":"hi","options":{"temperature":1.5}})"),
            QStringLiteral("http://127.0.0.1:%1/chat").arg(port) });
    QVERIFY(listen.waitForFinished(15000));
    QCOMPARE(listen.exitCode(), 0);
    const QList<QByteArray> lines = listen.readAllStandardOutput().trimmed().split('\n');
    QStringList types;
    QJsonObject answer;
    for (const QByteArray &line : lines) {
        const QJsonObject message = QJsonDocument::fromJson(
            QJsonDocument::fromJson(line).object().value(QLatin1String("data")).toString().toUtf8())
                                        .object();
        const QString type = message.value(QLatin1String("type")).toString();
        if (types.isEmpty() || types.last() != type)
            types.append(type);
        if (type == QLatin1String("assistant"))
            answer = message;
    }
    QCOMPARE(types,
        QStringList({ QStringLiteral("reasoning"), QStringLiteral("delta"),
            QStringLiteral("assistant"), QStringLiteral("done") }));
    const QString content = answer.value(QLatin1String("content")).toString();
    QVERIFY2(content.contains(QStringLiteral("temperature=0.3 top_p=None max_tokens=50")),
        qPrintable(content));
    QCOMPARE(answer.value(QLatin1String("stats"))[QLatin1String("estimated")], QJsonValue(false));
    // rill listen sums the answer up on stderr.
    const QString summary = QString::fromUtf8(listen.readAllStandardError());
    static const QRegularExpression line(QStringLiteral(
        "answer: (\\d+) thinking pieces, (\\d+) answer pieces; \\d+ ms to first token · (\\d+) "
        "tokens · [\\d.,]+ tokens/s · thought [\\d.,]+ s\n"));
    const QRegularExpressionMatch match = line.match(summary);
    QVERIFY2(match.hasMatch(), qPrintable(summary));
    QVERIFY(match.captured(1).toInt() > 1);
    QCOMPARE(match.captured(3).toInt(), match.captured(1).toInt() + match.captured(2).toInt());

    RawSseClient health(m_clock);
    health.request(port, "GET", "/health");
    QTRY_VERIFY_WITH_TIMEOUT(health.isComplete(), 5000);
    QCOMPARE(QJsonDocument::fromJson(health.body()).object().value(QLatin1String("optionsLocked")),
        QJsonValue(true));
}

void TestAgentCli::badAgentArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("unknown agent") << QStringList { QStringLiteral("--agent"),
        QStringLiteral("gpt") } << QByteArray("--agent takes demo, process or openai");
    QTest::newRow("process without command") << QStringList { QStringLiteral("--agent"),
        QStringLiteral("process") } << QByteArray("needs --agent-command");
    QTest::newRow("openai without url") << QStringList { QStringLiteral("--agent"),
        QStringLiteral("openai") } << QByteArray("needs --llm-url");
    QTest::newRow("openai with a bad url") << QStringList { QStringLiteral("--agent"),
        QStringLiteral("openai"), QStringLiteral("--llm-url"), QStringLiteral("localhost:8080") }
                                           << QByteArray("http://");
    QTest::newRow("temperature out of range") << QStringList { QStringLiteral("--temperature"),
        QStringLiteral("3") } << QByteArray("--temperature must be a number from 0 to 2");
    QTest::newRow("top-p not a number") << QStringList { QStringLiteral("--top-p"),
        QStringLiteral("x") } << QByteArray("--top-p takes a number");
    QTest::newRow("max-tokens zero") << QStringList { QStringLiteral("--max-tokens"),
        QStringLiteral("0") } << QByteArray("--max-tokens must be a whole number from 1");
    QTest::newRow("bad timeout") << QStringList { QStringLiteral("--agent-timeout"),
        QStringLiteral("0") } << QByteArray("--agent-timeout takes a whole number");
}

void TestAgentCli::badAgentArguments()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, message);
    QProcess server;
    ProcessGuard guard { server };
    server.start(qEnvironmentVariable("RILL_BINARY"),
        QStringList { QStringLiteral("--serve"), QStringLiteral("--port"), QStringLiteral("0") }
            + arguments);
    QVERIFY(server.waitForFinished(5000));
    QCOMPARE(server.exitCode(), 2);
    const QByteArray error = server.readAllStandardError();
    QVERIFY2(error.contains(message), error.constData());
}

void TestAgentCli::stopSignalEndsAgentsAndWhatTheyStarted_data()
{
    QTest::addColumn<int>("signal");
    QTest::newRow("SIGTERM (a service manager's stop)") << int(SIGTERM);
    QTest::newRow("SIGINT (Ctrl+C)") << int(SIGINT);
}

// The agent runs in a process group of its own (so Ctrl+C in the terminal
// does not reach it directly): rill itself must end it, and what it started,
// when it is told to stop, instead of dying and leaving them behind.
void TestAgentCli::stopSignalEndsAgentsAndWhatTheyStarted()
{
    QFETCH(int, signal);
    QProcess server;
    ProcessGuard guard { server };
    const quint16 port
        = startWithPythonAgent(server, QStringLiteral("tests/agents/scripts/test_agent.py"),
            QStringLiteral("--mode spawn --stubborn-helper"));
    QVERIFY2(port, m_log.constData());

    RawSseClient client(m_clock);
    client.request(port, "POST", "/chat");
    QTRY_VERIFY_WITH_TIMEOUT(client.arrivals().size() >= 2, 10000);
    const qint64 helper = client.jsonAt(1).value(QLatin1String("content")).toString().toLongLong();
    QVERIFY(processRuns(helper));

    QCOMPARE(::kill(pid_t(server.processId()), signal), 0);
    QVERIFY(server.waitForFinished(10000));
    QCOMPARE(server.exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.exitCode(), 0);
    m_log += server.readAllStandardError();
    QVERIFY2(m_log.contains("received: stopping"), m_log.constData());
    QVERIFY2(!m_log.contains("Destroyed while process"), m_log.constData());
    // The helper ignores SIGTERM: the SIGKILL that follows ends it.
    QTRY_VERIFY_WITH_TIMEOUT(!processRuns(helper), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(client.isClosed(), 5000);
}

QTEST_GUILESS_MAIN(TestAgentCli)
#include "tst_agentcli.moc"
