#pragma once

#include <QByteArray>
#include <QHttpServerRequest>
#include <QLoggingCategory>
#include <QString>

Q_DECLARE_LOGGING_CATEGORY(lcRequests)

namespace rill {

QByteArray methodName(QHttpServerRequest::Method method);

// One line per request on stderr: method, path (never the query: it may carry
// a message or a token), status, duration.
void logRequest(
    const QHttpServerRequest &request, int status, qint64 elapsedMs, const QString &note = {});
// The same for a request answered later, when only its method and path are left.
void logRequest(const QByteArray &method, const QString &path, int status, qint64 elapsedMs,
    const QString &note = {});

} // namespace rill
