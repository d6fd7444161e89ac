#include "server/http/chatserver.h"

#include "server/http/chatrun.h"
#include "server/http/httpreply.h"
#include "server/http/ssestream.h"

#include <QElapsedTimer>
#include <QFile>
#include <QHttpServerRequest>
#include <QLoggingCategory>
#include <QTcpServer>

Q_LOGGING_CATEGORY(lcRequests, "rill.http.requests")

namespace rill {

namespace {

using Method = QHttpServerRequest::Method;

QByteArray methodName(Method method)
{
    switch (method) {
    case Method::Get: return "GET";
    case Method::Post: return "POST";
    case Method::Put: return "PUT";
    case Method::Delete: return "DELETE";
    case Method::Head: return "HEAD";
    case Method::Options: return "OPTIONS";
    case Method::Patch: return "PATCH";
    case Method::Connect: return "CONNECT";
    case Method::Trace: return "TRACE";
    default: return "UNKNOWN";
    }
}

// One line per request on stderr: method, path (never the query: it may carry
// a message or a token), status, duration.
void logRequest(const QHttpServerRequest &request, int status, qint64 elapsedMs,
    const QString &note = {})
{
    qCInfo(lcRequests).noquote().nospace()
        << methodName(request.method()) << ' ' << request.url().path(QUrl::FullyEncoded) << ' '
        << status << ' ' << elapsedMs << "ms" << (note.isEmpty() ? QString() : u' ' + note);
}

void replyError(const QHttpServerRequest &request, QHttpServerResponder &responder,
    const QElapsedTimer &clock, int status, const QString &reason,
    QHttpServerResponder::HeaderList extraHeaders = {})
{
    HttpReply::sendError(responder, status, reason, extraHeaders);
    logRequest(request, status, clock.elapsed());
}

} // namespace

ChatServer::ChatServer(AgentFactory agentFactory, QObject *parent)
    : ChatServer(std::move(agentFactory), Options {}, parent)
{
}

ChatServer::ChatServer(AgentFactory agentFactory, Options options, QObject *parent)
    : QObject(parent)
    , m_agentFactory(std::move(agentFactory))
    , m_options(options)
{
    setupRoutes();
}

ChatServer::~ChatServer()
{
    // Close the streams while their sockets still exist.
    const auto runs = m_runs;
    qDeleteAll(runs);
}

bool ChatServer::listen(const QHostAddress &address, quint16 port)
{
    auto *tcpServer = new QTcpServer(&m_http);
    if (!tcpServer->listen(address, port)) {
        m_error = tcpServer->errorString();
        delete tcpServer;
        return false;
    }
    m_http.bind(tcpServer);
    m_address = address;
    m_port = tcpServer->serverPort();
    return true;
}

QUrl ChatServer::url() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    const bool any = m_address == QHostAddress::Any || m_address == QHostAddress::AnyIPv4
        || m_address == QHostAddress::AnyIPv6;
    url.setHost(any ? QStringLiteral("127.0.0.1") : m_address.toString());
    url.setPort(m_port);
    url.setPath(QStringLiteral("/"));
    return url;
}

void ChatServer::setupRoutes()
{
    m_http.route(QStringLiteral("/chat"), [this](const QHttpServerRequest &request,
                                             QHttpServerResponder &&responder) {
        handleChat(request, std::move(responder));
    });
    m_http.route(QStringLiteral("/health"), [this](const QHttpServerRequest &request,
                                               QHttpServerResponder &&responder) {
        handleHealth(request, std::move(responder));
    });
    m_http.route(QStringLiteral("/"), [this](const QHttpServerRequest &request,
                                          QHttpServerResponder &&responder) {
        handleIndex(request, std::move(responder));
    });
    m_http.setMissingHandler([](const QHttpServerRequest &request,
                                 QHttpServerResponder &&responder) {
        QElapsedTimer clock;
        clock.start();
        replyError(request, responder, clock, 404,
            QStringLiteral("no such resource; try POST /chat or GET /health"));
    });
}

void ChatServer::handleHealth(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    QElapsedTimer clock;
    clock.start();
    if (request.method() != Method::Get && request.method() != Method::Head) {
        replyError(request, responder, clock, 405, QStringLiteral("use GET /health"),
            { { "Allow", "GET, HEAD" } });
        return;
    }
    HttpReply::sendJson(responder, 200,
        { { QStringLiteral("status"), QStringLiteral("ok") },
            { QStringLiteral("version"), QStringLiteral(RILL_VERSION) },
            { QStringLiteral("activeRuns"), activeRunCount() } });
    logRequest(request, 200, clock.elapsed());
}

void ChatServer::handleIndex(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    QElapsedTimer clock;
    clock.start();
    if (request.method() != Method::Get && request.method() != Method::Head) {
        replyError(request, responder, clock, 405, QStringLiteral("use GET /"),
            { { "Allow", "GET, HEAD" } });
        return;
    }
    QFile page(QStringLiteral(":/web/index.html"));
    if (!page.open(QIODevice::ReadOnly)) {
        replyError(request, responder, clock, 404, QStringLiteral("the demo page is not built in"));
        return;
    }
    const QByteArray html = page.readAll();
    responder.write(html, { { "Content-Type", "text/html; charset=utf-8" },
                              { "Cache-Control", "no-cache" } });
    logRequest(request, 200, clock.elapsed());
}

void ChatServer::handleChat(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    QElapsedTimer clock;
    clock.start();
    const Method method = request.method();
    if (method == Method::Options) {
        responder.write({ { "Allow", "GET, POST, OPTIONS" } },
            QHttpServerResponder::StatusCode::NoContent);
        logRequest(request, 204, clock.elapsed());
        return;
    }
    if (method != Method::Get && method != Method::Post) {
        replyError(request, responder, clock, 405,
            QStringLiteral("use POST /chat, or GET /chat for EventSource"),
            { { "Allow", "GET, POST, OPTIONS" } });
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

    const std::shared_ptr<Session> session = m_sessions.obtain(chat.sessionId);
    if (session->isRunning()) {
        replyError(request, responder, clock, 409,
            QStringLiteral("this session is still answering; wait for its done event or stop it"));
        return;
    }

    auto *stream = new SseStream(std::move(responder), m_options.heartbeat);
    auto *run = new ChatRun(session, m_agentFactory(), stream, this);
    m_runs.insert(run);
    const QByteArray methodText = methodName(method);
    const QString path = request.url().path();
    connect(run, &ChatRun::ended, this, [this, run, methodText, path](bool clientGone) {
        m_runs.remove(run);
        qCInfo(lcRequests).noquote().nospace()
            << methodText << ' ' << path << " 200 " << run->elapsedMs() << "ms stream "
            << run->eventCount() << " events" << (clientGone ? ", client left" : "");
        emit runEnded(clientGone);
    });

    AgentRequest agentRequest;
    agentRequest.sessionId = session->id();
    agentRequest.message = chat.message;
    agentRequest.history = session->history();
    agentRequest.language = chat.language;
    emit runStarted(run->agent());
    run->start(agentRequest);
}

} // namespace rill
