#include "server/http/requestlog.h"

#include <QUrl>

Q_LOGGING_CATEGORY(lcRequests, "rill.http.requests")

namespace rill {

using Method = QHttpServerRequest::Method;

QByteArray methodName(QHttpServerRequest::Method method)
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

void logRequest(
    const QHttpServerRequest &request, int status, qint64 elapsedMs, const QString &note)
{
    logRequest(methodName(request.method()), request.url().path(QUrl::FullyEncoded), status,
        elapsedMs, note);
}

void logRequest(const QByteArray &method, const QString &path, int status, qint64 elapsedMs,
    const QString &note)
{
    qCInfo(lcRequests).noquote().nospace()
        << method << ' ' << path << ' ' << status << ' ' << elapsedMs << "ms"
        << (note.isEmpty() ? QString() : u' ' + note);
}

} // namespace rill
