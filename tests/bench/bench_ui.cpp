// The window under load (docs/benchmarks.md): the real MainWindow, offscreen,
// reading a stream of 1 000 events/s in the demo agent's shapes (50-step plans;
// each run is asked for again the moment it ends, so the conversation grows as
// a long session would), served from another thread at an exact pace. A 1 ms precise timer measures
// how late the event loop serves it: a frame cannot be painted sooner than the
// loop comes back, so the largest lateness bounds every frame's time.
// Each stall is split into the GUI thread's own CPU time and the time it
// waited for a CPU (the kernel's schedstat; the rest it was blocked): on two
// cores shared with the server thread, a frame can be late without the
// window doing more work.
// Not a CTest test; run by scripts/bench, or by hand:
//   build/tests/bench/bench_ui [--rate 1000] [--seconds 10]
#include "pacedsseserver.h"
#include "ui/net/chatclient.h"
#include "ui/store/conversationstore.h"
#include "ui/widgets/chatmodel.h"
#include "ui/widgets/connectionsettings.h"
#include "ui/widgets/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>
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

// The calling thread's CPU time and its wait for a CPU so far, in ns
// (/proc/thread-self/schedstat: "on-cpu runqueue-wait slices").
struct ThreadTimes
{
    qint64 cpuNs = 0;
    qint64 waitNs = 0;
};

class ThreadClock
{
public:
    ThreadClock()
        : m_fd(::open("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC))
    { }
    ~ThreadClock()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    ThreadTimes now() const
    {
        char text[128] = {};
        if (m_fd < 0 || ::pread(m_fd, text, sizeof text - 1, 0) <= 0)
            return {};
        long long cpu = 0;
        long long wait = 0;
        std::sscanf(text, "%lld %lld", &cpu, &wait);
        return { cpu, wait };
    }

private:
    int m_fd;
};

// One tick of the 1 ms timer: how late it came, and of that interval how
// long the GUI thread ran and how long it waited for a CPU.
struct Tick
{
    double lateMs;
    double cpuMs;
    double waitMs;
};

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

    // Kept on disk as the app keeps it: each finished run saves the growing conversation.
    QTemporaryDir storeDir;
    rill::ConversationStore store(storeDir.path());
    rill::ChatClient client;
    rill::MainWindow window(&client, &store);
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

    std::vector<Tick> ticks;
    QElapsedTimer clock;
    const ThreadClock threadClock;
    qint64 lastTickNs = -1;
    ThreadTimes lastTimes;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(1);
    QObject::connect(&tick, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        const ThreadTimes times = threadClock.now();
        if (lastTickNs >= 0) {
            ticks.push_back({ qMax(0.0, double(now - lastTickNs) / 1e6 - 1.0),
                double(times.cpuNs - lastTimes.cpuNs) / 1e6,
                double(times.waitNs - lastTimes.waitNs) / 1e6 });
        }
        lastTickNs = now;
        lastTimes = times;
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

    std::vector<double> lateMs;
    for (const Tick &each : ticks)
        lateMs.push_back(each.lateMs);
    const auto byLateness = [](const Tick &a, const Tick &b) { return a.lateMs < b.lateMs; };
    const auto byCpu = [](const Tick &a, const Tick &b) { return a.cpuMs < b.cpuMs; };
    const Tick worst
        = ticks.empty() ? Tick {} : *std::max_element(ticks.begin(), ticks.end(), byLateness);
    const double maxLate = worst.lateMs;
    // The longest the GUI thread itself worked between two ticks: what the
    // window's own code cost a frame, whatever the other threads did.
    const double maxCpu
        = ticks.empty() ? 0 : std::max_element(ticks.begin(), ticks.end(), byCpu)->cpuMs;
    const auto over16 = std::count_if(
        ticks.begin(), ticks.end(), [](const Tick &each) { return each.lateMs + 1.0 >= 16.0; });
    // Bounded: what the second half added is no more than the first half did
    // (plus slack), i.e. memory follows the conversation and does not run away.
    const bool bounded = rssEnd - rssMid <= (rssMid - rssStart) * 3 / 2 + 4096;
    std::printf("window: %lld events in %.1f s (%.0f/s), %d items in the model\n",
        qlonglong(events), elapsed, double(events) / elapsed, window.model()->rowCount());
    std::printf("event-loop stall: p50 %.2f ms, p99 %.2f ms, max %.2f ms over %zu ticks; "
                "%lld frames of 16 ms or more\n",
        percentile(lateMs, 0.5), percentile(lateMs, 0.99), maxLate, lateMs.size(),
        qlonglong(over16));
    std::printf("worst stall: the GUI thread ran %.2f ms and waited %.2f ms for a CPU; "
                "its longest run between two ticks was %.2f ms\n",
        worst.cpuMs, worst.waitMs, maxCpu);
    std::printf("RSS: %lld KiB at the start, %lld halfway, %lld at the end\n", qlonglong(rssStart),
        qlonglong(rssMid), qlonglong(rssEnd));
    std::printf(
        "{\"events\":%lld,\"seconds\":%.2f,\"events_per_s\":%.0f,\"target_events_per_s\":%d,"
        "\"stall_ms\":{\"p50\":%.3f,\"p99\":%.3f,\"max\":%.3f},\"frames_over_16ms\":%lld,"
        "\"worst_stall_cpu_ms\":%.3f,\"worst_stall_wait_ms\":%.3f,\"max_gui_cpu_ms\":%.3f,"
        "\"rss_start_kib\":%lld,"
        "\"rss_mid_kib\":%lld,\"rss_end_kib\":%lld,\"rss_bounded\":%s,\"model_rows\":%d}\n",
        qlonglong(events), elapsed, double(events) / elapsed,
        parser.value(QStringLiteral("rate")).toInt(), percentile(lateMs, 0.5),
        percentile(lateMs, 0.99), maxLate, qlonglong(over16), worst.cpuMs, worst.waitMs, maxCpu,
        qlonglong(rssStart), qlonglong(rssMid), qlonglong(rssEnd), bounded ? "true" : "false",
        window.model()->rowCount());
    return 0;
}
