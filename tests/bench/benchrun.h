// Running rill-bench and the benchmark peers from a CTest test: shared by the smoke
// test of the tools (tst_rillbench) and the floor guard (tst_floorguard).
#pragma once

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

namespace rill::testing {

// rill-bench against `url` with `options` (plus --json); its closing JSON line, or {} when
// it failed (the reason is logged).
inline QJsonObject runRillBench(const QString &url, const QStringList &options)
{
    QProcess client;
    client.start(qEnvironmentVariable("RILL_BENCH_BINARY"),
        QStringList { QStringLiteral("--url"), url, QStringLiteral("--json") } + options);
    if (!client.waitForFinished(60000) || client.exitCode() != 0) {
        qWarning() << "rill-bench failed:" << client.readAllStandardError();
        client.kill();
        client.waitForFinished(3000);
        return {};
    }
    const QList<QByteArray> lines = client.readAllStandardOutput().trimmed().split('\n');
    QJsonParseError error;
    const QJsonObject result = QJsonDocument::fromJson(lines.last(), &error).object();
    if (error.error != QJsonParseError::NoError)
        qWarning() << "not JSON:" << lines.last();
    return result;
}

// Waits for a peer that prints "LISTENING <port>" on stdout (the floor, the Go peer);
// its port, or 0 when it ended or stayed silent.
inline int waitForListeningPort(QProcess &peer, int timeoutMs = 10000)
{
    QByteArray line;
    (void)QTest::qWaitFor(
        [&] {
            if (peer.canReadLine())
                line = peer.readLine().trimmed();
            return !line.isEmpty() || peer.state() == QProcess::NotRunning;
        },
        timeoutMs);
    return line.startsWith("LISTENING ") ? line.mid(10).toInt() : 0;
}

} // namespace rill::testing
