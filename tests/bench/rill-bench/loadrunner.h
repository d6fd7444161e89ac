#pragma once

#include "httpresponsereader.h"
#include "server/protocol/sseparser.h"

#include <QByteArray>

#include <cstdint>
#include <deque>
#include <netinet/in.h>
#include <vector>

namespace rillbench {

struct LoadOptions
{
    sockaddr_in address {};
    QByteArray request; // the whole HTTP request, sent on every (re)connect
    int streams = 1;
    double durationS = 10;
    int maxConnecting = 64; // streams being set up at once (a listen backlog is small)
    int serverPid = 0; // 0: no server memory figures
    bool busyPoll = false; // epoll_wait never sleeps
};

struct LoadResult
{
    int streamsHeld = 0; // open with a 200 answer when the time was up
    int streamsPeak = 0;
    qint64 runs = 0; // streams opened
    qint64 events = 0;
    qint64 bytes = 0;
    qint64 errors = 0;
    double seconds = 0;
    std::vector<int64_t> ttfeUs; // connect to first event, per stream
    std::vector<int64_t> latencyUs; // client read minus the event's sentUs
    qint64 serverRssStartKib = 0;
    qint64 serverRssPeakKib = 0;
    double serverCpuS = 0;
    double clientCpuS = 0;
    // Of all the machine's CPU time during the run, the share its hypervisor gave to
    // others (a virtual CPU waiting for a real one: any event in flight waits too).
    double stealPercent = 0;
};

// Keeps `streams` SSE streams open against one server with non-blocking
// sockets and epoll, opening a stream again as soon as one ends. One thread;
// every read is timestamped once and its events parsed with Rill's SseParser.
class LoadRunner
{
public:
    explicit LoadRunner(LoadOptions options);
    ~LoadRunner();

    LoadResult run();

private:
    struct Stream
    {
        int fd = -1;
        bool connected = false;
        qsizetype requestSent = 0;
        HttpResponseReader response;
        rill::SseParser parser;
        int64_t openedUs = 0; // monotonic
        bool gotFirstEvent = false;
        bool sawDone = false;
    };

    void open(int index);
    void close(int index, bool failed);
    void onWritable(int index);
    void onReadable(int index);
    void handleBody(Stream &stream, const QByteArray &body, int64_t readUs);
    void sampleServer();

    LoadOptions m_options;
    int m_epoll = -1;
    std::vector<Stream> m_streams;
    std::deque<int> m_waiting; // indices to open, in order
    std::deque<std::pair<int64_t, int>> m_retryAt; // (monotonic µs, index) after an error
    int m_connecting = 0;
    int m_held = 0;
    bool m_stopping = false;
    LoadResult m_result;
};

} // namespace rillbench
