// A session's events: the ids they are given, and the resume buffer's order.
#include "server/http/session.h"
#include "server/http/sessionstore.h"
#include "server/protocol/message.h"

#include <QElapsedTimer>
#include <QSet>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using rill::Message;
using rill::Session;
using rill::SessionStore;

namespace {

// Returns once the monotonic clock has moved on, so that sessions touched before and after
// have distinct last-use times (it ticks in nanoseconds: a few turns of the loop).
void waitForTheClock()
{
    QElapsedTimer start;
    start.start();
    while (start.nsecsElapsed() == 0) { }
}

} // namespace

class TestSession : public QObject
{
    Q_OBJECT
private slots:
    void everyMessageGetsADistinctVersion4Uuid();
    void aMessageKeepsTheIdItCameWith();
    void sessionIdsAreDistinctUuids();
    void anAsideIsNeitherCountedNorKept();
    void historyKeepsTheNewestTurns();
    void historyKeepsAtMostItsBytes();
    void fullStoreForgetsTheSessionIdleLongest();
    void fullStoreOfLiveSessionsRefusesANewOne();
};

void TestSession::everyMessageGetsADistinctVersion4Uuid()
{
    Session session(u"s1"_s);
    QSet<QString> ids;
    constexpr int kMessages = 10000;
    for (int i = 0; i < kMessages; ++i) {
        Message message = Message::make(u"planning"_s, u"step %1"_s.arg(i));
        const QByteArray event = session.stampAndEncode(message);
        const QUuid uuid = QUuid::fromString(message.id);
        QVERIFY2(!uuid.isNull(), qPrintable(message.id));
        QCOMPARE(uuid.version(), QUuid::Random);
        QCOMPARE(uuid.variant(), QUuid::DCE);
        QCOMPARE(message.id.size(), 36); // without braces, as on the wire
        QVERIFY(event.contains(message.id.toUtf8()));
        ids.insert(message.id);
    }
    QCOMPARE(ids.size(), kMessages);
    QCOMPARE(session.lastSeq(), kMessages); // event ids count from 1
}

void TestSession::aMessageKeepsTheIdItCameWith()
{
    Session session(u"s1"_s);
    Message message = Message::make(u"planning"_s, u"x"_s);
    message.id = u"relayed-id"_s;
    session.stampAndEncode(message);
    QCOMPARE(message.id, u"relayed-id"_s);
}

void TestSession::sessionIdsAreDistinctUuids()
{
    SessionStore store;
    QSet<QString> ids;
    for (int i = 0; i < 100; ++i) {
        const QString id = store.obtain(QString())->id();
        QCOMPARE(QUuid::fromString(id).version(), QUuid::Random);
        ids.insert(id);
    }
    QCOMPARE(ids.size(), 100);
    QCOMPARE(store.obtain(u"mine"_s)->id(), u"mine"_s);
}

void TestSession::anAsideIsNeitherCountedNorKept()
{
    Session session(u"s1"_s);
    Message first = Message::make(u"planning"_s, u"one"_s);
    session.stampAndEncode(first);
    Message second = Message::make(u"planning"_s, u"two"_s);
    const QByteArray kept = session.stampAndEncode(second);
    for (int i = 0; i < 3; ++i) {
        Message refusal = Message::make(u"error"_s, u"gone"_s, 410);
        const QByteArray aside = session.encodeAside(refusal);
        QVERIFY(aside.startsWith("id: s1:2\n")); // the last real event's id
        QCOMPARE(refusal.sessionId, u"s1"_s);
        QVERIFY(refusal.timestamp.isValid());
    }
    QCOMPARE(session.lastSeq(), 2);
    QCOMPARE(session.eventsAfter(1), QList<QByteArray> { kept });
    QCOMPARE(session.eventsAfter(2), QList<QByteArray>());
}

void TestSession::historyKeepsTheNewestTurns()
{
    Session session(u"s1"_s, {}, rill::SessionHistoryLimits { 3, 1024 * 1024 });
    for (int i = 1; i <= 10; ++i)
        session.appendHistory(Message::make(u"user"_s, u"turn %1"_s.arg(i)));
    QCOMPARE(session.history().size(), 3);
    QCOMPARE(session.history().first().content, u"turn 8"_s);
    QCOMPARE(session.history().last().content, u"turn 10"_s);
    QCOMPARE(session.historyBytes(), (6 + 6 + 7) * 2); // "turn 8", "turn 9", "turn 10"
}

void TestSession::historyKeepsAtMostItsBytes()
{
    Session session(u"s1"_s, {}, rill::SessionHistoryLimits { 1000, 100 });
    // 20 characters (40 bytes) each: two fit, the third pushes out the first.
    for (const QChar c : u"abc"_s)
        session.appendHistory(Message::make(u"user"_s, QString(20, c)));
    QCOMPARE(session.history().size(), 2);
    QCOMPARE(session.history().first().content, QString(20, u'b'));
    QCOMPARE(session.historyBytes(), 80);
    // A turn larger than the whole bound is not kept either: the bound holds.
    session.appendHistory(Message::make(u"assistant"_s, QString(51, u'x')));
    QVERIFY(session.history().isEmpty());
    QCOMPARE(session.historyBytes(), 0);
    session.appendHistory(Message::make(u"user"_s, u"next"_s));
    QCOMPARE(session.history().size(), 1);
}

void TestSession::fullStoreForgetsTheSessionIdleLongest()
{
    QSet<QString> live { u"busy"_s };
    SessionStore store({ {}, {}, 3 }, [&live](const QString &id) { return live.contains(id); });
    store.obtain(u"busy"_s); // the oldest, but live
    waitForTheClock();
    store.obtain(u"old"_s);
    waitForTheClock();
    store.obtain(u"recent"_s);
    QCOMPARE(store.size(), 3);
    QVERIFY(store.obtain(u"new"_s));
    QCOMPARE(store.size(), 3);
    QVERIFY(store.find(u"busy"_s));
    QVERIFY(!store.find(u"old"_s)); // idle longest of those not live
    QVERIFY(store.find(u"recent"_s));
    // Using a session makes it recent: "recent" now outlives "new".
    waitForTheClock();
    store.obtain(u"recent"_s);
    QVERIFY(store.obtain(QString()));
    QVERIFY(!store.find(u"new"_s));
    QVERIFY(store.find(u"recent"_s));
}

void TestSession::fullStoreOfLiveSessionsRefusesANewOne()
{
    SessionStore store({ {}, {}, 2 }, [](const QString &) { return true; });
    QVERIFY(store.obtain(u"a"_s));
    QVERIFY(store.obtain(u"b"_s));
    QVERIFY(!store.obtain(u"c"_s));
    QVERIFY(!store.obtain(QString()));
    QCOMPARE(store.size(), 2);
    QVERIFY(store.obtain(u"a"_s)); // a kept session is still found
}

QTEST_GUILESS_MAIN(TestSession)
#include "tst_session.moc"
