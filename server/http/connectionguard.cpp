#include "server/http/connectionguard.h"

#include "server/http/httpreply.h"

#include <QTcpServer>

namespace rill {

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 408:
        return "Request Timeout";
    case 411:
        return "Length Required";
    case 413:
        return "Payload Too Large";
    case 431:
        return "Request Header Fields Too Large";
    default:
        return "Bad Request";
    }
}

// The value of header `name` among the head's lines, or a null array.
QByteArray headerValue(const QList<QByteArray> &lines, QByteArrayView name)
{
    for (const QByteArray &line : lines) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

} // namespace

RequestGuard::RequestGuard(QTcpSocket *socket, const RequestHeadLimits &limits)
    : QObject(socket)
    , m_socket(socket)
    , m_limits(limits)
{
    m_headTimer.setSingleShot(true);
    m_headTimer.setInterval(limits.headTimeout);
    connect(&m_headTimer, &QTimer::timeout, this,
        [this] { reject(408, QStringLiteral("the request head took too long to arrive")); });
    connect(socket, &QTcpSocket::readyRead, this, &RequestGuard::beforeServer);
}

void RequestGuard::connectAfterServer()
{
    if (!m_socket)
        return;
    connect(m_socket, &QTcpSocket::readyRead, this,
        [this] { m_unreadAfterServer = m_socket ? m_socket->bytesAvailable() : 0; });
}

void RequestGuard::beforeServer()
{
    if (!m_socket || m_state == State::Rejected)
        return;
    // QHttpServer reads greedily, so what is unread now is what it left last
    // time (already scanned) followed by what just arrived.
    const qint64 available = m_socket->bytesAvailable();
    const qint64 fresh = available - m_unreadAfterServer;
    if (fresh <= 0)
        return;
    scan(m_socket->peek(available).right(fresh));
}

void RequestGuard::scan(const QByteArray &bytes)
{
    qsizetype i = 0;
    while (i < bytes.size() && m_state != State::Rejected) {
        if (m_state == State::Body) {
            const qint64 take = std::min<qint64>(m_bodyLeft, bytes.size() - i);
            m_bodyLeft -= take;
            i += take;
            if (m_bodyLeft == 0)
                m_state = State::BetweenRequests;
            continue;
        }
        const char c = bytes.at(i++);
        if (m_state == State::BetweenRequests) {
            // QHttpServer skips blank space before a request line too.
            if (c == '\r' || c == '\n' || c == ' ' || c == '\t' || c == '\v') {
                if (++m_blankBytes > m_limits.maxHeadBytes) {
                    reject(400, QStringLiteral("blank lines instead of a request"));
                    return;
                }
                continue;
            }
            m_blankBytes = 0;
            m_state = State::Head;
            m_head.clear();
            m_lineStart = 0;
            m_lines = 0;
            m_headTimer.start();
        }
        m_head.append(c);
        if (m_head.size() > m_limits.maxHeadBytes) {
            reject(431,
                QStringLiteral("request line and headers too large (limit %1 bytes)")
                    .arg(m_limits.maxHeadBytes));
            return;
        }
        if (c == '\n' && !endOfLine())
            return;
    }
}

bool RequestGuard::endOfLine()
{
    // Exactly QHttpServer's rule: the head ends at a line that is "\r\n" or "\n".
    const QByteArrayView line = QByteArrayView(m_head).sliced(m_lineStart);
    m_lineStart = m_head.size();
    if (m_lines++ == 0)
        return requestLineValid(line);
    if (line == "\r\n" || line == "\n")
        return endOfHead();
    if (m_lines - 1 > m_limits.maxHeaders) {
        reject(431, QStringLiteral("too many header fields (limit %1)").arg(m_limits.maxHeaders));
        return false;
    }
    return true;
}

bool RequestGuard::requestLineValid(QByteArrayView line)
{
    // "METHOD SP target SP HTTP/d.d": QHttpServer drops the connection without
    // a word on anything it cannot split this way; a client deserves a reason.
    QList<QByteArray> parts;
    for (const QByteArray &part : line.toByteArray().trimmed().split(' ')) {
        if (!part.isEmpty())
            parts.append(part);
    }
    const bool valid = parts.size() == 3 && parts[2].size() == 8 && parts[2].startsWith("HTTP/1.");
    if (!valid)
        reject(400, QStringLiteral("malformed request line; expected \"METHOD /path HTTP/1.1\""));
    return valid;
}

bool RequestGuard::endOfHead()
{
    m_headTimer.stop();
    const QList<QByteArray> lines = m_head.split('\n').mid(1);
    // QHttpServer treats any Transfer-Encoding naming "chunked" as chunked.
    if (headerValue(lines, "transfer-encoding").toLower().contains("chunked")) {
        reject(411, QStringLiteral("chunked request bodies are not accepted; send Content-Length"));
        return false;
    }
    const QByteArray lengthField = headerValue(lines, "content-length");
    bool ok = false;
    const qint64 length = lengthField.toLongLong(&ok);
    if (!lengthField.isNull() && (!ok || length < 0)) {
        reject(400, QStringLiteral("Content-Length must be a whole number of bytes"));
        return false;
    }
    if (ok && length > m_limits.maxBodyBytes) {
        reject(413,
            QStringLiteral("request body too large (limit %1 bytes)").arg(m_limits.maxBodyBytes));
        return false;
    }
    m_head.clear();
    m_bodyLeft = ok && length > 0 ? length : 0;
    m_state = m_bodyLeft > 0 ? State::Body : State::BetweenRequests;
    return true;
}

void RequestGuard::reject(int status, const QString &reason)
{
    if (!m_socket || m_state == State::Rejected)
        return;
    m_state = State::Rejected;
    m_headTimer.stop();
    m_head.clear();
    // Take the connection from QHttpServer: it must not parse what it has.
    disconnect(m_socket, &QTcpSocket::readyRead, nullptr, nullptr);
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction();
    m_socket->readAll();
    connect(m_socket, &QTcpSocket::readyRead, this, [this] { m_socket->readAll(); });
    const QByteArray body = HttpReply::errorBody(status, reason);
    m_socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status)
        + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n" + body);
    m_socket->disconnectFromHost();
    emit refused(status, reason);
}

ConnectionGuards::ConnectionGuards(const RequestHeadLimits &limits, QObject *parent)
    : QObject(parent)
    , m_limits(limits)
{ }

RequestGuard *ConnectionGuards::guard(QTcpSocket *socket)
{
    auto *guard = new RequestGuard(socket, m_limits);
    connect(guard, &RequestGuard::refused, this, &ConnectionGuards::refused);
    m_fresh.append(guard);
    return guard;
}

void ConnectionGuards::watch(QTcpServer *server)
{
    // QHttpServer takes new sockets in its own handler of this signal; this
    // one runs right after it, before any of those sockets can signal readyRead.
    connect(server, &QTcpServer::pendingConnectionAvailable, this, [this] {
        for (const QPointer<RequestGuard> &guard : std::as_const(m_fresh)) {
            if (guard)
                guard->connectAfterServer();
        }
        m_fresh.clear();
    });
}

} // namespace rill
