// sendfloor: the fastest an SSE server can be on this machine while it writes every event
// with its own send(), the rule Rill streams by. It does nothing else: the events of the
// demo agent (the node and FastAPI peers' script, same sizes) are formatted once, and per
// event only the sequence number and the sentUs stamp are filled in before the send().
// No JSON, no ids, no time stamps, no resume buffer, no HTTP parsing beyond the blank
// line, no event loop but one epoll: what it reaches is the kernel's cost of one send()
// on loopback, the floor under any server's throughput (docs/benchmarks.md).
//
//   sendfloor [--port N] [--steps N] [--payload BYTES]
//
// Prints `LISTENING <port>`; binds 127.0.0.1; each stream is answered with the whole
// script, one event per pass over the streams (as the other servers' step delay 0 does),
// then closed. Ends with its parent (PR_SET_PDEATHSIG).
#include <arpa/inet.h>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <unordered_map>
#include <vector>

namespace {

struct Options
{
    int port = 0;
    int steps = 3;
    int payload = 0;
};

// One event, split where the per-event numbers go: `before` + seq + `middle` + sentUs + `after`.
struct Frame
{
    std::string before;
    std::string middle;
    std::string after;
};

std::string repeat(char c, int count)
{
    return std::string(size_t(count > 0 ? count : 0), c);
}

std::vector<Frame> script(const Options &options)
{
    static const char *const plan[] = { "下载歌曲", "分析歌曲", "解析参数" };
    static const char *const running[] = { "正在下载歌曲…", "正在分析歌曲…", "正在解析参数…" };
    static const char *const done[]
        = { "已下载《随机推荐》（5:58）", "节奏 137 BPM，E 调", "音量 85%，均衡器：流行" };
    const std::string pad = repeat('x', options.payload);
    const std::string session = "floor-0123456789abcdef";
    std::vector<Frame> frames;
    const auto add = [&](const std::string &type, const std::string &content,
                         const std::string &status, const std::string &extra) {
        // Shaped and sized like the other servers' events (a 36-character id, a time stamp).
        Frame frame;
        frame.before = "id: " + session + ":";
        frame.middle = "\ndata: {\"type\":\"" + type
            + "\",\"id\":\"0e6f5a52-8c8e-4b43-9d55-6a1f1e7b9c20\",\"sessionId\":\"" + session
            + "\",\"timestamp\":\"2026-12-02T00:00:00.000Z\",\"content\":\"" + content
            + "\",\"status\":" + status + ",\"sentUs\":";
        frame.after = extra + "}\n\n";
        frames.push_back(std::move(frame));
    };
    add("assistant", "请问您想听什么曲子？", "200", "");
    for (int s = 1; s <= options.steps; ++s)
        add("planning", std::to_string(s) + ". " + plan[(s - 1) % 3] + pad, "null",
            ",\"step\":" + std::to_string(s));
    for (int s = 1; s <= options.steps; ++s) {
        add("step", running[(s - 1) % 3] + pad, "null",
            ",\"state\":\"running\",\"step\":" + std::to_string(s));
        add("step", done[(s - 1) % 3] + pad, "null",
            ",\"state\":\"done\",\"step\":" + std::to_string(s));
    }
    add("assistant",
        "**《随机推荐》** 已准备好：\\n\\n- 时长 5:58\\n- 节奏 137 BPM，E 调\\n- 音量 85%，"
        "均衡器：流行\\n\\n祝您聆听愉快！",
        "200", "");
    add("done", "完成", "null", "");
    return frames;
}

long long wallClockUs()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

struct Stream
{
    std::string head; // the request head read so far
    bool answering = false;
    size_t next = 0; // the next frame
    std::string pending; // the part of an event the kernel did not take yet
};

class Server
{
public:
    explicit Server(Options options)
        : m_options(options)
        , m_frames(script(options))
    { }

    int listen()
    {
        m_listener = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        const int on = 1;
        ::setsockopt(m_listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_port = htons(uint16_t(m_options.port));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::bind(m_listener, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0
            || ::listen(m_listener, 2048) != 0) {
            std::perror("sendfloor: listen");
            return -1;
        }
        socklen_t length = sizeof address;
        ::getsockname(m_listener, reinterpret_cast<sockaddr *>(&address), &length);
        m_epoll = ::epoll_create1(EPOLL_CLOEXEC);
        watch(m_listener, EPOLLIN);
        return ntohs(address.sin_port);
    }

    [[noreturn]] void run()
    {
        std::vector<epoll_event> ready(512);
        for (;;) {
            // Streams with events left are served without waiting; otherwise sleep.
            const int count = ::epoll_wait(
                m_epoll, ready.data(), int(ready.size()), m_active.empty() ? 500 : 0);
            for (int i = 0; i < count; ++i) {
                const int fd = ready[size_t(i)].data.fd;
                if (fd == m_listener)
                    acceptAll();
                else
                    onReady(fd, ready[size_t(i)].events);
            }
            servePass();
        }
    }

private:
    void watch(int fd, uint32_t events, int op = EPOLL_CTL_ADD)
    {
        epoll_event event {};
        event.events = events;
        event.data.fd = fd;
        ::epoll_ctl(m_epoll, op, fd, &event);
    }

    void acceptAll()
    {
        for (;;) {
            const int fd = ::accept4(m_listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0)
                return;
            const int on = 1;
            ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
            m_streams[fd] = Stream {};
            watch(fd, EPOLLIN);
        }
    }

    void onReady(int fd, uint32_t events)
    {
        auto found = m_streams.find(fd);
        if (found == m_streams.end())
            return;
        Stream &stream = found->second;
        if (events & (EPOLLHUP | EPOLLERR)) {
            drop(fd);
            return;
        }
        if (events & EPOLLOUT) { // the kernel has room again
            watch(fd, EPOLLIN, EPOLL_CTL_MOD);
            m_active.push_back(fd);
        }
        if (!(events & EPOLLIN))
            return;
        char buffer[4096];
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) {
            if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
                drop(fd);
            return;
        }
        if (stream.answering)
            return; // a request body: not used
        stream.head.append(buffer, size_t(n));
        if (stream.head.find("\r\n\r\n") == std::string::npos)
            return;
        stream.answering = true;
        stream.pending = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
                         "Cache-Control: no-cache\r\nConnection: close\r\n\r\nretry: 1000\n\n";
        m_active.push_back(fd);
    }

    // One event (or what was left of one) for every stream with events to send.
    void servePass()
    {
        m_passing.swap(m_active); // both keep their capacity from pass to pass
        m_active.clear();
        for (const int fd : m_passing) {
            auto found = m_streams.find(fd);
            if (found == m_streams.end())
                continue;
            Stream &stream = found->second;
            if (stream.pending.empty()) {
                format(stream.pending, m_frames[stream.next], stream.next + 1);
                ++stream.next;
            }
            const ssize_t sent
                = ::send(fd, stream.pending.data(), stream.pending.size(), MSG_NOSIGNAL);
            if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
                drop(fd);
                continue;
            }
            if (sent > 0)
                stream.pending.erase(0, size_t(sent));
            if (!stream.pending.empty()) { // full: wait until the kernel has room
                watch(fd, EPOLLIN | EPOLLOUT, EPOLL_CTL_MOD);
                continue;
            }
            if (stream.next == m_frames.size()) {
                drop(fd);
                continue;
            }
            m_active.push_back(fd);
        }
    }

    // The event into `out` (empty, its capacity kept from the last event): the frame's
    // fixed parts around the sequence number and the sentUs stamp.
    static void format(std::string &out, const Frame &frame, size_t seq)
    {
        char number[24];
        out.append(frame.before);
        out.append(number, size_t(std::to_chars(number, number + sizeof number, seq).ptr - number));
        out.append(frame.middle);
        out.append(number,
            size_t(std::to_chars(number, number + sizeof number, wallClockUs()).ptr - number));
        out.append(frame.after);
    }

    void drop(int fd)
    {
        ::close(fd); // also removes it from the epoll set
        m_streams.erase(fd);
    }

    Options m_options;
    std::vector<Frame> m_frames;
    int m_listener = -1;
    int m_epoll = -1;
    std::unordered_map<int, Stream> m_streams;
    std::vector<int> m_active; // streams with an event to send in the next pass
    std::vector<int> m_passing; // those of the pass under way
};

} // namespace

int main(int argc, char **argv)
{
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto next = [&]() {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "sendfloor: %s needs a value\n", arg.c_str());
                std::exit(2);
            }
            return std::atoi(argv[++i]);
        };
        if (arg == "--port")
            options.port = next();
        else if (arg == "--steps")
            options.steps = next();
        else if (arg == "--payload")
            options.payload = next();
        else if (arg == "--step-delay") {
            if (next() != 0) {
                std::fprintf(stderr, "sendfloor: only --step-delay 0 (it has no pace)\n");
                return 2;
            }
        } else if (arg == "--bench")
            continue; // sentUs is always stamped
        else {
            std::fprintf(stderr, "sendfloor: unknown option %s\n", arg.c_str());
            return 2;
        }
    }
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    std::signal(SIGPIPE, SIG_IGN);
    Server server(options);
    const int port = server.listen();
    if (port < 0)
        return 1;
    std::printf("LISTENING %d\n", port);
    std::fflush(stdout);
    server.run();
}
