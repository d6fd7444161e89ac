#pragma once

#include <QByteArray>
#include <QHttpServerResponder>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace rill {

// Headers built at run time (QHttpServerResponder::HeaderList is an initializer_list).
using HttpHeaders = QList<std::pair<QByteArray, QByteArray>>;

} // namespace rill

namespace rill::HttpReply {

void writeHeaders(QHttpServerResponder &responder, const HttpHeaders &headers);

// `{"error": "...", "status": N}`, the body of every error answer.
QByteArray errorBody(int status, const QString &reason);

void sendJson(QHttpServerResponder &responder, int status, const QJsonObject &object,
    const HttpHeaders &extraHeaders = {});
// 204 with `headers`, e.g. CORS ones.
void sendNoContent(QHttpServerResponder &responder, const HttpHeaders &headers = {});
void sendError(QHttpServerResponder &responder, int status, const QString &reason,
    const HttpHeaders &extraHeaders = {});

} // namespace rill::HttpReply
