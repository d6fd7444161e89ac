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

} // namespace rill
