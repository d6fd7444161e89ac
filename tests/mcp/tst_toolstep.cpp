// The wire shape of a tool call's events (server/protocol/toolstep.h).
#include "server/protocol/toolstep.h"

#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace rill;

class TestToolStep : public QObject
{
    Q_OBJECT
private slots:
    void planningNamesTheCall();
    void runningAndFinishedCarryTheDetail();
    void resultIsCappedOnACharacterBoundary();
    void argumentsThatAreNotAnObject();
};

void TestToolStep::planningNamesTheCall()
{
    const Message m
        = ToolStep::planning(2, u"read_file"_s, QJsonObject { { u"path"_s, u"notes.md"_s } });
    QCOMPARE(m.type, MessageType::Planning);
    QCOMPARE(m.content, u"2. read_file notes.md"_s);
    QCOMPARE(m.stepIndex(), 2);
    QCOMPARE(m.extra.value(u"tool"_s).toString(), u"read_file"_s);
    QCOMPARE(m.extra.value(u"arguments"_s).toObject().value(u"path"_s).toString(), u"notes.md"_s);
    QCOMPARE(ToolStep::planning(1, u"get-sum"_s, QJsonObject { { u"a"_s, 2 } }).content,
        u"1. get-sum {\"a\":2}"_s);
    QCOMPARE(ToolStep::planning(1, u"now"_s, QJsonObject {}).content, u"1. now"_s);
}

void TestToolStep::runningAndFinishedCarryTheDetail()
{
    const QJsonObject arguments { { u"path"_s, u"/tmp"_s } };
    const Message running = ToolStep::running(1, u"list_directory"_s, arguments);
    QCOMPARE(running.type, MessageType::Step);
    QCOMPARE(running.stepState(), u"running"_s);
    QCOMPARE(running.content, u"list_directory /tmp"_s);
    const Message done
        = ToolStep::finished(1, u"list_directory"_s, arguments, true, u"[FILE] a\n[FILE] b"_s);
    QCOMPARE(done.stepState(), u"done"_s);
    QCOMPARE(done.content, u"[FILE] a …"_s); // one line
    QCOMPARE(done.extra.value(u"result"_s).toString(), u"[FILE] a\n[FILE] b"_s);
    QVERIFY(!done.extra.contains(u"truncated"_s));
    const Message failed = ToolStep::finished(1, u"x"_s, arguments, false, u"Error: boom"_s);
    QCOMPARE(failed.stepState(), u"failed"_s);
    QCOMPARE(failed.content, u"Error: boom"_s);
    const QByteArray json = failed.toJson();
    QVERIFY2(
        json.contains("\"state\":\"failed\"") && json.contains("\"tool\":\"x\""), json.constData());
}

void TestToolStep::resultIsCappedOnACharacterBoundary()
{
    // 16 KiB minus one byte of ASCII, then a three-byte character: it does not fit.
    const QString text = QString(ToolStep::kMaxResultBytes - 1, u'a') + u"晴天"_s;
    const Message m = ToolStep::finished(1, u"t"_s, QJsonObject {}, true, text);
    const QString result = m.extra.value(u"result"_s).toString();
    QCOMPARE(result.size(), ToolStep::kMaxResultBytes - 1);
    QVERIFY(result.toUtf8().size() <= ToolStep::kMaxResultBytes);
    QCOMPARE(m.extra.value(u"truncated"_s).toBool(), true);
    // An emoji (a surrogate pair) is never cut in two.
    const QString emoji = QString(ToolStep::kMaxResultBytes - 2, u'a') + u"😀"_s;
    const QString cut = ToolStep::finished(1, u"t"_s, QJsonObject {}, true, emoji)
                            .extra.value(u"result"_s)
                            .toString();
    QCOMPARE(cut.size(), ToolStep::kMaxResultBytes - 2);
    const QString exact = QString(ToolStep::kMaxResultBytes, u'b');
    const Message whole = ToolStep::finished(1, u"t"_s, QJsonObject {}, true, exact);
    QCOMPARE(whole.extra.value(u"result"_s).toString(), exact);
    QVERIFY(!whole.extra.contains(u"truncated"_s));
}

void TestToolStep::argumentsThatAreNotAnObject()
{
    const Message m = ToolStep::planning(3, u"echo"_s, QJsonValue(u"{\"text\": oops"_s));
    QCOMPARE(m.content, u"3. echo {\"text\": oops"_s);
    QCOMPARE(m.extra.value(u"arguments"_s).toString(), u"{\"text\": oops"_s);
}

QTEST_GUILESS_MAIN(TestToolStep)
#include "tst_toolstep.moc"
