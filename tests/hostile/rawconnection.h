// A client connection for what QTcpSocket alone cannot do: a reset instead of
// a close, a tiny receive buffer set before connecting (and a reader that then
// takes no more than that). It waits in the event loop, so a server in the same
// thread keeps running. Loopback only; every wait is bounded by a timeout.
#pragma once

#include <QByteArray>
#include <QTcpSocket>

#include <functional>

namespace hostile {

class RawConnection
{
public:
    // Connects to 127.0.0.1:`port`; `receiveBuffer` > 0 sets SO_RCVBUF first and
    // keeps this side from reading ahead of it.
    explicit RawConnection(quint16 port, int receiveBuffer = 0);
    RawConnection(const RawConnection &) = delete;
    RawConnection &operator=(const RawConnection &) = delete;

    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    bool send(const QByteArray &bytes);
    // Closes with SO_LINGER 0: the peer gets a TCP reset, not a FIN.
    void reset();
    // Reads until the server closes or `timeoutMs` passes with nothing new.
    QByteArray readUntilClosed(int timeoutMs = 5000);
    // Reads until `bytes` contains `needle` (or the close, or the timeout). A
    // small receive buffer holds back only what comes before the first read.
    QByteArray readUntil(const QByteArray &needle, int timeoutMs = 5000);
    bool closedByPeer() const { return m_peerClosed; }

private:
    QTcpSocket m_socket;
    bool m_peerClosed = false;
    QByteArray m_read;
};

// Runs the event loop until `done` holds or `timeoutMs` passes, without the
// naps of QTest::qWaitFor (a server in this thread answers in microseconds).
bool pumpUntil(const std::function<bool()> &done, int timeoutMs);

// The payloads of a chunked body, strictly framed; sets `error` when it is not.
QList<QByteArray> dechunk(const QByteArray &body, QString *error, bool *complete = nullptr);

} // namespace hostile
