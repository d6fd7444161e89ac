#include "server/http/chatserver.h"

#include "server/http/chatrun.h"
#include "server/http/httpreply.h"
#include "server/http/ssestream.h"

#include <QElapsedTimer>
#include <QFile>
#include <QHttpServerRequest>
#include <QLoggingCategory>
#include <QTcpServer>

#include <optional>

Q_LOGGING_CATEGORY(lcRequests, "rill.http.requests")

namespace rill {

namespace {

using Method = QHttpServerRequest::Method;

QByteArray methodName(Method method)
{
    switch (method) {
    case Method::Get:
        return "GET";
    case Method::Post:
        return "POST";
    case Method::Put:
        return "PUT";
    case Method::Delete:
        return "DELETE";
    case Method::Head:
        return "HEAD";
    case Method::Options:
        return "OPTIONS";
    case Method::Patch:
        return "PATCH";
    case Method::Connect:
        return "CONNECT";
    case Method::Trace:
        return "TRACE";
    default:
        return "UNKNOWN";
    }
}

// One line per request on stderr: method, path (never the query: it may carry
// a message or a token), status, duration.
void logRequest(
    const QHttpServerRequest &request, int status, qint64 elapsedMs, const QString &note = {})
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
{ }

ChatServer::ChatServer(AgentFactory agentFactory, Options options, QObject *parent)
    : QObject(parent)
    , m_agentFactory(std::move(agentFactory))
    , m_options(options)
    , m_sessions(options.buffer)
{
    setupRoutes();
}

ChatServer::~ChatServer()
{
    // Close the streams while their sockets still exist.
    const auto runs = m_runs.values();
    m_runs.clear();
    qDeleteAll(runs);
}

bool ChatServer::listen(const QHostAddress &address, quint16 port)
{
    auto *tcpServer = new QTcpServer(&m_http);
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
    m_http.route(QStringLiteral("/chat"),
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            handleChat(request, std::move(responder));
        });
    m_http.route(QStringLiteral("/health"),
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            handleHealth(request, std::move(responder));
        });
    m_http.route(QStringLiteral("/"),
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            handleIndex(request, std::move(responder));
        });
    m_http.setMissingHandler(
        [](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
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
    responder.write(
        html, { { "Content-Type", "text/html; charset=utf-8" }, { "Cache-Control", "no-cache" } });
    logRequest(request, 200, clock.elapsed());
}

void ChatServer::handleChat(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    QElapsedTimer clock;
    clock.start();
    const Method method = request.method();
    if (method == Method::Options) {
        responder.write({ { "Allow", "GET, POST, DELETE, OPTIONS" } },
            QHttpServerResponder::StatusCode::NoContent);
        logRequest(request, 204, clock.elapsed());
        return;
    }
    if (method == Method::Delete) {
        cancelRun(request, std::move(responder));
        return;
    }
    if (method != Method::Get && method != Method::Post) {
        replyError(request, responder, clock, 405,
            QStringLiteral("use POST /chat, or GET /chat for EventSource"),
            { { "Allow", "GET, POST, DELETE, OPTIONS" } });
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

void ChatServer::startRun(
    const QHttpServerRequest &request, QHttpServerResponder &&responder, const ChatRequest &chat)
{
    QElapsedTimer clock;
    clock.start();
    if (!chat.sessionId.isEmpty() && m_runs.contains(chat.sessionId)) {
        replyError(request, responder, clock, 409,
            QStringLiteral("this session is still answering; wait for its done event or "
                           "stop it with DELETE /chat?sessionId=..."));
        return;
    }
    const std::shared_ptr<Session> session = m_sessions.obtain(chat.sessionId);
    auto *run = new ChatRun(session, m_agentFactory(), m_options.resumeGrace, this);
    m_runs.insert(session->id(), run);
    const QByteArray method = methodName(request.method());
    const QString path = request.url().path();
    connect(run, &ChatRun::ended, this, [this, run, method, path](bool completed) {
        m_runs.remove(run->session()->id());
        qCInfo(lcRequests).noquote().nospace()
            << method << ' ' << path << " 200 " << run->elapsedMs() << "ms run of "
            << run->eventCount() << " events " << (completed ? "completed" : "cancelled");
        emit runEnded(completed);
    });

    auto *stream = new SseStream(std::move(responder), m_options.heartbeat);
    stream->open(m_options.retry);
    run->attach(stream);

    AgentRequest agentRequest;
    agentRequest.sessionId = session->id();
    agentRequest.message = chat.message;
    agentRequest.history = session->history();
    agentRequest.language = chat.language;
    emit runStarted(run->agent());
    run->start(agentRequest);
}

void ChatServer::resume(
    const QHttpServerRequest &request, QHttpServerResponder &&responder, const ChatRequest &chat)
{
    QElapsedTimer clock;
    clock.start();
    // Last-Event-ID is "<sessionId>:<seq>", as this server sent it.
    const qsizetype colon = chat.lastEventId.lastIndexOf(u':');
    bool seqOk = false;
    const QString sessionId = chat.lastEventId.left(colon);
    const qint64 seq
        = colon > 0 ? QStringView(chat.lastEventId).mid(colon + 1).toLongLong(&seqOk) : -1;
    if (!seqOk || seq < 0 || !isValidSessionId(sessionId)
        || (!chat.sessionId.isEmpty() && chat.sessionId != sessionId)) {
        replyError(request, responder, clock, 400,
            QStringLiteral("Last-Event-ID must be \"<sessionId>:<seq>\" as this server sent it"));
        return;
    }
    const std::shared_ptr<Session> session = m_sessions.find(sessionId);
    if (!session) {
        replyError(request, responder, clock, 404,
            QStringLiteral("unknown or expired session; start a new one with POST /chat"));
        return;
    }
    ChatRun *run = m_runs.value(sessionId);
    const std::optional<QList<QByteArray>> missed = session->eventsAfter(seq);
    if (missed && missed->isEmpty() && !run) {
        // Nothing left and nothing coming: 204 is what stops EventSource from
        // reconnecting (and restarting the agent) forever.
        responder.write(QHttpServerResponder::StatusCode::NoContent);
        logRequest(request, 204, clock.elapsed(), QStringLiteral("nothing to resume"));
        return;
    }

    auto *stream = new SseStream(std::move(responder), m_options.heartbeat);
    stream->open(m_options.retry);
    if (!missed) {
        // The events are gone from the buffer; say so in-band, with ids of the
        // session so that a reconnect after this gets a 204, not this again.
        Message error = Message::make(MessageType::Error,
            QStringLiteral("cannot resume after event %1: it is older than the events this "
                           "server keeps")
                .arg(seq),
            410);
        stream->send(session->stampAndEncode(error));
        if (!run) {
            Message done = Message::done();
            stream->send(session->stampAndEncode(done));
        }
    } else {
        for (const QByteArray &event : *missed)
            stream->send(event);
    }
    logRequest(request, 200, clock.elapsed(),
        QStringLiteral("resumed after %1, %2 events replayed%3")
            .arg(seq)
            .arg(missed ? missed->size() : 0)
            .arg(run ? QStringLiteral(", live") : QString()));
    if (run) {
        run->attach(stream);
    } else {
        stream->close();
        stream->deleteLater();
    }
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
    ChatRun *run = m_runs.value(sessionId);
    if (!run) {
        replyError(
            request, responder, clock, 404, QStringLiteral("no run is going in this session"));
        return;
    }
    run->cancel();
    responder.write(QHttpServerResponder::StatusCode::NoContent);
    logRequest(request, 204, clock.elapsed(), QStringLiteral("run cancelled"));
}

} // namespace rill
