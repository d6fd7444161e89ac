#pragma once

#include "server/http/httpreply.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QPointer>
#include <QString>
#include <QTcpSocket>

namespace rill {

// A /chat request whose answer waits for the session backend: what the answer
// needs once QHttpServer's request object is gone (a shared backend answers
// from a later turn of the event loop), and the answer's one log line.
class PendingReply
{
public:
    PendingReply(const QHttpServerRequest &request, QHttpServerResponder &&responder,
        HttpHeaders corsHeaders);

    // Whether the client is still there to be answered.
    bool connected() const;
    QHttpServerResponder &&takeResponder() { return std::move(m_responder); }
    const HttpHeaders &corsHeaders() const { return m_cors; }
    qint64 elapsedMs() const { return m_clock.elapsed(); }
    const QByteArray &method() const { return m_method; }
    const QString &path() const { return m_path; }

    // The JSON error, with the CORS headers, and its log line.
    void sendError(int status, const QString &reason, const HttpHeaders &extraHeaders = {});
    void sendNoContent(const QString &note);
    void log(int status, const QString &note = {}) const;

private:
    QHttpServerResponder m_responder;
    QPointer<QTcpSocket> m_socket;
    HttpHeaders m_cors;
    QByteArray m_method;
    QString m_path;
    QElapsedTimer m_clock;
};

} // namespace rill
