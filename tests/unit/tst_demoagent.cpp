#include "server/agent/demoagent.h"
#include "server/agent/demoscript.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <chrono>
#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using rill::AgentRequest;
using rill::DemoAgent;
using rill::DemoScript;
using rill::Message;

namespace {

// Plenty for a 1 ms script even on a loaded CI machine.
constexpr int kRunTimeoutMs = 10000;

AgentRequest request(const QString &message = {}, const QString &language = u"zh_CN"_s)
{
    AgentRequest r;
    r.sessionId = u"s1"_s;
    r.message = message;
    r.language = language;
    return r;
}

QList<Message> messagesOf(const QSignalSpy &spy)
{
    QList<Message> out;
    for (const QList<QVariant> &arguments : spy)
        out.append(arguments.at(0).value<Message>());
    return out;
}

bool hasCjk(const QString &text)
{
    static const QRegularExpression cjk(u"[\\x{3000}-\\x{9FFF}\\x{FF00}-\\x{FFEF}]"_s);
    return text.contains(cjk);
}

} // namespace

class TestDemoAgent : public QObject
{
    Q_OBJECT
private slots:
    void script_noMessage();
    void script_withSong();
    void songFrom_data();
    void songFrom();
    void script_english();
    void script_failure_data();
    void script_failure();
    void timing_oneMessagePerTick();
    void cancel_midRun();
    void cancel_fromSlot_data();
    void cancel_fromSlot();
    void delete_midRun();
    void deleteLater_fromSlot();
};

void TestDemoAgent::script_noMessage()
{
    DemoAgent agent(1ms);
    QSignalSpy messages(&agent, &rill::Agent::messageProduced);
    QSignalSpy finished(&agent, &rill::Agent::finished);
    QSignalSpy failed(&agent, &rill::Agent::failed);

    agent.start(request());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kRunTimeoutMs);
    QCOMPARE(failed.size(), 0);
    QCOMPARE(messages.size(), 11);
    const QList<Message> run = messagesOf(messages);

    QCOMPARE(run.at(0).type, rill::MessageType::Assistant);
    QCOMPARE(run.at(0).content, u"请问您想听什么曲子？"_s);
    QCOMPARE(run.at(0).status, std::optional<int>(200));

    const QString plan[] = { u"1. 下载歌曲"_s, u"2. 分析歌曲"_s, u"3. 解析参数"_s };
    for (int step = 1; step <= 3; ++step) {
        const Message &m = run.at(step);
        QCOMPARE(m.type, rill::MessageType::Planning);
        QCOMPARE(m.content, plan[step - 1]);
        QCOMPARE(m.status, std::nullopt);
        QCOMPARE(m.stepIndex(), step);
        QCOMPARE(m.extra.value(u"step"_s).toInt(), step);
        QVERIFY(m.stepState().isEmpty());
    }
    // The seed's own expected output, byte for byte, for the greeting and plan.
    QCOMPARE(run.at(1).toJson(),
        QByteArrayLiteral(
            "{\"type\":\"planning\",\"id\":\"\",\"sessionId\":\"\",\"timestamp\":\"\","
            "\"content\":\"1. 下载歌曲\",\"status\":null,\"step\":1}"));

    for (int step = 1; step <= 3; ++step) {
        const Message &running = run.at(2 + 2 * step);
        const Message &done = run.at(3 + 2 * step);
        QCOMPARE(running.type, rill::MessageType::Step);
        QCOMPARE(running.stepIndex(), step);
        QCOMPARE(running.stepState(), u"running"_s);
        QCOMPARE(running.status, std::nullopt);
        QVERIFY(!running.content.isEmpty());
        QCOMPARE(done.type, rill::MessageType::Step);
        QCOMPARE(done.stepIndex(), step);
        QCOMPARE(done.stepState(), u"done"_s);
        QCOMPARE(done.status, std::nullopt);
        QVERIFY(!done.content.isEmpty());
        QVERIFY(done.content != running.content);
    }

    const Message &answer = run.at(10);
    QCOMPARE(answer.type, rill::MessageType::Assistant);
    QCOMPARE(answer.status, std::optional<int>(200));
    QVERIFY(!answer.content.isEmpty());
    QVERIFY(answer.content != run.at(0).content);

    // The transport stamps these; the agent leaves them empty.
    for (const Message &m : run) {
        QVERIFY(m.id.isEmpty());
        QVERIFY(m.sessionId.isEmpty());
        QVERIFY(!m.timestamp.isValid());
    }

    // The agent is deterministic: the script is the same as DemoScript's data.
    const DemoScript script = DemoScript::build({});
    QCOMPARE(script.messages, run);
    QVERIFY(script.failureReason.isEmpty());
}

void TestDemoAgent::script_withSong()
{
    DemoAgent agent(1ms);
    QSignalSpy messages(&agent, &rill::Agent::messageProduced);
    QSignalSpy finished(&agent, &rill::Agent::finished);

    agent.start(request(u"我想听晴天"_s));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kRunTimeoutMs);
    const QList<Message> run = messagesOf(messages);
    QCOMPARE(run.size(), 11);

    QCOMPARE(run.first().type, rill::MessageType::Assistant);
    QCOMPARE(run.first().status, std::optional<int>(200));
    QVERIFY2(run.first().content.contains(u"晴天"_s), qPrintable(run.first().content));
    QVERIFY(run.first().content != u"请问您想听什么曲子？"_s);
    // The plan is the seed's whatever the song.
    QCOMPARE(run.at(1).content, u"1. 下载歌曲"_s);
    QCOMPARE(run.at(2).content, u"2. 分析歌曲"_s);
    QCOMPARE(run.at(3).content, u"3. 解析参数"_s);
    QVERIFY(run.at(5).content.contains(u"晴天"_s)); // step 1 done: downloaded 《晴天》
    QCOMPARE(run.last().type, rill::MessageType::Assistant);
    QVERIFY2(run.last().content.contains(u"晴天"_s), qPrintable(run.last().content));
    // The verb of the request is not part of the title.
    QVERIFY(!run.last().content.contains(u"我想听"_s));
}

void TestDemoAgent::songFrom_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("song");

    QTest::newRow("我想听") << u"我想听晴天"_s << u"晴天"_s;
    QTest::newRow("play") << u"play Yesterday"_s << u"Yesterday"_s;
    QTest::newRow("Play capitalised") << u"Play Yesterday"_s << u"Yesterday"_s;
    QTest::newRow("please play, quoted") << u"please play \"Let It Be\"?"_s << u"Let It Be"_s;
    QTest::newRow("single quotes") << u"play 'Yesterday'!"_s << u"Yesterday"_s;
    QTest::newRow("curly quotes") << u"play “Hey Jude”."_s << u"Hey Jude"_s;
    QTest::newRow("书名号 and 。") << u"我想听《晴天》。"_s << u"晴天"_s;
    QTest::newRow("请播放 “” ！") << u"请播放“稻香”！"_s << u"稻香"_s;
    QTest::newRow("来一首 「」") << u"来一首「七里香」"_s << u"七里香"_s;
    QTest::newRow("surrounding spaces") << u"  我想听 晴天  "_s << u"晴天"_s;
    QTest::newRow("I'd like to hear")
        << u"I'd like to hear Bohemian Rhapsody."_s << u"Bohemian Rhapsody"_s;
    QTest::newRow("bare title") << u"Yesterday"_s << u"Yesterday"_s;
    QTest::newRow("bare Chinese title") << u"晴天"_s << u"晴天"_s;
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("only punctuation") << u"？！"_s << QString();
    // A title that merely starts with the letters of a request verb keeps them.
    QTest::newRow("title starting with 'play'") << u"Playground Love"_s << u"Playground Love"_s;
    QTest::newRow("title starting with 'play', 2") << u"Playing God"_s << u"Playing God"_s;
}

void TestDemoAgent::songFrom()
{
    QFETCH(QString, message);
    QFETCH(QString, song);

    QCOMPARE(DemoScript::songFrom(message), song);
}

void TestDemoAgent::script_english()
{
    DemoAgent agent(1ms);
    QSignalSpy messages(&agent, &rill::Agent::messageProduced);
    QSignalSpy finished(&agent, &rill::Agent::finished);

    agent.start(request(QString(), u"en"_s));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kRunTimeoutMs);
    const QList<Message> run = messagesOf(messages);
    QCOMPARE(run.size(), 11);
    QCOMPARE(run.at(0).content, u"What would you like to listen to?"_s);
    QCOMPARE(run.at(1).content, u"1. Download the song"_s);
    QCOMPARE(run.at(2).content, u"2. Analyse the song"_s);
    QCOMPARE(run.at(3).content, u"3. Resolve the parameters"_s);
    for (const Message &m : run)
        QVERIFY2(!hasCjk(m.content), qPrintable(m.content));

    // With a song, in English too.
    DemoAgent withSong(1ms);
    QSignalSpy songMessages(&withSong, &rill::Agent::messageProduced);
    QSignalSpy songFinished(&withSong, &rill::Agent::finished);
    withSong.start(request(u"play Yesterday"_s, u"en"_s));
    QTRY_COMPARE_WITH_TIMEOUT(songFinished.size(), 1, kRunTimeoutMs);
    const QList<Message> songRun = messagesOf(songMessages);
    QCOMPARE(songRun.size(), 11);
    QVERIFY(songRun.first().content.contains(u"Yesterday"_s));
    QVERIFY(!songRun.first().content.contains(u"play"_s, Qt::CaseInsensitive));
    QVERIFY(songRun.last().content.contains(u"Yesterday"_s));
    for (const Message &m : songRun)
        QVERIFY2(!hasCjk(m.content), qPrintable(m.content));
}

void TestDemoAgent::script_failure_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("language");

    QTest::newRow("zh") << u"#fail"_s << u"zh_CN"_s;
    QTest::newRow("inside a request") << u"我想听晴天 #fail"_s << u"zh_CN"_s;
    QTest::newRow("upper case, en") << u"play Yesterday #FAIL"_s << u"en"_s;
}

void TestDemoAgent::script_failure()
{
    QFETCH(QString, message);
    QFETCH(QString, language);

    DemoAgent agent(1ms);
    QSignalSpy messages(&agent, &rill::Agent::messageProduced);
    QSignalSpy finished(&agent, &rill::Agent::finished);
    QSignalSpy failed(&agent, &rill::Agent::failed);
    // Nothing may follow failed(): record how many messages had come when it did.
    qsizetype messagesAtFailure = -1;
    connect(&agent, &rill::Agent::failed, this, [&] { messagesAtFailure = messages.size(); });

    agent.start(request(message, language));
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, kRunTimeoutMs);
    QCOMPARE(finished.size(), 0);

    const QList<Message> run = messagesOf(messages);
    QCOMPARE(run.size(), 8); // greeting, 3 planning, step 1 running+done, step 2 running+failed
    QCOMPARE(messagesAtFailure, run.size());
    QCOMPARE(run.at(6).stepIndex(), 2);
    QCOMPARE(run.at(6).stepState(), u"running"_s);
    QCOMPARE(run.last().type, rill::MessageType::Step);
    QCOMPARE(run.last().stepIndex(), 2);
    QCOMPARE(run.last().stepState(), u"failed"_s);
    QVERIFY(!run.last().content.isEmpty());
    // No answer: the only assistant message is the greeting.
    for (qsizetype i = 1; i < run.size(); ++i)
        QVERIFY(run.at(i).type != rill::MessageType::Assistant);
    for (const Message &m : run)
        QVERIFY(m.stepIndex() != 3 || m.type == rill::MessageType::Planning);

    const QString reason = failed.first().at(0).toString();
    const int status = failed.first().at(1).toInt();
    QVERIFY(!reason.trimmed().isEmpty());
    QVERIFY2(reason.contains(u'2'), qPrintable(reason)); // names the step that failed
    QVERIFY2(status >= 400 && status < 600, qPrintable(QString::number(status)));
}

void TestDemoAgent::timing_oneMessagePerTick()
{
    constexpr auto delay = 50ms;
    DemoAgent agent(delay);
    QSignalSpy messages(&agent, &rill::Agent::messageProduced);
    QSignalSpy finished(&agent, &rill::Agent::finished);

    QElapsedTimer clock;
    QList<qint64> messageTimes;
    qint64 finishedTime = -1;
    qsizetype messagesAtFinish = -1;
    // Set by a queued call posted from the answer's slot: it only runs once control is back
    // in the event loop, so if finished() comes in the same tick as the answer, it is unset.
    bool eventLoopRanAfterAnswer = false;
    bool eventLoopRanBeforeFinished = true;
    connect(&agent, &rill::Agent::messageProduced, this, [&](const Message &) {
        messageTimes.append(clock.elapsed());
        if (messageTimes.size() == 11) {
            QMetaObject::invokeMethod(
                this, [&] { eventLoopRanAfterAnswer = true; }, Qt::QueuedConnection);
        }
    });
    connect(&agent, &rill::Agent::finished, this, [&] {
        finishedTime = clock.elapsed();
        messagesAtFinish = messageTimes.size();
        eventLoopRanBeforeFinished = eventLoopRanAfterAnswer;
    });

    clock.start();
    agent.start(request());
    // The greeting is emitted synchronously, before start() returns.
    QCOMPARE(messages.size(), 1);
    QCOMPARE(messageTimes.size(), 1);
    QCOMPARE(finished.size(), 0);

    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kRunTimeoutMs);
    QCOMPARE(messages.size(), 11);
    QCOMPARE(messageTimes.size(), 11);
    for (qsizetype i = 1; i < messageTimes.size(); ++i) {
        const qint64 gap = messageTimes.at(i) - messageTimes.at(i - 1);
        QVERIFY2(gap >= 40,
            qPrintable(u"message %1 came %2 ms after the previous one"_s.arg(i).arg(gap)));
    }
    QCOMPARE(messagesAtFinish, 11);
    QVERIFY(finishedTime >= messageTimes.last());
    QVERIFY2(finishedTime - messageTimes.last() < 40,
        qPrintable(
            u"finished() came %1 ms after the answer"_s.arg(finishedTime - messageTimes.last())));
    QVERIFY2(!eventLoopRanBeforeFinished, "finished() must come in the same tick as the answer");
    QTRY_VERIFY(eventLoopRanAfterAnswer);
}

void TestDemoAgent::cancel_midRun()
{
    constexpr auto delay = 30ms;
    DemoAgent agent(delay);
    QSignalSpy messages(&agent, &rill::Agent::messageProduced);
    QSignalSpy finished(&agent, &rill::Agent::finished);
    QSignalSpy failed(&agent, &rill::Agent::failed);

    agent.start(request());
    // QTRY_* polls every 50 ms, longer than a step here: wait for "at least", not "exactly".
    QTRY_VERIFY_WITH_TIMEOUT(messages.size() >= 4, kRunTimeoutMs);
    agent.cancel();
    const qsizetype atCancel = messages.size();
    QVERIFY2(atCancel < 11, "the run ended before it could be cancelled");

    // Proving that nothing happens needs time to pass with the event loop running; there
    // is no signal to wait for. Three step delays give the timer ample chances to fire.
    QTest::qWait(int(3 * delay.count()));
    QCOMPARE(messages.size(), atCancel);
    QCOMPARE(finished.size(), 0);
    QCOMPARE(failed.size(), 0);

    // Cancelling twice is harmless.
    agent.cancel();
    QCOMPARE(messages.size(), atCancel);
}

void TestDemoAgent::cancel_fromSlot_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("cancelAt"); // index of the message whose slot cancels

    QTest::newRow("greeting, inside start()") << QString() << 0;
    QTest::newRow("second planning") << QString() << 2;
    QTest::newRow("a running step") << QString() << 6;
    QTest::newRow("the answer (no finished)") << QString() << 10;
    QTest::newRow("the failed step (no failed)") << u"#fail"_s << 7;
}

void TestDemoAgent::cancel_fromSlot()
{
    QFETCH(QString, message);
    QFETCH(int, cancelAt);

    constexpr auto delay = 10ms;
    DemoAgent agent(delay);
    QSignalSpy messages(&agent, &rill::Agent::messageProduced);
    QSignalSpy finished(&agent, &rill::Agent::finished);
    QSignalSpy failed(&agent, &rill::Agent::failed);
    int seen = 0;
    connect(&agent, &rill::Agent::messageProduced, this, [&](const Message &) {
        if (seen++ == cancelAt)
            agent.cancel();
    });

    agent.start(request(message));
    QTRY_COMPARE_WITH_TIMEOUT(messages.size(), cancelAt + 1, kRunTimeoutMs);
    // As in cancel_midRun: only letting time pass can show that no signal follows.
    QTest::qWait(int(3 * delay.count()));
    QCOMPARE(messages.size(), cancelAt + 1);
    QCOMPARE(seen, cancelAt + 1);
    QCOMPARE(finished.size(), 0);
    QCOMPARE(failed.size(), 0);
}

void TestDemoAgent::delete_midRun()
{
    constexpr auto delay = 10ms;
    auto agent = std::make_unique<DemoAgent>(delay);
    int received = 0;
    int ended = 0;
    QObject receiver;
    connect(agent.get(), &rill::Agent::messageProduced, &receiver, [&] { ++received; });
    connect(agent.get(), &rill::Agent::finished, &receiver, [&] { ++ended; });
    connect(agent.get(), &rill::Agent::failed, &receiver, [&] { ++ended; });

    agent->start(request());
    // QTRY_* polls every 50 ms, longer than a step here: wait for "at least", not "exactly".
    QTRY_VERIFY_WITH_TIMEOUT(received >= 3, kRunTimeoutMs);
    QVERIFY(received < 11);
    const int atDelete = received;
    agent.reset();
    // A timer event already queued for the dead agent must not reach it: let several step
    // delays pass (there is nothing to wait for) and check nothing arrived.
    QTest::qWait(int(3 * delay.count()));
    QCOMPARE(received, atDelete);
    QCOMPARE(ended, 0);
}

void TestDemoAgent::deleteLater_fromSlot()
{
    constexpr auto delay = 10ms;
    QPointer<DemoAgent> agent = new DemoAgent(delay);
    int received = 0;
    int ended = 0;
    connect(agent, &rill::Agent::messageProduced, this, [&] {
        if (++received == 5)
            agent->deleteLater();
    });
    connect(agent, &rill::Agent::finished, this, [&] { ++ended; });

    agent->start(request());
    QTRY_VERIFY_WITH_TIMEOUT(agent.isNull(), kRunTimeoutMs);
    QCOMPARE(received, 5);
    QCOMPARE(ended, 0);
}

QTEST_GUILESS_MAIN(TestDemoAgent)
#include "tst_demoagent.moc"
