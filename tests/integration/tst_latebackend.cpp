// ChatServer over a SessionBackend that answers later, as one over a shared
// store does: the whole protocol (stream, 409, resume with replay and live
// tail, 204, Stop) must work when every answer comes on a later turn of the
// event loop, and a client that leaves while its answer is pending must cost
// nothing but a log line.
#include "rawsseclient.h"
#include "server/agent/demoagent.h"
#include "server/http/chatserver.h"
#include "server/http/memorysessionbackend.h"

#include <QJsonObject>
#include <QTest>
#include <QTimer>

using namespace std::chrono_literals;

namespace {

// The in-process backend, with each answer held back for `delay`.
class LateBackend : public rill::SessionBackend
{
public:
    LateBackend(std::chrono::milliseconds delay, int *answersHeld, int *answersGiven)
        : m_memory({}, 5s, 32 * 1024 * 1024)
        , m_delay(delay)
        , m_held(answersHeld)
        , m_given(answersGiven)
    { }

    void claim(const QString &id, std::function<void(Claim)> done) override
    {
        m_memory.claim(id, later(std::move(done)));
    }
    void adopt(rill::ChatRun *run) override { m_memory.adopt(run); }
    void resume(const QString &id, qint64 afterSeq, std::function<void(Resume)> done) override
    {
        m_memory.resume(id, afterSeq, later(std::move(done)));
    }
    void stop(const QString &id, std::function<void(StopOutcome)> done) override
    {
        // Stop is asked later too: the run goes on until the store has answered.
        ++*m_held;
        QTimer::singleShot(m_delay, &m_memory, [this, id, done = std::move(done)] {
            ++*m_given;
            m_memory.stop(id, done);
        });
    }
    qsizetype expireIdle(std::chrono::milliseconds idle) override
    {
        return m_memory.expireIdle(idle);
    }
    int sessionCount() const override { return m_memory.sessionCount(); }
    int activeRunCount() const override { return m_memory.activeRunCount(); }
    void shutDown() override { m_memory.shutDown(); }

private:
    template<typename Answer>
    std::function<void(Answer)> later(std::function<void(Answer)> done)
    {
        return [this, done = std::move(done)](Answer answer) {
            ++*m_held;
            QTimer::singleShot(m_delay, &m_memory, [this, done, answer = std::move(answer)] {
                ++*m_given;
                done(answer);
            });
        };
    }

    rill::MemorySessionBackend m_memory;
    std::chrono::milliseconds m_delay;
    int *m_held;
    int *m_given;
};

} // namespace

class TestLateBackend : public QObject
{
    Q_OBJECT
private slots:
    void init()
    {
        m_held = 0;
        m_given = 0;
        m_clock.start();
        m_server = std::make_unique<rill::ChatServer>(
            [] { return std::make_unique<rill::DemoAgent>(100ms); }, rill::ChatServer::Options {},
            std::make_unique<LateBackend>(30ms, &m_held, &m_given));
        QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
    }
    void cleanup() { m_server.reset(); }

    void wholeProtocol()
    {
        RawSseClient first(m_clock);
        first.request(m_server->port(), "POST", "/chat", R"({"message":"hello"})",
            { "Content-Type: application/json" });
        QTRY_VERIFY(first.arrivals().size() >= 2);
        QCOMPARE(first.status(), 200);
        const QString sessionId = first.jsonAt(0).value(QLatin1String("sessionId")).toString();
        QVERIFY(m_held >= 1);

        // The same session again while it runs: 409, decided by the late claim.
        RawSseClient second(m_clock);
        second.request(m_server->port(), "POST", "/chat",
            QStringLiteral(R"({"sessionId":"%1","message":"again"})").arg(sessionId).toUtf8(),
            { "Content-Type: application/json" });
        QTRY_VERIFY(second.isComplete());
        QCOMPARE(second.status(), 409);

        // A resume from the first event: the rest replayed, then the live tail, once each.
        first.abort();
        RawSseClient resumed(m_clock);
        resumed.request(m_server->port(), "GET", "/chat", {},
            { "Last-Event-ID: " + sessionId.toUtf8() + ":1" });
        QTRY_VERIFY_WITH_TIMEOUT(resumed.isComplete(), 10000);
        QCOMPARE(resumed.status(), 200);
        QList<qint64> seqs;
        for (const auto &arrival : resumed.arrivals())
            seqs.append(
                arrival.event.lastEventId.mid(arrival.event.lastEventId.lastIndexOf(u':') + 1)
                    .toLongLong());
        QVERIFY(seqs.size() >= 3);
        for (qsizetype i = 0; i < seqs.size(); ++i)
            QCOMPARE(seqs.at(i), i + 2);
        QCOMPARE(
            resumed.jsonAt(resumed.arrivals().size() - 1).value(QLatin1String("type")).toString(),
            QStringLiteral("done"));

        // After done, nothing left: 204.
        RawSseClient late(m_clock);
        late.request(m_server->port(), "GET", "/chat", {},
            { "Last-Event-ID: " + sessionId.toUtf8() + ":" + QByteArray::number(seqs.last()) });
        QTRY_VERIFY(late.isComplete());
        QCOMPARE(late.status(), 204);
    }

    void stopAnswersLate()
    {
        RawSseClient client(m_clock);
        client.request(m_server->port(), "POST", "/chat");
        QTRY_VERIFY(!client.arrivals().isEmpty());
        const QString sessionId = client.jsonAt(0).value(QLatin1String("sessionId")).toString();
        RawSseClient stop(m_clock);
        stop.request(m_server->port(), "DELETE", "/chat?sessionId=" + sessionId.toUtf8());
        QTRY_VERIFY(stop.isComplete());
        QCOMPARE(stop.status(), 204);
        QTRY_VERIFY(client.isComplete());
        const QJsonObject last = client.jsonAt(client.arrivals().size() - 1);
        QCOMPARE(last.value(QLatin1String("state")).toString(), QStringLiteral("cancelled"));
        QTRY_COMPARE(m_server->activeRunCount(), 0);
    }

    void clientLeavesWhileClaimPending()
    {
        // A client that leaves just after its late answer started a run ends it
        // at once, rather than after the grace for a resume.
        rill::ChatServer::Options options;
        options.resumeGrace = 0ms;
        m_server = std::make_unique<rill::ChatServer>(
            [] { return std::make_unique<rill::DemoAgent>(100ms); }, options,
            std::make_unique<LateBackend>(30ms, &m_held, &m_given));
        QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
        for (int i = 0; i < 20; ++i) {
            RawSseClient client(m_clock);
            client.request(m_server->port(), "POST", "/chat");
            QTRY_VERIFY(m_held > i); // the server asked the backend...
            client.abort(); // ...and the client is gone before it answers
        }
        QCOMPARE(m_held, 20);
        QTRY_COMPARE(m_given, 20); // the late answers came in, to clients gone
        QTRY_COMPARE(m_server->activeRunCount(), 0);
        QTRY_COMPARE(m_server->openStreamCount(), 0);
        // And the server still serves.
        RawSseClient client(m_clock);
        client.request(m_server->port(), "POST", "/chat");
        QTRY_VERIFY(!client.arrivals().isEmpty());
        QCOMPARE(client.status(), 200);
    }

private:
    QElapsedTimer m_clock;
    int m_held = 0;
    int m_given = 0;
    std::unique_ptr<rill::ChatServer> m_server;
};

QTEST_GUILESS_MAIN(TestLateBackend)
#include "tst_latebackend.moc"
