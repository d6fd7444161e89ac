// The real `rill --serve` gives memory back: RSS measured before a crowd of sessions,
// at its peak and after every session expired, all in one run of one process.
#include "hardeningsupport.h"
#include "tests/support/rillprocess.h"

#include <QFile>
#include <QProcess>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using namespace hardening;
using rill::testing::ProcessGuard;

namespace {

// VmRSS of a process, in KiB; 0 if it cannot be read.
qint64 rssKib(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return 0;
}

// Runs `count` POST /chat of `body` (each a new session) to their end, `inFlight` at a
// time; returns how many got 200.
int runSessions(quint16 port, int count, int inFlight, const QByteArray &body = {})
{
    int started = 0;
    int finished = 0;
    int ok = 0;
    std::function<void()> startOne = [&] {
        ++started;
        auto *socket = new QTcpSocket;
        auto seenHead = std::make_shared<bool>(false);
        auto done = std::make_shared<bool>(false);
        const auto end = [&, socket, done] {
            if (std::exchange(*done, true))
                return;
            ++finished;
            socket->deleteLater();
            if (started < count)
                startOne();
        };
        QObject::connect(socket, &QTcpSocket::connected, socket, [socket, port, &body] {
            socket->write(request(port, "POST", "/chat",
                body.isEmpty() ? QList<QByteArray>()
                               : QList<QByteArray> { "Content-Type: application/json" },
                body));
        });
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket, seenHead, &ok] {
            const QByteArray bytes = socket->readAll();
            if (!std::exchange(*seenHead, true) && bytes.startsWith("HTTP/1.1 200"))
                ++ok;
        });
        QObject::connect(socket, &QTcpSocket::disconnected, socket, end);
        QObject::connect(socket, &QTcpSocket::errorOccurred, socket,
            [socket, end](QAbstractSocket::SocketError) {
                if (socket->state() != QAbstractSocket::ConnectedState)
                    end();
            });
        socket->connectToHost(QHostAddress::LocalHost, port);
    };
    for (int i = 0; i < inFlight && started < count; ++i)
        startOne();
    if (!QTest::qWaitFor([&] { return finished == count; }, 60000))
        qWarning("only %d of %d sessions ended", finished, count);
    return ok;
}

int sessions(quint16 port)
{
    return exchange(port, request(port, "GET", "/health")).json().value(u"sessions").toInt(-1);
}

} // namespace

class TestMemory : public QObject
{
    Q_OBJECT

private slots:
    void rssComesBackAfterSessionsExpire()
    {
#if defined(__SANITIZE_ADDRESS__)
        QSKIP("ASan's allocator keeps freed memory in quarantine: RSS says nothing here");
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
        QSKIP("ASan's allocator keeps freed memory in quarantine: RSS says nothing here");
#endif
#endif
        QProcess rill;
        ProcessGuard guard { rill };
        rill.start(qEnvironmentVariable("RILL_BINARY"),
            { QStringLiteral("--serve"), QStringLiteral("--port=0"),
                QStringLiteral("--step-delay=0"), QStringLiteral("--session-idle=4") });
        QVERIFY(rill.waitForStarted());
        const quint16 port = quint16(rill::testing::waitForServingUrl(rill).port(0));
        QVERIFY2(port != 0, "rill --serve did not start");

        // Warm up (first-use allocations of Qt and the agent), then measure the baseline;
        // these few sessions expire with the others.
        QCOMPARE(runSessions(port, 50, 16), 50);
        const qint64 base = rssKib(rill.processId());

        // Sessions that each start from a client's history of 12 turns, 48 Ki characters
        // (what a reopened conversation sends), all kept at once (they idle out after 4 s).
        QByteArray history;
        for (int turn = 0; turn < 12; ++turn)
            history += QByteArray(turn ? "," : "") + "{\"type\":\""
                + (turn % 2 ? "assistant" : "user") + "\",\"content\":\"" + QByteArray(4096, 'h')
                + "\"}";
        const QByteArray body = "{\"message\":\"hi\",\"history\":[" + history + "]}";
        constexpr int kSessions = 600;
        QCOMPARE(runSessions(port, kSessions, 16, body), kSessions);
        const qint64 peak = rssKib(rill.processId());
        const int peakSessions = sessions(port);
        QTRY_COMPARE_WITH_TIMEOUT(sessions(port), 0, 15000);
        const qint64 after = rssKib(rill.processId());
        qInfo("RSS %lld KiB before, %lld KiB with %d sessions kept, %lld KiB after they expired",
            base, peak, peakSessions, after);
        // The load must be worth measuring, or the comparison below says nothing.
        QVERIFY2(peak - base >= 8 * 1024, "the sessions did not grow RSS measurably");
        QVERIFY2(after - base <= (peak - base) / 4,
            qPrintable(QStringLiteral("RSS stayed up: %1 of %2 KiB grown are still held")
                           .arg(after - base)
                           .arg(peak - base)));
    }
};

QTEST_GUILESS_MAIN(TestMemory)
#include "tst_memory.moc"
