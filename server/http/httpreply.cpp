#include "server/http/httpreply.h"

#include <QJsonDocument>

namespace rill::HttpReply {

namespace {

void send(QHttpServerResponder &responder, int status, const QByteArray &json,
    const HttpHeaders &extraHeaders)
{
    responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(status));
    responder.writeHeaders({ { "Content-Type", "application/json" },
        { "Content-Length", QByteArray::number(json.size()) }, { "Cache-Control", "no-store" } });
    writeHeaders(responder, extraHeaders);
    responder.writeBody(json);
}

} // namespace

void writeHeaders(QHttpServerResponder &responder, const HttpHeaders &headers)
{
    for (const auto &[name, value] : headers)
        responder.writeHeader(name, value);
}

QByteArray errorBody(int status, const QString &reason)
{
    return QJsonDocument(
        QJsonObject { { QStringLiteral("error"), reason }, { QStringLiteral("status"), status } })
        .toJson(QJsonDocument::Compact);
}

void sendJson(QHttpServerResponder &responder, int status, const QJsonObject &object,
    const HttpHeaders &extraHeaders)
{
    send(responder, status, QJsonDocument(object).toJson(QJsonDocument::Compact), extraHeaders);
}

void sendNoContent(QHttpServerResponder &responder, const HttpHeaders &headers)
{
    responder.writeStatusLine(QHttpServerResponder::StatusCode::NoContent);
    writeHeaders(responder, headers);
    responder.writeBody(QByteArray());
}

void sendError(QHttpServerResponder &responder, int status, const QString &reason,
    const HttpHeaders &extraHeaders)
{
    send(responder, status, errorBody(status, reason), extraHeaders);
}

} // namespace rill::HttpReply
