#pragma once

#include "server/http/requestframer.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <chrono>
#include <deque>
#include <optional>

class QTcpServer;

namespace rill {

// What one connection may do before, between and around its requests.
struct ConnectionLimits
{
    RequestHeadLimits head;
    // A request (head and body) still incomplete this long after the connection
    // opened, or after its first byte, is answered 408 (slow-loris clients).
    std::chrono::milliseconds requestTimeout { std::chrono::seconds(30) };
    // A kept-alive connection silent this long after its last answer is closed.
    std::chrono::milliseconds idleTimeout { std::chrono::seconds(60) };
    // Connections open at once that are not event streams; more get 503 and a close.
    int maxConnections = 1024;
    // Descriptors kept free of connections (for agents' pipes, files, the
    // refusals themselves): connections past RLIMIT_NOFILE minus this (at most a
    // quarter of the limit) get 503.
    int descriptorHeadroom = 64;
};

// Watches one connection's bytes just before QHttpServer reads them. Its
// RequestFramer decides where each request ends; a request it refuses is
// answered with a JSON error and the connection taken from QHttpServer, so
// QHttpServer only ever parses heads that both read the same way. It keeps
// the heads it passed, for the handlers (takeHead()), and ends the connection
// after a request that asked for that, or when it stays silent.
class RequestGuard : public QObject
{
    Q_OBJECT
public:
    RequestGuard(QTcpSocket *socket, const ConnectionLimits &limits, bool overCapacity);
    ~RequestGuard() override;

    // Installs the guard's second half, which must run after QHttpServer's
    // own readyRead handler (so: connected after it).
    void connectAfterServer();

    // The head of the request QHttpServer is answering now (it has read all of
    // it), or nullptr outside a handler.
    const RequestHead *currentHead() const;
    // The connection now carries one long response (an event stream) that
    // owns it: no more requests, no timeouts, not counted against the limit.
    void handOver();
    bool isHandedOver() const { return m_handedOver; }

signals:
    // A request was refused before it reached a handler; `reason` is safe to log.
    void refused(int status, const QString &reason);
    // The connection no longer counts against ConnectionLimits::maxConnections:
    // it was handed over or is gone. Emitted once.
    void released();

private:
    void beforeServer();
    void afterServer();
    void onTimeout();
    void rearm();
    void reject(int status, const QString &reason);
    void endConnection();

    enum class Waiting { Nothing, Request, Idle };

    QPointer<QTcpSocket> m_socket;
    ConnectionLimits m_limits;
    RequestFramer m_framer;
    std::deque<RequestFramer::Passed> m_heads; // passed, not yet all read by QHttpServer
    qint64 m_scanned = 0; // bytes given to the framer
    qsizetype m_passed = 0; // heads passed in all
    std::optional<HeadRefusal> m_pendingRefusal; // given once the passed heads are answered
    QTimer m_timer;
    Waiting m_waiting = Waiting::Nothing;
    bool m_overCapacity = false;
    bool m_rejected = false;
    bool m_handedOver = false;
    bool m_closeAfterAnswer = false;
    // Bytes QHttpServer left unread after its last turn; anything beyond them is new.
    qint64 m_unreadAfterServer = 0;
};

// Makes `server` put a RequestGuard on every connection it hands out; call
// it before QAbstractHttpServer::bind(server), then watch(server).
class ConnectionGuards : public QObject
{
    Q_OBJECT
public:
    ConnectionGuards(const ConnectionLimits &limits, QObject *parent = nullptr);
    // Guards each new connection; `server` must be a GuardedServer.
    RequestGuard *guard(QTcpSocket *socket);
    // Connects the second halves, after QHttpServer took the new sockets.
    void watch(QTcpServer *server);

    static RequestGuard *of(QTcpSocket *socket);
    // Connections open now, streams included; each holds a file descriptor.
    int openCount() const { return m_open; }
    // The head of the request being answered on `socket` (see RequestGuard::currentHead).
    static const RequestHead *currentHead(QTcpSocket *socket);
    int guardedCount() const { return m_guarded; }

signals:
    void refused(int status, const QString &reason);

private:
    ConnectionLimits m_limits;
    QList<QPointer<RequestGuard>> m_fresh;
    int m_guarded = 0; // live connections that are not streams
    int m_open = 0; // live connections, streams included
    // Connections beyond this are refused while the refusal can still be
    // written: Qt 6.4 retries a failing accept() at once for ever (a busy loop
    // with clients hanging in the backlog) once the process is out of descriptors.
    qint64 m_descriptorBudget;
};

// A QTcpServer (or QSslServer) whose connections pass through ConnectionGuards.
template<class Base>
class GuardedServer : public Base
{
public:
    GuardedServer(ConnectionGuards *guards, QObject *parent = nullptr)
        : Base(parent)
        , m_guards(guards)
    { }

    QTcpSocket *nextPendingConnection() override
    {
        QTcpSocket *socket = Base::nextPendingConnection();
        if (socket && m_guards)
            m_guards->guard(socket);
        return socket;
    }

private:
    QPointer<ConnectionGuards> m_guards;
};

// Takes `socket` away from QHttpServer: its request reader is detached and
// whatever the client sends from now on is read and dropped (by `owner`), so
// nothing can be parsed and answered in the middle of what is written next.
void detachFromHttpServer(QTcpSocket *socket, QObject *owner);

// Raises this process's soft limit on open files to its hard limit, as servers
// do at start: every stream holds a descriptor. Returns the new soft limit.
qint64 raiseOpenFileLimit();

} // namespace rill
