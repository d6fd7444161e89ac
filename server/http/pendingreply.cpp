#include "server/http/pendingreply.h"

#include "server/http/requestlog.h"

namespace rill {

PendingReply::PendingReply(
    const QHttpServerRequest &request, QHttpServerResponder &&responder, HttpHeaders corsHeaders)
    : m_responder(std::move(responder))
    , m_socket(m_responder.socket())
    , m_cors(std::move(corsHeaders))
    , m_method(methodName(request.method()))
    , m_path(request.url().path(QUrl::FullyEncoded))
{
    m_clock.start();
}

bool PendingReply::connected() const
{
    return m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}

void PendingReply::sendError(int status, const QString &reason, const HttpHeaders &extraHeaders)
{
    if (connected())
        HttpReply::sendError(m_responder, status, reason, extraHeaders + m_cors);
    log(status);
}

void PendingReply::sendNoContent(const QString &note)
{
    if (connected())
        HttpReply::sendNoContent(m_responder, m_cors);
    log(204, note);
}

void PendingReply::log(int status, const QString &note) const
{
    logRequest(m_method, m_path, status, m_clock.elapsed(), note);
}

} // namespace rill
