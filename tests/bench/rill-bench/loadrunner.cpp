#include "loadrunner.h"

#include <QFile>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <utility>

namespace rillbench {

namespace {

int64_t clockUs(clockid_t clock)
{
    timespec ts {};
    clock_gettime(clock, &ts);
    return int64_t(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}

int64_t monotonicUs()
{
    return clockUs(CLOCK_MONOTONIC);
}
int64_t wallUs()
{
    return clockUs(CLOCK_REALTIME);
}

// "VmRSS:    1234 kB" from /proc/<pid>/status.
qint64 procStatusKib(int pid, QByteArrayView field)
{
    QFile file(QStringLiteral("/proc/%1/status").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray text = file.readAll();
    const qsizetype at = text.indexOf(field);
    if (at < 0)
        return 0;
    const qsizetype end = text.indexOf('\n', at);
    return text.mid(at + field.size(), end - at - field.size())
        .trimmed()
        .split(' ')[0]
        .toLongLong();
}

// utime + stime of a process, in seconds.
double procCpuS(int pid)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray text = file.readAll();
    // Fields after the command name, which is in parentheses and may hold spaces.
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return 0;
    return double(fields[11].toLongLong() + fields[12].toLongLong()) / sysconf(_SC_CLK_TCK);
}

double ownCpuS()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec
        + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// The machine's CPU time stolen by the hypervisor, and all its CPU time, in clock ticks
// (/proc/stat: user nice system idle iowait irq softirq steal).
std::pair<qint64, qint64> stealAndTotalTicks()
{
    QFile file(QStringLiteral("/proc/stat"));
    if (!file.open(QIODevice::ReadOnly))
        return { 0, 0 };
    const QList<QByteArray> fields = file.readLine().simplified().split(' ');
    if (fields.size() < 9 || fields[0] != "cpu")
        return { 0, 0 };
    qint64 total = 0;
    for (int i = 1; i <= 8; ++i)
        total += fields[i].toLongLong();
    return { fields[8].toLongLong(), total };
}

// The integer after "sentUs": in an event's JSON, or -1.
int64_t sentUsOf(const QString &data)
{
    static const QString key = QStringLiteral("\"sentUs\":");
    const qsizetype at = data.indexOf(key);
    if (at < 0)
        return -1;
    int64_t value = 0;
    bool any = false;
    for (qsizetype i = at + key.size(); i < data.size() && data[i].isDigit(); ++i) {
        value = value * 10 + data[i].digitValue();
        any = true;
    }
    return any ? value : -1;
}

} // namespace

LoadRunner::LoadRunner(LoadOptions options)
    : m_options(std::move(options))
    , m_epoll(epoll_create1(EPOLL_CLOEXEC))
    , m_streams(size_t(m_options.streams))
{
    // Growing the vector mid-run copies it and faults in new pages, a pause of
    // up to a millisecond in which no socket is read: the events waiting then
    // would count as the server's latency. The reserve is only address space
    // until used.
    m_result.latencyUs.reserve(size_t(1) << 23);
}

LoadRunner::~LoadRunner()
{
    for (int i = 0; i < int(m_streams.size()); ++i) {
        if (m_streams[size_t(i)].fd >= 0)
            ::close(m_streams[size_t(i)].fd);
    }
    ::close(m_epoll);
}

void LoadRunner::open(int index)
{
    Stream &stream = m_streams[size_t(index)];
    stream = Stream {};
    stream.openedUs = monotonicUs();
    stream.fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (stream.fd < 0) {
        ++m_result.errors;
        m_retryAt.emplace_back(monotonicUs() + 100000, index);
        return;
    }
    const int one = 1;
    setsockopt(stream.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ++m_result.runs;
    ++m_connecting;
    const int rc = connect(stream.fd, reinterpret_cast<const sockaddr *>(&m_options.address),
        sizeof m_options.address);
    if (rc < 0 && errno != EINPROGRESS) {
        close(index, true);
        return;
    }
    epoll_event event {};
    event.events = EPOLLOUT | EPOLLIN;
    event.data.u32 = uint32_t(index);
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, stream.fd, &event);
}

void LoadRunner::close(int index, bool failed)
{
    Stream &stream = m_streams[size_t(index)];
    if (stream.fd < 0)
        return;
    epoll_ctl(m_epoll, EPOLL_CTL_DEL, stream.fd, nullptr);
    ::close(stream.fd);
    stream.fd = -1;
    if (stream.response.state() == HttpResponseReader::State::Head)
        --m_connecting;
    else if (stream.response.status() == 200)
        --m_held;
    if (m_stopping)
        return;
    if (failed) {
        ++m_result.errors;
        // Not at once: a server that refuses would make this spin.
        m_retryAt.emplace_back(monotonicUs() + 100000, index);
    } else {
        m_waiting.push_front(index); // a stream that ended is opened again at once
    }
}

void LoadRunner::onWritable(int index)
{
    Stream &stream = m_streams[size_t(index)];
    if (!stream.connected) {
        int error = 0;
        socklen_t length = sizeof error;
        getsockopt(stream.fd, SOL_SOCKET, SO_ERROR, &error, &length);
        if (error != 0) {
            close(index, true);
            return;
        }
        stream.connected = true;
    }
    const QByteArray &request = m_options.request;
    while (stream.requestSent < request.size()) {
        const ssize_t n = ::send(stream.fd, request.constData() + stream.requestSent,
            size_t(request.size() - stream.requestSent), MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EAGAIN)
                return;
            close(index, true);
            return;
        }
        stream.requestSent += n;
    }
    epoll_event event {};
    event.events = EPOLLIN;
    event.data.u32 = uint32_t(index);
    epoll_ctl(m_epoll, EPOLL_CTL_MOD, stream.fd, &event);
}

void LoadRunner::onReadable(int index)
{
    static char buffer[256 * 1024];
    Stream &stream = m_streams[size_t(index)];
    QByteArray body;
    for (;;) {
        const ssize_t n = ::recv(stream.fd, buffer, sizeof buffer, 0);
        if (n < 0 && errno == EAGAIN)
            return;
        if (n <= 0) { // closed by the server, or reset
            const bool complete = n == 0 && stream.response.status() == 200 && stream.sawDone;
            close(index, !complete);
            return;
        }
        const int64_t readUs = wallUs();
        m_result.bytes += n;
        const auto before = stream.response.state();
        body.clear();
        const auto state = stream.response.feed(QByteArrayView(buffer, n), body);
        if (before == HttpResponseReader::State::Head && state != before) {
            --m_connecting;
            if (stream.response.status() == 200) {
                ++m_held;
                m_result.streamsPeak = qMax(m_result.streamsPeak, m_held);
            }
        }
        if (state == HttpResponseReader::State::Failed || stream.response.status() >= 300
            || (state != HttpResponseReader::State::Head && stream.response.status() < 200)) {
            close(index, true);
            return;
        }
        if (!body.isEmpty())
            handleBody(stream, body, readUs);
        if (state == HttpResponseReader::State::Done) { // a framed body ended: the stream is over
            stream.parser.finish();
            close(index, !stream.sawDone);
            return;
        }
    }
}

void LoadRunner::handleBody(Stream &stream, const QByteArray &body, int64_t readUs)
{
    const QList<rill::SseEvent> events = stream.parser.feed(body);
    for (const rill::SseEvent &event : events) {
        ++m_result.events;
        if (!stream.gotFirstEvent) {
            stream.gotFirstEvent = true;
            m_result.ttfeUs.push_back(monotonicUs() - stream.openedUs);
        }
        const int64_t sent = sentUsOf(event.data);
        if (sent > 0)
            m_result.latencyUs.push_back(readUs - sent);
        if (event.data.startsWith(QLatin1String("{\"type\":\"done\"")))
            stream.sawDone = true;
    }
}

void LoadRunner::sampleServer()
{
    if (m_options.serverPid > 0) {
        m_result.serverRssPeakKib
            = qMax(m_result.serverRssPeakKib, procStatusKib(m_options.serverPid, "VmRSS:"));
    }
}

LoadResult LoadRunner::run()
{
    if (m_options.serverPid > 0) {
        m_result.serverRssStartKib = procStatusKib(m_options.serverPid, "VmRSS:");
        m_result.serverCpuS = -procCpuS(m_options.serverPid);
    }
    m_result.clientCpuS = -ownCpuS();
    const auto [stealBefore, totalBefore] = stealAndTotalTicks();
    for (int i = 0; i < m_options.streams; ++i)
        m_waiting.push_back(i);
    const int64_t start = monotonicUs();
    const int64_t end = start + int64_t(m_options.durationS * 1e6);
    int64_t nextSample = start;
    std::vector<epoll_event> ready(1024);
    for (;;) {
        const int64_t now = monotonicUs();
        if (now >= end)
            break;
        while (!m_retryAt.empty() && m_retryAt.front().first <= now) {
            m_waiting.push_back(m_retryAt.front().second);
            m_retryAt.pop_front();
        }
        while (!m_waiting.empty() && m_connecting < m_options.maxConnecting) {
            const int index = m_waiting.front();
            m_waiting.pop_front();
            open(index);
        }
        if (now >= nextSample) {
            sampleServer();
            nextSample = now + 500000;
        }
        const int timeoutMs = m_options.busyPoll
            ? 0
            : int(std::clamp<int64_t>((std::min(end, nextSample) - now) / 1000, 0, 100));
        const int n = epoll_wait(m_epoll, ready.data(), int(ready.size()), timeoutMs);
        for (int i = 0; i < n; ++i) {
            const int index = int(ready[size_t(i)].data.u32);
            if (m_streams[size_t(index)].fd < 0)
                continue;
            const uint32_t flags = ready[size_t(i)].events;
            if (flags & EPOLLOUT)
                onWritable(index);
            if ((flags & (EPOLLIN | EPOLLHUP | EPOLLERR)) && m_streams[size_t(index)].fd >= 0)
                onReadable(index);
        }
    }
    m_result.seconds = double(monotonicUs() - start) / 1e6;
    m_result.streamsHeld = m_held;
    sampleServer();
    if (m_options.serverPid > 0) {
        m_result.serverRssPeakKib
            = qMax(m_result.serverRssPeakKib, procStatusKib(m_options.serverPid, "VmHWM:"));
        m_result.serverCpuS += procCpuS(m_options.serverPid);
    }
    m_result.clientCpuS += ownCpuS();
    const auto [stealAfter, totalAfter] = stealAndTotalTicks();
    if (totalAfter > totalBefore)
        m_result.stealPercent
            = 100.0 * double(stealAfter - stealBefore) / double(totalAfter - totalBefore);
    m_stopping = true;
    for (int i = 0; i < int(m_streams.size()); ++i)
        close(i, false);
    return m_result;
}

} // namespace rillbench
