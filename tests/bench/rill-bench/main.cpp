// rill-bench: holds N SSE streams open against a server and measures them
// (docs/benchmarks.md). Usage:
//   rill-bench --url URL [--streams N] [--duration S] [--post] [--json] [--pid PID]
#include "loadrunner.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

#include <algorithm>
#include <arpa/inet.h>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <netdb.h>
#include <sys/resource.h>

using namespace rillbench;

namespace {

[[noreturn]] void fail(const QString &message)
{
    std::fprintf(stderr, "rill-bench: %s\n", qPrintable(message));
    std::exit(2);
}

// 10 000 sockets need more descriptors than the usual soft limit of 1024:
// raise it to the hard limit (which only root can raise, e.g. `ulimit -Hn`).
rlim_t raiseFileLimit()
{
    rlimit limit {};
    getrlimit(RLIMIT_NOFILE, &limit);
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
        getrlimit(RLIMIT_NOFILE, &limit);
    }
    return limit.rlim_cur;
}

sockaddr_in resolve(const QUrl &url)
{
    addrinfo hints {};
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo *found = nullptr;
    const QByteArray host = url.host().toUtf8();
    if (getaddrinfo(host.constData(), nullptr, &hints, &found) != 0 || !found)
        fail(QStringLiteral("cannot resolve %1 (IPv4 only)").arg(url.host()));
    sockaddr_in address = *reinterpret_cast<sockaddr_in *>(found->ai_addr);
    freeaddrinfo(found);
    address.sin_port = htons(quint16(url.port(80)));
    return address;
}

QByteArray requestFor(const QUrl &url, bool post)
{
    QByteArray target = url.path(QUrl::FullyEncoded).toUtf8();
    if (target.isEmpty())
        target = "/";
    if (url.hasQuery())
        target += '?' + url.query(QUrl::FullyEncoded).toUtf8();
    QByteArray request = (post ? "POST " : "GET ") + target + " HTTP/1.1\r\nHost: "
        + url.authority(QUrl::FullyEncoded).toUtf8() + "\r\nAccept: text/event-stream\r\n";
    if (post)
        request += "Content-Length: 0\r\n";
    return request + "\r\n";
}

QJsonObject percentiles(std::vector<int64_t> &samplesUs)
{
    const auto at = [&](double q) {
        if (samplesUs.empty())
            return 0.0;
        const size_t k = std::min(samplesUs.size() - 1, size_t(q * double(samplesUs.size())));
        std::nth_element(samplesUs.begin(), samplesUs.begin() + qsizetype(k), samplesUs.end());
        return double(samplesUs[k]) / 1000.0;
    };
    const double p50 = at(0.50);
    const double p99 = at(0.99);
    const double max = samplesUs.empty()
        ? 0.0
        : double(*std::max_element(samplesUs.begin(), samplesUs.end())) / 1000.0;
    const auto ms = [](double v) { return std::round(v * 1000.0) / 1000.0; };
    return { { QStringLiteral("p50"), ms(p50) }, { QStringLiteral("p99"), ms(p99) },
        { QStringLiteral("max"), ms(max) } };
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("rill-bench"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Holds N Server-Sent Events streams open for a while (a stream that ends is opened "
        "again at once) and reports events/s, time to first event, per-event latency from "
        "the events' \"sentUs\" stamps, errors and the server's peak memory."));
    parser.addHelpOption();
    parser.addOptions({
        { QStringLiteral("url"), QStringLiteral("The stream, e.g. http://127.0.0.1:8000/chat"),
            QStringLiteral("url") },
        { QStringLiteral("streams"), QStringLiteral("Concurrent streams (default 1)."),
            QStringLiteral("n"), QStringLiteral("1") },
        { QStringLiteral("duration"), QStringLiteral("Seconds to run (default 10)."),
            QStringLiteral("s"), QStringLiteral("10") },
        { QStringLiteral("post"), QStringLiteral("Open streams with POST (default GET).") },
        { QStringLiteral("json"), QStringLiteral("End with one JSON line of the results.") },
        { QStringLiteral("pid"), QStringLiteral("Server process whose memory and CPU to report."),
            QStringLiteral("pid") },
        { QStringLiteral("connecting"),
            QStringLiteral("Streams being set up at once (default 64)."), QStringLiteral("n"),
            QStringLiteral("64") },
        { QStringLiteral("busy-poll"),
            QStringLiteral("Poll without sleeping (one CPU at 100 %), so that the latency "
                           "holds no wake-up of this process's own CPU.") },
    });
    parser.process(app);

    const QUrl url(parser.value(QStringLiteral("url")));
    if (!url.isValid() || url.scheme() != QLatin1String("http") || url.host().isEmpty())
        fail(QStringLiteral("--url must be an http:// URL"));
    bool ok = false;
    LoadOptions options;
    options.streams = parser.value(QStringLiteral("streams")).toInt(&ok);
    if (!ok || options.streams < 1)
        fail(QStringLiteral("--streams takes a positive whole number"));
    options.durationS = parser.value(QStringLiteral("duration")).toDouble(&ok);
    if (!ok || options.durationS <= 0)
        fail(QStringLiteral("--duration takes a positive number of seconds"));
    options.maxConnecting = qMax(1, parser.value(QStringLiteral("connecting")).toInt());
    options.serverPid = parser.value(QStringLiteral("pid")).toInt();
    options.busyPoll = parser.isSet(QStringLiteral("busy-poll"));
    options.address = resolve(url);
    options.request = requestFor(url, parser.isSet(QStringLiteral("post")));

    const rlim_t files = raiseFileLimit();
    if (rlim_t(options.streams) + 16 > files)
        fail(QStringLiteral("%1 streams need more file descriptors than the limit of %2; "
                            "raise it with `ulimit -n` (as root: `ulimit -Hn`, "
                            "or LimitNOFILE / limits.conf)")
                 .arg(options.streams)
                 .arg(files));

    LoadRunner runner(options);
    LoadResult result = runner.run();

    const double eventsPerS = result.seconds > 0 ? double(result.events) / result.seconds : 0;
    QJsonObject json {
        // The most streams open at once; streams_end: how many were open at the end.
        { QStringLiteral("streams"), result.streamsPeak },
        { QStringLiteral("streams_end"), result.streamsHeld },
        { QStringLiteral("events"), result.events },
        { QStringLiteral("events_per_s"), std::round(eventsPerS) },
        { QStringLiteral("ttfe_ms"), percentiles(result.ttfeUs) },
        { QStringLiteral("latency_ms"), percentiles(result.latencyUs) },
        { QStringLiteral("errors"), result.errors },
        { QStringLiteral("server_rss_kib"), result.serverRssPeakKib },
        { QStringLiteral("server_rss_start_kib"), result.serverRssStartKib },
        { QStringLiteral("server_cpu_s"), std::round(result.serverCpuS * 100) / 100 },
        { QStringLiteral("client_cpu_s"), std::round(result.clientCpuS * 100) / 100 },
        { QStringLiteral("steal_percent"), std::round(result.stealPercent * 100) / 100 },
        { QStringLiteral("runs"), result.runs },
        { QStringLiteral("bytes"), result.bytes },
        { QStringLiteral("seconds"), std::round(result.seconds * 1000) / 1000 },
    };
    const QJsonObject ttfe = json.value(QStringLiteral("ttfe_ms")).toObject();
    const QJsonObject latency = json.value(QStringLiteral("latency_ms")).toObject();
    const auto num
        = [](const QJsonObject &o, const char *k) { return o.value(QLatin1String(k)).toDouble(); };
    std::printf("streams held      %d at once, %d at the end, %lld opened\n", result.streamsPeak,
        result.streamsHeld, qlonglong(result.runs));
    std::printf("events            %lld in %.2f s = %.0f events/s\n", qlonglong(result.events),
        result.seconds, eventsPerS);
    std::printf("time to 1st event p50 %.3f ms, p99 %.3f ms, max %.3f ms\n", num(ttfe, "p50"),
        num(ttfe, "p99"), num(ttfe, "max"));
    std::printf("latency           p50 %.3f ms, p99 %.3f ms, max %.3f ms (%zu stamped)\n",
        num(latency, "p50"), num(latency, "p99"), num(latency, "max"), result.latencyUs.size());
    std::printf("errors            %lld\n", qlonglong(result.errors));
    if (options.serverPid > 0)
        std::printf("server            peak RSS %lld KiB (%lld at start), CPU %.2f s\n",
            qlonglong(result.serverRssPeakKib), qlonglong(result.serverRssStartKib),
            result.serverCpuS);
    std::printf("client CPU        %.2f s\n", result.clientCpuS);
    std::printf("stolen CPU        %.2f %% of the machine's (hypervisor)\n", result.stealPercent);
    if (parser.isSet(QStringLiteral("json")))
        std::printf("%s\n", QJsonDocument(json).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
    return 0;
}
