// The real `rill --serve` under a low file-descriptor limit (issue 13.4): past
// it, Qt 6.4's accept loop spun at 100 % CPU and new clients hung. Now the
// connections beyond the server's budget are answered 503 and closed at once,
// the CPU stays idle, and the server serves again when connections close.
#include "rawconnection.h"
#include "support/rillprocess.h"

#include <QFile>
#include <QProcess>
#include <QTest>

#include <unistd.h>

using hostile::RawConnection;

namespace {

// User plus system CPU time of process `pid`, in clock ticks.
qint64 cpuTicks(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray line = stat.readAll();
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    return fields.value(11).toLongLong() + fields.value(12).toLongLong();
}

} // namespace

class TestDescriptorLimit : public QObject
{
    Q_OBJECT

private slots:
    void pastTheLimitClientsAreRefusedAtOnce()
    {
        QProcess server;
        rill::testing::ProcessGuard guard { server };
        // prlimit lowers both limits, so rill's own raise to the hard limit stays at 128.
        server.start(QStringLiteral("prlimit"),
            { QStringLiteral("--nofile=128:128"), qEnvironmentVariable("RILL_BINARY"),
                QStringLiteral("--serve"), QStringLiteral("--port"), QStringLiteral("0") });
        QByteArray log;
        const QUrl url = rill::testing::waitForServingUrl(server, &log);
        QVERIFY2(url.isValid(), log.constData());
        const quint16 port = quint16(url.port());

        // Far more silent connections than the server has descriptors for.
        std::vector<std::unique_ptr<RawConnection>> held;
        for (int i = 0; i < 200; ++i)
            held.push_back(std::make_unique<RawConnection>(port));
        // The server answers the ones over its budget at once; the others wait.
        const auto countRefused = [&] {
            int refused = 0;
            for (auto &connection : held) {
                if (connection->readUntil("\r\n\r\n", 0).startsWith("HTTP/1.1 503"))
                    ++refused;
            }
            return refused;
        };
        int refused = 0;
        (void)QTest::qWaitFor([&] { return (refused = countRefused()) >= 200 - 128; }, 10000);
        QVERIFY2(refused >= 200 - 128, qPrintable(QString::number(refused)));

        // A new client at the limit learns at once, and the server does not spin.
        const qint64 ticksBefore = cpuTicks(server.processId());
        RawConnection fresh(port);
        QVERIFY(fresh.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
        QVERIFY(fresh.readUntil("\r\n\r\n", 5000).startsWith("HTTP/1.1 503 "));
        QTest::qWait(1000); // an interval to measure the CPU over, not a synchronisation
        const qint64 busyTicks = cpuTicks(server.processId()) - ticksBefore;
        // A busy loop would burn a whole second; an idle server a tick or two.
        QVERIFY2(busyTicks < sysconf(_SC_CLK_TCK) / 5, qPrintable(QString::number(busyTicks)));

        held.clear();
        QVERIFY(QTest::qWaitFor(
            [&] {
                RawConnection again(port);
                again.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
                return again.readUntilClosed(2000).startsWith("HTTP/1.1 200 OK");
            },
            10000));
    }
};

QTEST_GUILESS_MAIN(TestDescriptorLimit)
#include "tst_descriptorlimit.moc"
