#include "server/http/ssestream.h"

#include "server/http/connectionguard.h"
#include "server/protocol/sseencoder.h"

#include <QLoggingCategory>
#include <QSet>

#include <map>
#include <memory>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#endif

Q_LOGGING_CATEGORY(lcStream, "rill.http.stream")

namespace rill {

// The heartbeats of all streams with the same interval, on one timer. A timer
// per stream is cheap to have but not to run: each restart is a search
// through the event loop's timer list, which with 10 000 idle streams was
// most of the server's CPU. The timer ticks every quarter interval and pings
// the streams silent for a whole one, so a ping comes after 1 to 1.25
// intervals of silence.
class SseHeartbeats : public QObject
{
public:
    static void join(SseStream *stream)
    {
        std::unique_ptr<SseHeartbeats> &group = groups()[stream->m_heartbeatInterval.count()];
        if (!group)
            group.reset(new SseHeartbeats(stream->m_heartbeatInterval));
        group->m_streams.insert(stream);
        if (!group->m_timer.isActive())
            group->m_timer.start();
    }

    static void leave(SseStream *stream)
    {
        auto &all = groups();
        const auto it = all.find(stream->m_heartbeatInterval.count());
        if (it == all.end() || !it->second->m_streams.remove(stream))
            return;
        // An empty group stays (there is one per interval in use), idle.
        if (it->second->m_streams.isEmpty())
            it->second->m_timer.stop();
    }

private:
    explicit SseHeartbeats(std::chrono::milliseconds interval)
    {
        m_timer.setInterval(std::max(interval / 4, std::chrono::milliseconds(1)));
        connect(&m_timer, &QTimer::timeout, this, &SseHeartbeats::tick);
    }

    static std::map<qint64, std::unique_ptr<SseHeartbeats>> &groups()
    {
        // Per thread: a stream's timer must live in the stream's thread.
        thread_local std::map<qint64, std::unique_ptr<SseHeartbeats>> all;
        return all;
    }

    void tick()
    {
        // A ping may end a stream (a dead peer), which then leaves the group.
        const QList<SseStream *> streams = m_streams.values();
        for (SseStream *stream : streams) {
            if (m_streams.contains(stream))
                stream->onHeartbeatDue();
        }
    }

    QTimer m_timer;
    QSet<SseStream *> m_streams;
};

void HeartbeatMembership::join()
{
    if (m_joined)
        return;
    m_joined = true;
    SseHeartbeats::join(m_stream);
}

void HeartbeatMembership::leave()
{
    if (!m_joined)
        return;
    m_joined = false;
    SseHeartbeats::leave(m_stream);
}

SseStream::SseStream(QHttpServerResponder &&responder, std::chrono::milliseconds heartbeat,
    qint64 maxUnsentBytes, QObject *parent)
    : QObject(parent)
    , m_responder(std::move(responder))
    , m_socket(m_responder.socket())
    , m_heartbeatInterval(heartbeat)
    , m_maxUnsent(maxUnsentBytes)
{
    const RequestHead *request = ConnectionGuards::currentHead(m_socket);
    m_chunked = request && request->minorVersion >= 1;
    // Events are small writes: without TCP_NODELAY, Nagle's algorithm holds each
    // one back until the previous is acknowledged (up to the peer's delayed ACK, 40 ms).
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    // Never for TLS: a QSslSocket's descriptor carries encrypted records only.
    m_rawWrites = !m_socket->inherits("QSslSocket");
    connect(m_socket, &QTcpSocket::disconnected, this, &SseStream::onDisconnected);
    // From here on this connection carries this one response. QHttpServer would
    // parse anything else the client sends as a new request and answer it in
    // the middle of the stream.
    if (RequestGuard *guard = ConnectionGuards::of(m_socket))
        guard->handOver();
    detachFromHttpServer(m_socket, this);
}

SseStream::~SseStream()
{
    // Never leave a half-open response behind (e.g. when the server shuts down).
    close();
}

bool SseStream::isOpen() const
{
    return !m_closed && m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}

void SseStream::open(std::chrono::milliseconds retry, const HttpHeaders &extraHeaders)
{
    if (!isOpen() || m_opened)
        return;
    m_opened = true;
    // The connection ends with the stream: QHttpServer 6.4 cannot take a
    // connection back once a response has outlived its handler.
    QByteArray head = "HTTP/1.1 200 OK\r\n"
                      "Content-Type: text/event-stream; charset=utf-8\r\n"
                      "Cache-Control: no-cache\r\n"
                      "X-Accel-Buffering: no\r\n"
                      "Connection: close\r\n";
    if (m_chunked)
        head += "Transfer-Encoding: chunked\r\n";
    for (const auto &[name, value] : extraHeaders)
        head += name + ": " + value + "\r\n";
    head += "\r\n";
    write(head);
    // No data after the retry field: clients take the time and dispatch nothing.
    writeBody("retry: " + QByteArray::number(qint64(retry.count())) + "\n\n");
    m_bytesWritten = 0; // the events' bytes only
    // Only a stream that is still open may wait for pings: the head's write
    // may already have found the peer gone.
    if (isOpen())
        m_heartbeat.join();
}

void SseStream::send(const QByteArray &encodedEvent)
{
    writeBody(encodedEvent);
}

void SseStream::writeBody(const QByteArray &bytes)
{
    if (!m_chunked) {
        write(bytes);
        return;
    }
    // One chunk per event, written with one call, so it leaves in one send().
    write(QByteArray::number(bytes.size(), 16) + "\r\n" + bytes + "\r\n");
}

void SseStream::write(const QByteArray &bytes)
{
    if (!isOpen())
        return;
    qint64 sent = 0;
#ifdef Q_OS_UNIX
    // While nothing is queued in Qt's buffer, the bytes go straight to the
    // kernel: QAbstractSocket would copy them into a 32 KiB buffer it then keeps
    // for the connection's life (most of an idle stream's memory) and toggle
    // its write notifier twice per event. Errors and partial writes fall back to
    // Qt, which queues the rest in order and reports a dead peer as usual.
    if (m_rawWrites && m_socket->bytesToWrite() == 0) {
        const ssize_t n = ::send(int(m_socket->socketDescriptor()), bytes.constData(),
            size_t(bytes.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0)
            sent = n;
    }
#endif
    if (sent < bytes.size()) {
        m_socket->write(bytes.constData() + sent, bytes.size() - sent);
        m_socket->flush();
        if (!isOpen())
            return; // the flush found the peer gone (onDisconnected ran)
    }
    m_bytesWritten += bytes.size();
    // What the kernel would not take stays in the socket's buffer, which has
    // no bound of its own: a client that stops reading must not grow it forever.
    if (const qint64 unsent = m_socket->bytesToWrite(); unsent > m_maxUnsent) {
        qCWarning(lcStream).nospace()
            << "dropping a client that reads too slowly: " << unsent << " bytes unsent (limit "
            << m_maxUnsent << "), peer " << m_socket->peerAddress().toString();
        emit slowReaderDropped(unsent);
        m_socket->abort();
        onDisconnected();
        return;
    }
    m_sinceWrite.start(); // a heartbeat is only due after silence
}

void SseStream::onHeartbeatDue()
{
    if (std::chrono::milliseconds(m_sinceWrite.elapsed()) >= m_heartbeatInterval)
        writeBody(SseEncoder::comment("ping"));
}

void SseStream::close()
{
    if (m_closed)
        return;
    if (m_chunked && m_opened)
        write("0\r\n\r\n"); // the last chunk: the body ended, it was not cut
    m_closed = true;
    m_heartbeat.leave();
    if (m_socket) {
        disconnect(m_socket, nullptr, this, nullptr);
        m_socket->disconnectFromHost();
    }
}

void SseStream::onDisconnected()
{
    if (m_closed)
        return;
    m_closed = true;
    m_heartbeat.leave();
    emit clientDisconnected();
}

} // namespace rill
