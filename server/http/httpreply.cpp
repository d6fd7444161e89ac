#include "server/http/httpreply.h"

#include "server/http/connectionguard.h"

#include <QJsonDocument>

namespace rill::HttpReply {

namespace {

// Writes the status line and headers; returns the head of the request being
// answered (nullptr when the connection has no guard).
const RequestHead *writeHead(
    QHttpServerResponder &responder, int status, const HttpHeaders &headers)
{
    responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(status));
    for (const auto &[name, value] : headers)
        responder.writeHeader(name, value);
    const RequestHead *request = ConnectionGuards::currentHead(responder.socket());
    if (request && !request->keepAlive())
        responder.writeHeader("Connection", "close");
    return request;
}

} // namespace

QByteArray errorBody(int status, const QString &reason)
{
    return QJsonDocument(
        QJsonObject { { QStringLiteral("error"), reason }, { QStringLiteral("status"), status } })
        .toJson(QJsonDocument::Compact);
}

void send(QHttpServerResponder &responder, int status, const QByteArray &contentType,
    const QByteArray &body, const HttpHeaders &headers)
{
    const RequestHead *request = writeHead(responder, status,
        HttpHeaders {
            { "Content-Type", contentType }, { "Content-Length", QByteArray::number(body.size()) } }
            + headers);
    // QHttpServerResponder::writeBody ends the head with its blank line first.
    responder.writeBody(request && request->method == "HEAD" ? QByteArray() : body);
}

void sendJson(QHttpServerResponder &responder, int status, const QJsonObject &object,
    const HttpHeaders &extraHeaders)
{
    send(responder, status, "application/json",
        QJsonDocument(object).toJson(QJsonDocument::Compact),
        HttpHeaders { { "Cache-Control", "no-store" } } + extraHeaders);
}

void sendNoContent(QHttpServerResponder &responder, const HttpHeaders &headers)
{
    writeHead(responder, 204, headers);
    responder.writeBody(QByteArray());
}

void sendError(QHttpServerResponder &responder, int status, const QString &reason,
    const HttpHeaders &extraHeaders)
{
    send(responder, status, "application/json", errorBody(status, reason),
        HttpHeaders { { "Cache-Control", "no-store" } } + extraHeaders);
}

} // namespace rill::HttpReply
