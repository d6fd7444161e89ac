// A model planning with tools, end to end, as a user runs it: the real
// `rill --serve --agent openai --mcp-config`, the stand-in LLM
// (tests/peers/fake_openai.py) and the real filesystem MCP server from npm on
// a temporary folder, read by a raw client that times each event's arrival.
#include "../support/rillprocess.h"
#include "mcptestsupport.h"
#include "rawsseclient.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace rill::testing;

namespace {

constexpr double kLlmDelaySeconds = 0.1; // between the stand-in LLM's pieces

QString type(const QJsonObject &event)
{
    return event.value(u"type"_s).toString();
}

} // namespace

class TestToolsCli : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void listTheFilesStepByStep();
    void twoRoundsWithAFailingCall();
    void cleanupTestCase();

private:
    // Runs one message; the events (JSON) and their arrival times.
    void run(const QByteArray &message, QList<QJsonObject> &events, QList<qint64> &arrivals,
        QList<qint64> &lagMs);

    QElapsedTimer m_clock;
    QTemporaryDir m_dir;
    QString m_folder;
    QProcess m_llm;
    QProcess m_rill;
    quint16 m_port = 0;
};

void TestToolsCli::initTestCase()
{
    m_clock.start();
    const QString files = npmServerScript(u"server-filesystem"_s);
    RILL_REQUIRE_NPM_SERVER(files, "@modelcontextprotocol/server-filesystem");
    m_folder = m_dir.filePath(u"notes"_s);
    QVERIFY(QDir().mkpath(m_folder));
    for (const QString &name : { u"groceries.md"_s, u"todo.txt"_s }) {
        QFile file(m_folder + u'/' + name);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("buy milk\n");
    }

    m_llm.start(findPython(),
        { sourcePath(u"tests/peers/fake_openai.py"_s), u"--port"_s, u"0"_s, u"--delay"_s,
            QString::number(kLlmDelaySeconds) });
    QVERIFY(m_llm.waitForStarted());
    QVERIFY(m_llm.waitForReadyRead(10000));
    const QByteArray listening = m_llm.readLine().trimmed();
    QVERIFY2(listening.startsWith("LISTENING "), listening.constData());
    const QByteArray llmPort = listening.mid(10);

    const QJsonObject config { { u"mcpServers"_s,
        QJsonObject { { u"files"_s,
            QJsonObject { { u"command"_s, u"node"_s },
                { u"args"_s, QJsonArray { files, m_folder } }, { u"trust"_s, true } } } } } };
    QFile configFile(m_dir.filePath(u"mcp.json"_s));
    QVERIFY(configFile.open(QIODevice::WriteOnly));
    configFile.write(QJsonDocument(config).toJson());
    configFile.close();

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(u"QT_LOGGING_RULES"_s);
    m_rill.setProcessEnvironment(env);
    m_rill.start(qEnvironmentVariable("RILL_BINARY"),
        { u"--serve"_s, u"--port"_s, u"0"_s, u"--agent"_s, u"openai"_s, u"--llm-url"_s,
            u"http://127.0.0.1:"_s + QString::fromLatin1(llmPort), u"--mcp-config"_s,
            configFile.fileName() });
    QByteArray log;
    m_port = quint16(waitForServingUrl(m_rill, &log).port(0));
    QVERIFY2(m_port, log.constData());
    // The model is offered the tools once the server has listed them.
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     log += m_rill.readAllStandardError();
                     return log.contains("[files] ready");
                 },
                 15000),
        log.constData());
}

void TestToolsCli::run(const QByteArray &message, QList<QJsonObject> &events,
    QList<qint64> &arrivals, QList<qint64> &lagMs)
{
    RawSseClient client(m_clock);
    const qint64 wallAtZero = QDateTime::currentMSecsSinceEpoch() - m_clock.elapsed();
    client.request(m_port, "POST", "/chat",
        QJsonDocument(QJsonObject { { u"message"_s, QString::fromUtf8(message) } }).toJson(),
        { "Content-Type: application/json" });
    QVERIFY(QTest::qWaitFor([&] { return client.isClosed(); }, 20000));
    QCOMPARE(client.status(), 200);
    for (qsizetype i = 0; i < client.arrivals().size(); ++i) {
        const QJsonObject event = client.jsonAt(i);
        events.append(event);
        arrivals.append(client.arrivals().at(i).atMs);
        const QDateTime stamped
            = QDateTime::fromString(event.value(u"timestamp"_s).toString(), Qt::ISODateWithMs);
        // How long after the server stamped it the event reached the client.
        lagMs.append(wallAtZero + client.arrivals().at(i).atMs - stamped.toMSecsSinceEpoch());
    }
}

void TestToolsCli::listTheFilesStepByStep()
{
    QList<QJsonObject> events;
    QList<qint64> arrivals, lag;
    run("list the files in " + m_folder.toUtf8(), events, arrivals, lag);
    QVERIFY(events.size() >= 6);
    QStringList types;
    for (const QJsonObject &event : events)
        types.append(type(event));

    const QJsonObject planning = events.at(0);
    QCOMPARE(type(planning), u"planning"_s);
    QCOMPARE(planning.value(u"content"_s).toString(), u"1. list_directory "_s + m_folder);
    QCOMPARE(planning.value(u"step"_s).toInt(), 1);
    QCOMPARE(planning.value(u"tool"_s).toString(), u"list_directory"_s);
    QCOMPARE(planning.value(u"arguments"_s).toObject().value(u"path"_s).toString(), m_folder);
    const QJsonObject running = events.at(1);
    QCOMPARE(type(running), u"step"_s);
    QCOMPARE(running.value(u"state"_s).toString(), u"running"_s);
    QCOMPARE(running.value(u"step"_s).toInt(), 1);
    const QJsonObject done = events.at(2);
    QCOMPARE(done.value(u"state"_s).toString(), u"done"_s);
    QCOMPARE(done.value(u"tool"_s).toString(), u"list_directory"_s);
    const QString result = done.value(u"result"_s).toString();
    QVERIFY2(result.contains(u"[FILE] groceries.md"_s) && result.contains(u"[FILE] todo.txt"_s),
        qPrintable(result));
    QVERIFY(!done.contains(u"truncated"_s));
    QCOMPARE(types.mid(3, types.size() - 5), QStringList(types.size() - 5, u"delta"_s));
    const QJsonObject answer = events.at(events.size() - 2);
    QCOMPARE(type(answer), u"assistant"_s);
    QVERIFY2(answer.value(u"content"_s).toString().contains(u"groceries.md"_s),
        qPrintable(answer.value(u"content"_s).toString()));
    QCOMPARE(types.last(), u"done"_s);

    // Each event reached the client when it happened, not later with the
    // others: within a few ms of its stamp, and the answer's pieces at the
    // LLM's pace, after the tool's step was already on the wire.
    for (qsizetype i = 0; i < lag.size(); ++i)
        QVERIFY2(lag.at(i) < 50,
            qPrintable(u"event %1 (%2) arrived %3 ms after it was stamped"_s.arg(i)
                           .arg(types.at(i))
                           .arg(lag.at(i))));
    const qint64 minGap = qint64(kLlmDelaySeconds * 1000 * 0.6);
    QVERIFY2(arrivals.at(3) - arrivals.at(2) >= minGap,
        qPrintable(u"the answer's first piece came %1 ms after the step's end"_s.arg(
            arrivals.at(3) - arrivals.at(2))));
    for (qsizetype i = 4; i < events.size() - 2; ++i)
        QVERIFY2(arrivals.at(i) - arrivals.at(i - 1) >= minGap,
            qPrintable(u"pieces %1 and %2 came %3 ms apart"_s.arg(i - 1).arg(i).arg(
                arrivals.at(i) - arrivals.at(i - 1))));
    qInfo().noquote() << u"planning at %1 ms, running %2, done %3, first piece %4, answer %5"_s
                             .arg(arrivals.at(0))
                             .arg(arrivals.at(1))
                             .arg(arrivals.at(2))
                             .arg(arrivals.at(3))
                             .arg(arrivals.at(events.size() - 2));
}

void TestToolsCli::twoRoundsWithAFailingCall()
{
    QList<QJsonObject> events;
    QList<qint64> arrivals, lag;
    run("two rounds in " + m_folder.toUtf8(), events, arrivals, lag);
    QStringList steps;
    for (const QJsonObject &event : events) {
        if (type(event) == u"planning"_s)
            steps.append(u"plan "_s + event.value(u"tool"_s).toString());
        else if (type(event) == u"step"_s)
            steps.append(
                event.value(u"tool"_s).toString() + u' ' + event.value(u"state"_s).toString());
    }
    QCOMPARE(steps,
        (QStringList { u"plan read_text_file"_s, u"read_text_file running"_s,
            u"read_text_file failed"_s, u"plan list_directory"_s, u"list_directory running"_s,
            u"list_directory done"_s }));
    const auto failed = std::find_if(events.cbegin(), events.cend(),
        [](const QJsonObject &e) { return e.value(u"state"_s) == u"failed"_s; });
    QVERIFY2(failed->value(u"result"_s).toString().contains(u"ENOENT"_s)
            || failed->value(u"result"_s)
                   .toString()
                   .contains(u"no such file"_s, Qt::CaseInsensitive),
        qPrintable(failed->value(u"result"_s).toString()));
    const QJsonObject secondPlan = *std::find_if(events.cbegin(), events.cend(),
        [](const QJsonObject &e) { return e.value(u"tool"_s) == u"list_directory"_s; });
    QCOMPARE(secondPlan.value(u"step"_s).toInt(), 2); // numbered across rounds
    const QJsonObject answer = events.at(events.size() - 2);
    QCOMPARE(type(answer), u"assistant"_s);
    QVERIFY(answer.value(u"content"_s).toString().contains(u"todo.txt"_s));
    QCOMPARE(type(events.last()), u"done"_s);
}

void TestToolsCli::cleanupTestCase()
{
    // SIGTERM, so that Rill ends its MCP server too (a SIGKILL would orphan it).
    for (QProcess *process : { &m_rill, &m_llm }) {
        if (process->state() == QProcess::NotRunning)
            continue;
        process->terminate();
        if (!process->waitForFinished(5000))
            process->kill();
        process->waitForFinished(2000);
    }
}

QTEST_GUILESS_MAIN(TestToolsCli)
#include "tst_toolscli.moc"
