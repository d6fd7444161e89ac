// The window under load (docs/benchmarks.md): the real MainWindow, offscreen,
// reading a stream of 1 000 events/s in the demo agent's shapes (50-step plans;
// each run is asked for again the moment it ends, so the conversation grows as
// a long session would), served from another thread at an exact pace. A 1 ms precise timer measures
// how late the event loop serves it: a frame cannot be painted sooner than the
// loop comes back, so the largest lateness bounds every frame's time.
// Not a CTest test; run by scripts/bench, or by hand:
//   build/tests/bench/bench_ui [--rate 1000] [--seconds 10]
#include "pacedsseserver.h"
#include "ui/net/chatclient.h"
#include "ui/widgets/chatmodel.h"
#include "ui/widgets/connectionsettings.h"
#include "ui/widgets/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace {

qint64 rssKib()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray text = status.readAll();
    const qsizetype at = text.indexOf("VmRSS:");
    return text.mid(at + 6, text.indexOf('\n', at) - at - 6).trimmed().split(' ')[0].toLongLong();
}

double percentile(std::vector<double> values, double q)
{
    if (values.empty())
        return 0;
    const size_t k = std::min(values.size() - 1, size_t(q * double(values.size())));
    std::nth_element(values.begin(), values.begin() + qsizetype(k), values.end());
    return values[k];
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM",
        qgetenv("QT_QPA_PLATFORM").isEmpty() ? "offscreen" : qgetenv("QT_QPA_PLATFORM"));
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions({
        { QStringLiteral("rate"), QStringLiteral("Events per second (default 1000)."),
            QStringLiteral("n"), QStringLiteral("1000") },
        { QStringLiteral("seconds"), QStringLiteral("How long to measure (default 10)."),
            QStringLiteral("s"), QStringLiteral("10") },
    });
    parser.process(app);
    const double seconds = parser.value(QStringLiteral("seconds")).toDouble();

    // The events come from another thread, paced exactly (see PacedSseServer).
    QThread serverThread;
    auto *server = new PacedSseServer(parser.value(QStringLiteral("rate")).toInt(), 50);
    server->moveToThread(&serverThread);
    QObject::connect(&serverThread, &QThread::finished, server, &QObject::deleteLater);
    serverThread.start();
    quint16 port = 0;
    QMetaObject::invokeMethod(
        server, [&] { port = server->listen(); }, Qt::BlockingQueuedConnection);

    rill::ChatClient client;
    rill::MainWindow window(&client);
    rill::ConnectionSettings settings;
    settings.mode = rill::ConnectionSettings::Mode::Remote;
    settings.url = QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port));
    window.applySettings(settings);
    window.resize(900, 700);
    window.show();

    qint64 events = 0;
    QObject::connect(&client, &rill::ChatClient::messageReceived, [&] { ++events; });
    // Each run is followed at once by the next, in the same conversation.
    QObject::connect(&client, &rill::ChatClient::streamFinished, [&] {
        QTimer::singleShot(0, &client, [&] { client.send(QStringLiteral("我想听晴天")); });
    });

    std::vector<double> lateMs;
    QElapsedTimer clock;
    qint64 lastTickNs = -1;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(1);
    QObject::connect(&tick, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        if (lastTickNs >= 0)
            lateMs.push_back(qMax(0.0, double(now - lastTickNs) / 1e6 - 1.0));
        lastTickNs = now;
    });

    qint64 rssStart = 0;
    qint64 rssMid = 0;
    QTimer::singleShot(200, [&] { // the window painted once, the client settled
        rssStart = rssKib();
        events = 0;
        clock.start();
        tick.start();
        client.send(QStringLiteral("我想听晴天"));
        QTimer::singleShot(int(seconds * 500), [&] { rssMid = rssKib(); });
        QTimer::singleShot(int(seconds * 1000), &app, &QCoreApplication::quit);
    });
    app.exec();
    const double elapsed = double(clock.nsecsElapsed()) / 1e9;
    const qint64 rssEnd = rssKib();
    client.stop();
    serverThread.quit();
    serverThread.wait();

    const double maxLate = lateMs.empty() ? 0 : *std::max_element(lateMs.begin(), lateMs.end());
    // Bounded: what the second half added is no more than the first half did
    // (plus slack), i.e. memory follows the conversation and does not run away.
    const bool bounded = rssEnd - rssMid <= (rssMid - rssStart) * 3 / 2 + 4096;
    std::printf("window: %lld events in %.1f s (%.0f/s), %d items in the model\n",
        qlonglong(events), elapsed, double(events) / elapsed, window.model()->rowCount());
    std::printf("event-loop stall: p50 %.2f ms, p99 %.2f ms, max %.2f ms over %zu ticks\n",
        percentile(lateMs, 0.5), percentile(lateMs, 0.99), maxLate, lateMs.size());
    std::printf("RSS: %lld KiB at the start, %lld halfway, %lld at the end\n", qlonglong(rssStart),
        qlonglong(rssMid), qlonglong(rssEnd));
    std::printf(
        "{\"events\":%lld,\"seconds\":%.2f,\"events_per_s\":%.0f,\"target_events_per_s\":%d,"
        "\"stall_ms\":{\"p50\":%.3f,\"p99\":%.3f,\"max\":%.3f},\"rss_start_kib\":%lld,"
        "\"rss_mid_kib\":%lld,\"rss_end_kib\":%lld,\"rss_bounded\":%s,\"model_rows\":%d}\n",
        qlonglong(events), elapsed, double(events) / elapsed,
        parser.value(QStringLiteral("rate")).toInt(), percentile(lateMs, 0.5),
        percentile(lateMs, 0.99), maxLate, qlonglong(rssStart), qlonglong(rssMid),
        qlonglong(rssEnd), bounded ? "true" : "false", window.model()->rowCount());
    return 0;
}
