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

// One open text/event-stream response. Every write goes to the socket and is
// flushed at once, so an event is on the wire the moment it is sent; a comment
// heartbeat keeps idle connections (and proxies) alive.
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
    void write(const QByteArray &bytes);
    void onDisconnected();
    void onHeartbeatDue();

    QHttpServerResponder m_responder;
    QPointer<QTcpSocket> m_socket;
    friend class SseHeartbeats; // calls onHeartbeatDue()
    std::chrono::milliseconds m_heartbeatInterval;
    QElapsedTimer m_sinceWrite;
    qint64 m_maxUnsent;
    qint64 m_bytesWritten = 0;
    bool m_closed = false;
    bool m_rawWrites = false; // see write()
};

} // namespace rill
