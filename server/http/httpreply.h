#pragma once

#include <QByteArray>
#include <QHttpServerResponder>
#include <QJsonObject>
#include <QString>

namespace rill::HttpReply {

// `{"error": "...", "status": N}`, the body of every error answer.
QByteArray errorBody(int status, const QString &reason);

void sendJson(QHttpServerResponder &responder, int status, const QJsonObject &object,
    QHttpServerResponder::HeaderList extraHeaders = {});
void sendError(QHttpServerResponder &responder, int status, const QString &reason,
    QHttpServerResponder::HeaderList extraHeaders = {});

} // namespace rill::HttpReply
