// FinishedReplay: finished runs' events stay for late resumes within a time and a byte
// budget, oldest out first, and a session whose next run began keeps its events.
#include "server/http/finishedreplay.h"
#include "server/http/session.h"

#include <QTest>

using namespace std::chrono_literals;
using rill::FinishedReplay;
using rill::Message;
using rill::Session;

namespace {

// A session that holds `events` encoded events of about 200 bytes each.
std::shared_ptr<Session> sessionWithEvents(const QString &id, int events)
{
    auto session = std::make_shared<Session>(id);
    for (int i = 0; i < events; ++i) {
        Message message;
        message.type = rill::MessageType::Step;
        message.content = QString(150, QLatin1Char('x'));
        session->stampAndEncode(message);
    }
    return session;
}

bool canResumeFromTheStart(const Session &session)
{
    return session.eventsAfter(0).has_value();
}

} // namespace

class TestFinishedReplay : public QObject
{
    Q_OBJECT

private slots:
    void pastTheBudgetTheOldestGoFirst()
    {
        const auto a = sessionWithEvents(QStringLiteral("a"), 10);
        const auto b = sessionWithEvents(QStringLiteral("b"), 10);
        const auto c = sessionWithEvents(QStringLiteral("c"), 10);
        FinishedReplay replay(60s, a->bufferedBytes() * 2 + 1);
        replay.keep(a);
        replay.keep(b);
        QVERIFY(canResumeFromTheStart(*a));
        QVERIFY(canResumeFromTheStart(*b));
        replay.keep(c);
        QVERIFY(!canResumeFromTheStart(*a));
        QVERIFY(canResumeFromTheStart(*b));
        QVERIFY(canResumeFromTheStart(*c));
        QCOMPARE(replay.keptBytes(), b->bufferedBytes() + c->bufferedBytes());
        QCOMPARE(a->bufferedBytes(), 0);
    }

    void eachRunGoesAfterItsTime()
    {
        const auto a = sessionWithEvents(QStringLiteral("a"), 3);
        FinishedReplay replay(50ms, 1 << 30);
        replay.keep(a);
        QVERIFY(canResumeFromTheStart(*a));
        QTRY_VERIFY_WITH_TIMEOUT(!canResumeFromTheStart(*a), 5000);
        QCOMPARE(replay.keptBytes(), 0);
    }

    // The session's next run started before the old run's events were due to go: they
    // are the new run's buffer now, and stay.
    void aSessionThatRunsAgainKeepsItsEvents()
    {
        const auto a = sessionWithEvents(QStringLiteral("a"), 3);
        FinishedReplay replay(60s, a->bufferedBytes() + 1);
        replay.keep(a);
        Message next;
        next.type = rill::MessageType::Step;
        next.content = QStringLiteral("the next run");
        a->stampAndEncode(next);
        replay.keep(sessionWithEvents(QStringLiteral("b"), 3)); // pushes a's old run out
        QVERIFY(canResumeFromTheStart(*a));
    }
};

QTEST_GUILESS_MAIN(TestFinishedReplay)
#include "tst_finishedreplay.moc"
