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

// Every answer that is not an event stream is written here, whole, so that the
// rules of HTTP hold for all of them alike: no body for HEAD, and
// `Connection: close` when the request asked for the connection to end (the
// connection's RequestGuard then ends it once the answer is out).
namespace rill::HttpReply {

// `{"error": "...", "status": N}`, the body of every error answer.
QByteArray errorBody(int status, const QString &reason);

void send(QHttpServerResponder &responder, int status, const QByteArray &contentType,
    const QByteArray &body, const HttpHeaders &headers = {});
void sendJson(QHttpServerResponder &responder, int status, const QJsonObject &object,
    const HttpHeaders &extraHeaders = {});
// 204 with `headers`, e.g. CORS ones.
void sendNoContent(QHttpServerResponder &responder, const HttpHeaders &headers = {});
void sendError(QHttpServerResponder &responder, int status, const QString &reason,
    const HttpHeaders &extraHeaders = {});

} // namespace rill::HttpReply
