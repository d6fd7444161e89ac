#include "server/http/connectionguard.h"

#include "server/http/httpreply.h"

#include <QLoggingCategory>
#include <QTcpServer>

#include <limits>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#endif

Q_LOGGING_CATEGORY(lcConnections, "rill.http.connections")

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
    case 503:
        return "Service Unavailable";
    default:
        return "Bad Request";
    }
}

} // namespace

void detachFromHttpServer(QTcpSocket *socket, QObject *owner)
{
    QObject::disconnect(socket, &QTcpSocket::readyRead, nullptr, nullptr);
    if (socket->isTransactionStarted())
        socket->commitTransaction();
    socket->readAll();
    QObject::connect(socket, &QTcpSocket::readyRead, owner, [socket] { socket->readAll(); });
}

RequestGuard::RequestGuard(QTcpSocket *socket, const ConnectionLimits &limits, bool overCapacity)
    : QObject(socket)
    , m_socket(socket)
    , m_limits(limits)
    , m_framer(limits.head)
    , m_overCapacity(overCapacity)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &RequestGuard::onTimeout);
    connect(socket, &QTcpSocket::readyRead, this, &RequestGuard::beforeServer);
    rearm(); // the first request's time runs from the accept
}

void RequestGuard::connectAfterServer()
{
    if (!m_socket)
        return;
    if (m_overCapacity) {
        reject(503, QStringLiteral("too many connections; try again shortly"));
        return;
    }
    connect(m_socket, &QTcpSocket::readyRead, this, &RequestGuard::afterServer);
}

const RequestHead *RequestGuard::currentHead() const
{
    if (!m_socket || m_heads.empty())
        return nullptr;
    const qint64 readByServer = m_scanned - m_socket->bytesAvailable();
    return m_heads.front().end <= readByServer ? &m_heads.front().head : nullptr;
}

RequestGuard::~RequestGuard()
{
    if (!m_handedOver)
        emit released();
}

void RequestGuard::handOver()
{
    if (m_handedOver)
        return;
    m_handedOver = true;
    m_timer.stop();
    m_waiting = Waiting::Nothing;
    emit released();
}

void RequestGuard::beforeServer()
{
    if (!m_socket || m_rejected || m_handedOver)
        return;
    // QHttpServer reads greedily, so what is unread now is what it left last
    // time (already scanned) followed by what just arrived.
    const qint64 available = m_socket->bytesAvailable();
    const qint64 fresh = available - m_unreadAfterServer;
    if (fresh <= 0)
        return;
    RequestFramer::Fed fed = m_framer.feed(QByteArrayView(m_socket->peek(available)).last(fresh));
    m_scanned += fresh;
    m_passed += fed.requests.size();
    for (RequestFramer::Passed &request : fed.requests)
        m_heads.push_back(std::move(request));
    if (fed.refusal && m_heads.empty()) {
        reject(fed.refusal->status, fed.refusal->reason);
        return;
    }
    // Requests passed before the refused one are answered first; the refusal
    // then ends the connection in their place (afterServer).
    if (fed.refusal)
        m_pendingRefusal = fed.refusal;
    rearm();
}

void RequestGuard::afterServer()
{
    if (!m_socket || m_rejected || m_handedOver)
        return;
    m_unreadAfterServer = m_socket->bytesAvailable();
    // QHttpServer answers a request once it has read all of it.
    const qint64 readByServer = m_scanned - m_unreadAfterServer;
    while (!m_heads.empty() && m_heads.front().end <= readByServer) {
        m_closeAfterAnswer = m_closeAfterAnswer || !m_heads.front().head.keepAlive();
        m_heads.pop_front();
    }
    if (m_closeAfterAnswer) {
        endConnection();
        return;
    }
    if (m_pendingRefusal && m_heads.empty()) {
        const HeadRefusal refusal = *m_pendingRefusal;
        reject(refusal.status, refusal.reason);
        return;
    }
    rearm();
}

void RequestGuard::rearm()
{
    Waiting want = Waiting::Nothing;
    if (!m_rejected && !m_handedOver) {
        if (!m_framer.betweenRequests())
            want = Waiting::Request;
        else if (m_heads.empty())
            want = m_passed == 0 ? Waiting::Request : Waiting::Idle;
    }
    if (want == m_waiting)
        return; // a running deadline is not pushed back by more bytes
    m_waiting = want;
    switch (want) {
    case Waiting::Nothing:
        m_timer.stop();
        break;
    case Waiting::Request:
        m_timer.start(m_limits.requestTimeout);
        break;
    case Waiting::Idle:
        m_timer.start(m_limits.idleTimeout);
        break;
    }
}

void RequestGuard::onTimeout()
{
    if (m_waiting == Waiting::Idle) {
        // Closing an idle kept-alive connection is ordinary; there is nobody to tell.
        m_waiting = Waiting::Nothing;
        endConnection();
        return;
    }
    reject(408, QStringLiteral("the request took too long to arrive"));
}

void RequestGuard::endConnection()
{
    if (!m_socket)
        return;
    m_rejected = true;
    m_timer.stop();
    detachFromHttpServer(m_socket, this);
    m_socket->disconnectFromHost(); // after what is still queued for the client
}

void RequestGuard::reject(int status, const QString &reason)
{
    if (!m_socket || m_rejected)
        return;
    m_rejected = true;
    m_timer.stop();
    detachFromHttpServer(m_socket, this);
    const QByteArray body = HttpReply::errorBody(status, reason);
    m_socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status)
        + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\nCache-Control: no-store\r\nConnection: close\r\n"
        + (status == 503 ? "Retry-After: 5\r\n" : "") + "\r\n" + body);
    // Out now, and the descriptor closed with it: refusals come in floods, and
    // each one waiting for the event loop to close it holds a descriptor.
    m_socket->flush();
    m_socket->disconnectFromHost();
    emit refused(status, reason);
}

namespace {

qint64 openFileLimit()
{
#ifdef Q_OS_UNIX
    rlimit limit {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
        return qint64(limit.rlim_cur);
#endif
    return std::numeric_limits<int>::max();
}

qint64 descriptorBudget(const ConnectionLimits &limits)
{
    const qint64 limit = openFileLimit();
    return limit - std::min<qint64>(limits.descriptorHeadroom, limit / 4);
}

} // namespace

ConnectionGuards::ConnectionGuards(const ConnectionLimits &limits, QObject *parent)
    : QObject(parent)
    , m_limits(limits)
    , m_descriptorBudget(descriptorBudget(limits))
{ }

RequestGuard *ConnectionGuards::of(QTcpSocket *socket)
{
    return socket ? socket->findChild<RequestGuard *>(QString(), Qt::FindDirectChildrenOnly)
                  : nullptr;
}

const RequestHead *ConnectionGuards::currentHead(QTcpSocket *socket)
{
    const RequestGuard *guard = of(socket);
    return guard ? guard->currentHead() : nullptr;
}

RequestGuard *ConnectionGuards::guard(QTcpSocket *socket)
{
    const bool full = m_guarded >= m_limits.maxConnections || m_open >= m_descriptorBudget;
    auto *guard = new RequestGuard(socket, m_limits, full);
    ++m_guarded;
    ++m_open;
    connect(guard, &RequestGuard::refused, this, &ConnectionGuards::refused);
    connect(guard, &RequestGuard::released, this, [this] { --m_guarded; });
    // The guard lives as long as its socket, whose descriptor goes with it.
    connect(guard, &QObject::destroyed, this, [this] { --m_open; });
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

qint64 raiseOpenFileLimit()
{
#ifdef Q_OS_UNIX
    rlimit limit {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return -1;
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
        ::getrlimit(RLIMIT_NOFILE, &limit);
    }
    return qint64(limit.rlim_cur);
#else
    return -1;
#endif
}

} // namespace rill
