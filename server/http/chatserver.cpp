#include "server/http/chatserver.h"

#include "server/http/approvalroute.h"
#include "server/http/chatrun.h"
#include "server/http/httpreply.h"
#include "server/http/memorysessionbackend.h"
#include "server/http/pendingreply.h"
#include "server/http/requestlog.h"
#include "server/http/ssestream.h"
#include "server/http/webassets.h"

#include <QElapsedTimer>
#include <QFile>
#include <QHttpServerRequest>
#include <QSslServer>
#include <QTcpServer>
#include <QTimer>

#include <optional>

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace rill {

namespace {

using Method = QHttpServerRequest::Method;

// glibc keeps what a crowd of sessions freed in its heap, below the top chunk
// that it would return on its own: RSS stayed at its peak after every session
// expired (issue 13: 83 MB after 20 000 sessions, 25 MB before them).
// malloc_trim walks the heap once and gives the free pages back.
void giveFreedMemoryBack()
{
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

ConnectionLimits connectionLimits(const ChatServer::Options &options)
{
    ConnectionLimits limits = options.connection;
    limits.head.maxBodyBytes = options.limits.maxBodyBytes;
    return limits;
}

// RFC 9110's methods and PATCH; method names are case-sensitive, so "get" is none of them.
// What each path serves; every other method gets 405 there (501 when unknown at all).
const QList<QByteArray> chatMethods = { "GET", "POST", "DELETE", "OPTIONS" };
const QList<QByteArray> readOnlyMethods = { "GET", "HEAD" };
const QList<QByteArray> approvalMethods = { "POST", "OPTIONS" };

const QList<QByteArray> &knownMethods()
{
    static const QList<QByteArray> known
        = { "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH" };
    return known;
}

} // namespace

void ChatServer::replyError(const QHttpServerRequest &request, QHttpServerResponder &responder,
    const QElapsedTimer &clock, int status, const QString &reason, const HttpHeaders &extraHeaders)
{
    // Errors carry CORS headers too, or a browser page could not read why.
    HttpReply::sendError(responder, status, reason, extraHeaders + m_access.corsHeaders(request));
    logRequest(request, status, clock.elapsed());
}

ChatServer::ChatServer(AgentFactory agentFactory, QObject *parent)
    : ChatServer(std::move(agentFactory), Options {}, parent)
{ }

ChatServer::ChatServer(AgentFactory agentFactory, Options options, QObject *parent)
    : ChatServer(std::move(agentFactory), options,
        std::make_unique<MemorySessionBackend>(
            SessionStoreLimits { options.buffer, options.history, options.maxSessions },
            options.finishedRunReplay, options.finishedRunReplayBytes),
        parent)
{ }

ChatServer::ChatServer(AgentFactory agentFactory, Options options,
    std::unique_ptr<SessionBackend> backend, QObject *parent)
    : QObject(parent)
    , m_agentFactory(std::move(agentFactory))
    , m_options(options)
    , m_access(options.access)
    , m_guards(connectionLimits(options))
    , m_backend(std::move(backend))
{
    connect(&m_guards, &ConnectionGuards::refused, this, [](int status, const QString &reason) {
        qCInfo(lcRequests).noquote() << "request refused before parsing:" << status << reason;
    });
    setupRoutes();
    using namespace std::chrono;
    m_expiryTimer.setInterval(
        std::clamp<milliseconds>(m_options.sessionIdle / 4, milliseconds(20), minutes(1)));
    connect(&m_expiryTimer, &QTimer::timeout, this, &ChatServer::expireSessions);
    m_expiryTimer.start();
}

void ChatServer::expireSessions()
{
    const qsizetype expired = m_backend->expireIdle(m_options.sessionIdle);
    if (expired > 0) {
        qCInfo(lcRequests).noquote() << expired << "idle sessions expired";
        giveFreedMemoryBack();
        emit sessionsExpired(int(expired));
    }
}

ChatServer::~ChatServer()
{
    // Close the streams while their sockets still exist.
    m_backend->shutDown();
}

bool ChatServer::listen(const QHostAddress &address, quint16 port)
{
    QTcpServer *tcpServer = nullptr;
    if (m_options.tls) {
        auto *sslServer = new GuardedServer<QSslServer>(&m_guards, &m_http);
        sslServer->setSslConfiguration(*m_options.tls);
        tcpServer = sslServer;
    } else {
        tcpServer = new GuardedServer<QTcpServer>(&m_guards, &m_http);
    }
    // Qt's default backlog of 50 overflows when clients come in a burst (a crowd of
    // EventSource reconnects, the stress test): the kernel drops their SYNs and each retries
    // after 1, 3, 7... s. The kernel caps the value at net.core.somaxconn.
    tcpServer->setListenBacklogSize(1024);
    if (!tcpServer->listen(address, port)) {
        m_error = tcpServer->errorString();
        delete tcpServer;
        return false;
    }
    m_http.bind(tcpServer);
    m_guards.watch(tcpServer);
    m_address = address;
    m_port = tcpServer->serverPort();
    return true;
}

QUrl ChatServer::url() const
{
    QUrl url;
    url.setScheme(m_options.tls ? QStringLiteral("https") : QStringLiteral("http"));
    const bool any = m_address == QHostAddress::Any || m_address == QHostAddress::AnyIPv4
        || m_address == QHostAddress::AnyIPv6;
    url.setHost(any ? QStringLiteral("127.0.0.1") : m_address.toString());
    url.setPort(m_port);
    url.setPath(QStringLiteral("/"));
    return url;
}

void ChatServer::setupRoutes()
{
    m_http.route(QStringLiteral("/chat"),
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            handleChat(request, std::move(responder));
        });
    m_http.route(QStringLiteral("/chat/approval"),
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            handleApproval(request, std::move(responder));
        });
    m_http.route(QStringLiteral("/health"),
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            handleHealth(request, std::move(responder));
        });
    for (const QString &path : webAssetPaths()) {
        m_http.route(path,
            [this, path](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                handleWebAsset(path, request, std::move(responder));
            });
    }
    // QHttpServer's routes match only the methods it has names for; the rest
    // (TRACE, "get", made-up ones) come here, on known paths too.
    m_http.setMissingHandler(
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            const QString path = request.url().path();
            QList<QByteArray> allowed;
            if (path == QLatin1String("/chat"))
                allowed = chatMethods;
            else if (path == QLatin1String("/chat/approval"))
                allowed = approvalMethods;
            else if (path == QLatin1String("/health") || webAssetPaths().contains(path))
                allowed = readOnlyMethods;
            // A known path: the method is what is wrong (405 or 501). Otherwise
            // an unknown method is still 501, a known one 404.
            if (!methodServed(responder, request, allowed.isEmpty() ? knownMethods() : allowed))
                return;
            if (!admit(request, responder, false))
                return;
            QElapsedTimer clock;
            clock.start();
            replyError(request, responder, clock, 404,
                QStringLiteral("no such resource; try POST /chat or GET /health"));
        });
}

bool ChatServer::methodServed(QHttpServerResponder &responder, const QHttpServerRequest &request,
    const QList<QByteArray> &allowed)
{
    const RequestHead *head = ConnectionGuards::currentHead(responder.socket());
    const QByteArray method = head ? head->method : methodName(request.method());
    if (allowed.contains(method))
        return true;
    QElapsedTimer clock;
    clock.start();
    if (!knownMethods().contains(method)) {
        replyError(request, responder, clock, 501,
            QStringLiteral("unknown method (method names are case-sensitive: GET, POST...)"));
        return false;
    }
    replyError(request, responder, clock, 405,
        QStringLiteral("method not allowed here; use %1")
            .arg(QString::fromLatin1(allowed.join(", "))),
        { { "Allow", allowed.join(", ") } });
    return false;
}

bool ChatServer::admit(
    const QHttpServerRequest &request, QHttpServerResponder &responder, bool open)
{
    const std::optional<AccessDenial> denial = m_access.check(request, open);
    if (!denial)
        return true;
    QElapsedTimer clock;
    clock.start();
    replyError(request, responder, clock, denial->status, denial->reason, denial->headers);
    return false;
}

bool ChatServer::streamAvailable(const QHttpServerRequest &request, QHttpServerResponder &responder)
{
    if (m_openStreams < m_options.maxStreams)
        return true;
    QElapsedTimer clock;
    clock.start();
    replyError(request, responder, clock, 503,
        QStringLiteral("too many open streams (limit %1); try again shortly")
            .arg(m_options.maxStreams),
        { { "Retry-After", "5" } });
    return false;
}

SseStream *ChatServer::openStream(PendingReply &pending)
{
    auto *stream
        = new SseStream(pending.takeResponder(), m_options.heartbeat, m_options.maxUnsentBytes);
    // The stream owns the connection from here: not a connection waiting for requests.
    ++m_openStreams;
    connect(stream, &QObject::destroyed, this, [this] { --m_openStreams; });
    stream->open(m_options.retry, pending.corsHeaders());
    return stream;
}

void ChatServer::handleHealth(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    if (!methodServed(responder, request, readOnlyMethods) || !admit(request, responder, true))
        return;
    QElapsedTimer clock;
    clock.start();
    HttpReply::sendJson(responder, 200,
        { { QStringLiteral("status"), QStringLiteral("ok") },
            { QStringLiteral("version"), QStringLiteral(RILL_VERSION) },
            { QStringLiteral("activeRuns"), activeRunCount() },
            { QStringLiteral("openStreams"), openStreamCount() },
            { QStringLiteral("sessions"), sessionCount() },
            // Whether a client's `options` are ignored (rill --serve --lock-options).
            { QStringLiteral("optionsLocked"), m_options.lockOptions } },
        m_access.corsHeaders(request));
    logRequest(request, 200, clock.elapsed());
}

void ChatServer::handleWebAsset(
    const QString &path, const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    // The page's script, style and icon are the same compiled-in bytes for everyone and
    // a browser fetches them without the page's ?access_token=, so only "/" is gated.
    if (!methodServed(responder, request, readOnlyMethods)
        || !admit(request, responder, path != QLatin1String("/")))
        return;
    QElapsedTimer clock;
    clock.start();
    const std::optional<WebAsset> asset = findWebAsset(path);
    if (!asset) {
        replyError(request, responder, clock, 404, QStringLiteral("the demo page is not built in"));
        return;
    }
    HttpReply::send(responder, 200, asset->contentType, asset->body,
        { { "Cache-Control", "no-cache" },
            { "Content-Security-Policy", webContentSecurityPolicy() },
            { "X-Content-Type-Options", "nosniff" } });
    logRequest(request, 200, clock.elapsed());
}

void ChatServer::handleChat(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    QElapsedTimer clock;
    clock.start();
    const Method method = request.method();
    if (!methodServed(responder, request, chatMethods))
        return;
    // A preflight carries no credentials, so it is answered without the token.
    if (!admit(request, responder, method == Method::Options))
        return;
    if (method == Method::Options) {
        HttpReply::sendNoContent(responder,
            HttpHeaders { { "Allow", chatMethods.join(", ") } }
                + m_access.preflightHeaders(request));
        logRequest(request, 204, clock.elapsed());
        return;
    }
    if (method == Method::Delete) {
        cancelRun(request, std::move(responder));
        return;
    }
    ChatRequestParts parts;
    parts.method = methodName(method);
    parts.query = request.query();
    parts.contentType = request.value("content-type");
    parts.body = method == Method::Post ? request.body() : QByteArray();
    parts.lastEventIdHeader = request.value("last-event-id");
    parts.acceptLanguage = request.value("accept-language");
    const auto parsed = parseChatRequest(parts, m_options.limits);
    if (const auto *error = std::get_if<ChatRequestError>(&parsed)) {
        replyError(request, responder, clock, error->status, error->reason);
        return;
    }
    const ChatRequest &chat = std::get<ChatRequest>(parsed);
    if (!chat.lastEventId.isEmpty())
        resume(request, std::move(responder), chat);
    else
        startRun(request, std::move(responder), chat);
}

void ChatServer::handleApproval(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    QElapsedTimer clock;
    clock.start();
    const bool preflight = request.method() == Method::Options;
    if (!methodServed(responder, request, approvalMethods) || !admit(request, responder, preflight))
        return;
    if (preflight) {
        HttpReply::sendNoContent(responder,
            HttpHeaders { { "Allow", approvalMethods.join(", ") } }
                + m_access.preflightHeaders(request));
        logRequest(request, 204, clock.elapsed());
        return;
    }
    const ApprovalRoute::Reply reply
        = ApprovalRoute::answer(m_options.approvals, request.value("content-type"), request.body());
    if (reply.status >= 400) {
        replyError(request, responder, clock, reply.status, reply.reason);
        return;
    }
    HttpReply::sendJson(responder, reply.status, reply.body, m_access.corsHeaders(request));
    logRequest(request, reply.status, clock.elapsed(),
        reply.body.value(QLatin1String("decision")).toString());
}

void ChatServer::startRun(
    const QHttpServerRequest &request, QHttpServerResponder &&responder, const ChatRequest &chat)
{
    if (!streamAvailable(request, responder))
        return;
    auto pending = std::make_shared<PendingReply>(
        request, std::move(responder), m_access.corsHeaders(request));
    m_backend->claim(chat.sessionId, [this, pending, chat](SessionBackend::Claim claim) {
        using Outcome = SessionBackend::Claim::Outcome;
        switch (claim.outcome) {
        case Outcome::Busy:
            pending->sendError(409,
                QStringLiteral("this session is still answering; wait for its done event or "
                               "stop it with DELETE /chat?sessionId=..."));
            return;
        case Outcome::Full:
        case Outcome::Unavailable:
            pending->sendError(503, claim.reason, { { "Retry-After", "5" } });
            return;
        case Outcome::Claimed:
            runClaimed(pending, chat, claim);
            return;
        }
    });
}

void ChatServer::runClaimed(const std::shared_ptr<PendingReply> &pending, const ChatRequest &chat,
    const SessionBackend::Claim &claim)
{
    const std::shared_ptr<Session> &session = claim.session;
    if (!pending->connected()) {
        // It left while the backend was answering: nobody to run for.
        pending->log(499, QStringLiteral("the client left before its run started"));
        return;
    }
    // A client's own record of the conversation counts only where this server
    // has none (it restarted, or never saw the session): the server's wins.
    if (!claim.known) {
        for (const Message &turn : chat.history)
            session->appendHistory(turn);
    }
    auto *run = new ChatRun(session, m_agentFactory(), m_options.resumeGrace, this);
    run->setStampSendTime(m_options.stampSendTime);
    // First, so that the backend has forgotten the run when runEnded is emitted.
    m_backend->adopt(run);
    connect(run, &ChatRun::ended, this,
        [this, run, method = pending->method(), path = pending->path()](bool completed) {
            qCInfo(lcRequests).noquote().nospace()
                << method << ' ' << path << " 200 " << run->elapsedMs() << "ms run of "
                << run->eventCount() << " events " << (completed ? "completed" : "cancelled");
            emit runEnded(completed);
        });

    run->attach(openStream(*pending));

    AgentRequest agentRequest;
    agentRequest.sessionId = session->id();
    agentRequest.message = chat.message;
    agentRequest.history = session->history();
    agentRequest.language = chat.language;
    agentRequest.options = m_options.lockOptions
        ? m_options.defaultOptions
        : m_options.defaultOptions.overriddenBy(chat.options);
    emit runStarted(run->agent());
    run->start(agentRequest);
}

void ChatServer::cancelRun(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    QElapsedTimer clock;
    clock.start();
    const QString sessionId
        = request.query().queryItemValue(QStringLiteral("sessionId"), QUrl::FullyDecoded);
    if (!isValidSessionId(sessionId)) {
        replyError(request, responder, clock, 400,
            QStringLiteral("DELETE /chat needs ?sessionId= of the run to stop"));
        return;
    }
    auto pending = std::make_shared<PendingReply>(
        request, std::move(responder), m_access.corsHeaders(request));
    m_backend->stop(sessionId, [pending](SessionBackend::StopOutcome outcome) {
        switch (outcome) {
        case SessionBackend::StopOutcome::Stopped:
            pending->sendNoContent(QStringLiteral("run cancelled"));
            return;
        case SessionBackend::StopOutcome::NoRun:
            pending->sendError(404, QStringLiteral("no run is going in this session"));
            return;
        case SessionBackend::StopOutcome::Unavailable:
            pending->sendError(503,
                QStringLiteral("the session store cannot be reached; try again shortly"),
                { { "Retry-After", "5" } });
            return;
        }
    });
}

} // namespace rill
