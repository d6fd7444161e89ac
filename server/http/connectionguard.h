#pragma once

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <chrono>

class QTcpServer;

namespace rill {

// What one request may send before any handler sees it. Qt 6.4's QHttpServer
// buffers request lines, headers and bodies of any size, so these are checked
// on the raw bytes, ahead of its parser.
struct RequestHeadLimits
{
    qsizetype maxHeadBytes = 16 * 1024; // request line + all header lines
    int maxHeaders = 100;
    qsizetype maxBodyBytes = 64 * 1024; // Content-Length
    // A head still incomplete after this long is answered 408 (slow-loris clients).
    std::chrono::milliseconds headTimeout { std::chrono::seconds(30) };
};

// Watches one connection's bytes just before QHttpServer reads them. It
// follows request boundaries itself (head, then Content-Length body bytes) and
// answers a request that breaks a limit with a JSON error and closes the
// connection, so QHttpServer never buffers it. Chunked request bodies are
// refused (411): their size is not known up front.
class RequestGuard : public QObject
{
    Q_OBJECT
public:
    RequestGuard(QTcpSocket *socket, const RequestHeadLimits &limits);

    // Installs the guard's second half, which must run after QHttpServer's
    // own readyRead handler (so: connected after it).
    void connectAfterServer();

signals:
    // A request was refused before it reached a handler; `reason` is safe to log.
    void refused(int status, const QString &reason);

private:
    void beforeServer();
    void scan(const QByteArray &bytes);
    bool endOfLine();
    bool requestLineValid(QByteArrayView line);
    bool endOfHead();
    void reject(int status, const QString &reason);

    enum class State { BetweenRequests, Head, Body, Rejected };

    QPointer<QTcpSocket> m_socket;
    RequestHeadLimits m_limits;
    QTimer m_headTimer;
    State m_state = State::BetweenRequests;
    QByteArray m_head;
    qsizetype m_lineStart = 0;
    int m_lines = 0;
    qsizetype m_blankBytes = 0;
    qint64 m_bodyLeft = 0;
    // Bytes QHttpServer left unread after its last turn; anything beyond them is new.
    qint64 m_unreadAfterServer = 0;
};

// Makes `server` put a RequestGuard on every connection it hands out; call
// it before QAbstractHttpServer::bind(server), then connectAfterBind().
class ConnectionGuards : public QObject
{
    Q_OBJECT
public:
    ConnectionGuards(const RequestHeadLimits &limits, QObject *parent = nullptr);
    // Guards each new connection; `server` must be a GuardedServer.
    RequestGuard *guard(QTcpSocket *socket);
    // Connects the second halves, after QHttpServer took the new sockets.
    void watch(QTcpServer *server);

signals:
    void refused(int status, const QString &reason);

private:
    RequestHeadLimits m_limits;
    QList<QPointer<RequestGuard>> m_fresh;
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

} // namespace rill
