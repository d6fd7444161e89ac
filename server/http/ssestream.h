#pragma once

#include "server/http/httpreply.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHttpServerResponder>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <chrono>

namespace rill {

class SseHeartbeats;

// A stream's place in its heartbeat group. It leaves the group when it is
// destroyed at the latest, so a group can never hold a stream that is gone.
class HeartbeatMembership
{
public:
    explicit HeartbeatMembership(class SseStream *stream)
        : m_stream(stream)
    { }
    ~HeartbeatMembership() { leave(); }
    HeartbeatMembership(const HeartbeatMembership &) = delete;
    HeartbeatMembership &operator=(const HeartbeatMembership &) = delete;

    void join();
    void leave();

private:
    SseStream *m_stream;
    bool m_joined = false;
};

// One open text/event-stream response. It owns its connection: every byte of
// the response, head included, is written here and nowhere else, and flushed at
// once, so an event is on the wire the moment it is sent. HTTP/1.1 clients get
// the body chunked, one chunk per event (a client that reads a close-delimited
// body in fixed-size pieces would otherwise see events late and in pairs);
// HTTP/1.0 clients get it close-delimited. A comment heartbeat keeps idle
// connections (and proxies) alive.
class SseStream : public QObject
{
    Q_OBJECT
public:
    // Takes over the connection of `responder`, which must not have written anything.
    // A client that lets more than `maxUnsentBytes` pile up unread is dropped.
    SseStream(QHttpServerResponder &&responder, std::chrono::milliseconds heartbeat,
        qint64 maxUnsentBytes = 1024 * 1024, QObject *parent = nullptr);
    ~SseStream() override;

    bool isOpen() const;
    bool isChunked() const { return m_chunked; }
    qint64 bytesWritten() const { return m_bytesWritten; }

public slots:
    // Sends the status line, headers and the reconnection time the client
    // should wait after a drop; nothing reaches the client before this.
    void open(std::chrono::milliseconds retry, const rill::HttpHeaders &extraHeaders = {});
    // Sends already encoded event bytes (see SseEncoder).
    void send(const QByteArray &encodedEvent);
    // Ends the response: pending bytes are flushed, then the connection closes.
    void close();

signals:
    // The client went away before close(): the run behind the stream should stop.
    void clientDisconnected();
    // The client read too slowly: `unsent` bytes were waiting. clientDisconnected follows.
    void slowReaderDropped(qint64 unsent);

private:
    void writeBody(const QByteArray &bytes);
    void write(const QByteArray &bytes);
    void onDisconnected();
    void onHeartbeatDue();

    QHttpServerResponder m_responder;
    QPointer<QTcpSocket> m_socket;
    friend class SseHeartbeats; // calls onHeartbeatDue()
    friend class HeartbeatMembership;
    std::chrono::milliseconds m_heartbeatInterval;
    HeartbeatMembership m_heartbeat { this };
    QElapsedTimer m_sinceWrite;
    qint64 m_maxUnsent;
    qint64 m_bytesWritten = 0;
    bool m_closed = false;
    bool m_opened = false;
    bool m_chunked = false;
    bool m_rawWrites = false; // see write()
};

} // namespace rill
