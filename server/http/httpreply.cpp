#include "server/http/httpreply.h"

#include <QJsonDocument>

namespace rill::HttpReply {

namespace {

void send(QHttpServerResponder &responder, int status, const QByteArray &json,
    QHttpServerResponder::HeaderList extraHeaders)
{
    responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(status));
    responder.writeHeaders({ { "Content-Type", "application/json" },
        { "Content-Length", QByteArray::number(json.size()) }, { "Cache-Control", "no-store" } });
    responder.writeHeaders(extraHeaders);
    responder.writeBody(json);
}

} // namespace

QByteArray errorBody(int status, const QString &reason)
{
    return QJsonDocument(
        QJsonObject { { QStringLiteral("error"), reason }, { QStringLiteral("status"), status } })
        .toJson(QJsonDocument::Compact);
}

void sendJson(QHttpServerResponder &responder, int status, const QJsonObject &object,
    QHttpServerResponder::HeaderList extraHeaders)
{
    send(responder, status, QJsonDocument(object).toJson(QJsonDocument::Compact), extraHeaders);
}

void sendError(QHttpServerResponder &responder, int status, const QString &reason,
    QHttpServerResponder::HeaderList extraHeaders)
{
    send(responder, status, errorBody(status, reason), extraHeaders);
}

} // namespace rill::HttpReply
