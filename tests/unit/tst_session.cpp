// A session's events: the ids they are given, and the resume buffer's order.
#include "server/http/session.h"
#include "server/protocol/message.h"

#include <QSet>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using rill::Message;
using rill::Session;
using rill::SessionStore;

class TestSession : public QObject
{
    Q_OBJECT
private slots:
    void everyMessageGetsADistinctVersion4Uuid();
    void aMessageKeepsTheIdItCameWith();
    void sessionIdsAreDistinctUuids();
    void anAsideIsNeitherCountedNorKept();
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

QTEST_GUILESS_MAIN(TestSession)
#include "tst_session.moc"
