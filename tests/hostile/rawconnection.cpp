#include "rawconnection.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QList>
#include <QString>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace hostile {

RawConnection::RawConnection(quint16 port, int receiveBuffer)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return;
    if (receiveBuffer > 0)
        ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receiveBuffer, sizeof receiveBuffer);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    // On loopback the kernel completes this from the listen backlog, without
    // the server's event loop.
    if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
        ::close(fd);
        return;
    }
    m_socket.setSocketDescriptor(fd);
    if (receiveBuffer > 0)
        m_socket.setReadBufferSize(receiveBuffer);
}

bool RawConnection::send(const QByteArray &bytes)
{
    if (!isConnected())
        return false;
    m_socket.write(bytes);
    while (m_socket.bytesToWrite() > 0 && m_socket.flush()) { }
    return m_socket.bytesToWrite() == 0;
}

void RawConnection::reset()
{
    if (!isConnected())
        return;
    const linger hard { 1, 0 };
    ::setsockopt(int(m_socket.socketDescriptor()), SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    m_socket.abort();
}

QByteArray RawConnection::readUntil(const QByteArray &needle, int timeoutMs)
{
    m_socket.setReadBufferSize(0); // slow until now; from here on it reads at once
    const auto done = [&] {
        m_read += m_socket.readAll();
        if (m_socket.state() != QAbstractSocket::ConnectedState && m_socket.bytesAvailable() == 0)
            m_peerClosed = true;
        return m_peerClosed || (!needle.isEmpty() && m_read.contains(needle));
    };
    // A server in this thread and a receive window of a few KiB make thousands of round trips.
    pumpUntil(done, timeoutMs);
    return m_read;
}

QByteArray RawConnection::readUntilClosed(int timeoutMs)
{
    return readUntil({}, timeoutMs);
}

bool pumpUntil(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    while (!done()) {
        if (clock.elapsed() >= timeoutMs)
            return false;
        QCoreApplication::processEvents();
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    }
    return true;
}

QList<QByteArray> dechunk(const QByteArray &body, QString *error, bool *complete)
{
    QList<QByteArray> chunks;
    qsizetype at = 0;
    if (complete)
        *complete = false;
    while (at < body.size()) {
        const qsizetype lineEnd = body.indexOf("\r\n", at);
        if (lineEnd < 0) {
            *error = QStringLiteral("a chunk size line without its end");
            return chunks;
        }
        bool ok = false;
        const QByteArray sizeLine = body.mid(at, lineEnd - at);
        const qsizetype size = sizeLine.toLongLong(&ok, 16);
        if (!ok || sizeLine.isEmpty()) {
            *error = QStringLiteral("bad chunk size line \"%1\" at byte %2")
                         .arg(QString::fromLatin1(sizeLine.left(30).toPercentEncoding()))
                         .arg(at);
            return chunks;
        }
        at = lineEnd + 2;
        if (size == 0) {
            if (body.mid(at) != "\r\n")
                *error = QStringLiteral("bytes after the last chunk");
            else if (complete)
                *complete = true;
            return chunks;
        }
        if (body.size() < at + size + 2 || body.mid(at + size, 2) != "\r\n") {
            *error
                = QStringLiteral("a chunk of %1 bytes cut short or not ending in CRLF").arg(size);
            return chunks;
        }
        chunks.append(body.mid(at, size));
        at += size + 2;
    }
    return chunks;
}

} // namespace hostile
