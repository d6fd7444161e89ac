// ChatServer's resumes (Last-Event-ID): kept apart from chatserver.cpp, which
// holds the routes and new runs.
#include "server/http/chatserver.h"
#include "server/http/pendingreply.h"
#include "server/http/session.h"
#include "server/http/ssestream.h"

#include <QElapsedTimer>
#include <QHttpServerRequest>

namespace rill {

void ChatServer::resume(
    const QHttpServerRequest &request, QHttpServerResponder &&responder, const ChatRequest &chat)
{
    QElapsedTimer clock;
    clock.start();
    // Last-Event-ID is "<sessionId>:<seq>", as this server sent it.
    const qsizetype colon = chat.lastEventId.lastIndexOf(u':');
    bool seqOk = false;
    const QString sessionId = chat.lastEventId.left(colon);
    const qint64 seq
        = colon > 0 ? QStringView(chat.lastEventId).mid(colon + 1).toLongLong(&seqOk) : -1;
    if (!seqOk || seq < 0 || !isValidSessionId(sessionId)
        || (!chat.sessionId.isEmpty() && chat.sessionId != sessionId)) {
        replyError(request, responder, clock, 400,
            QStringLiteral("Last-Event-ID must be \"<sessionId>:<seq>\" as this server sent it"));
        return;
    }
    auto pending = std::make_shared<PendingReply>(
        request, std::move(responder), m_access.corsHeaders(request));
    m_backend->resume(sessionId, seq, [this, pending, seq](SessionBackend::Resume resume) {
        resumeAnswered(pending, seq, std::move(resume));
    });
}

void ChatServer::resumeAnswered(
    const std::shared_ptr<PendingReply> &pending, qint64 seq, SessionBackend::Resume resume)
{
    using Outcome = SessionBackend::Resume::Outcome;
    switch (resume.outcome) {
    case Outcome::UnknownSession:
        pending->sendError(
            404, QStringLiteral("unknown or expired session; start a new one with POST /chat"));
        return;
    case Outcome::Unavailable:
        pending->sendError(503, resume.reason, { { "Retry-After", "5" } });
        return;
    case Outcome::NothingLeft:
        // Nothing left and nothing coming: 204 is what stops EventSource from
        // reconnecting (and restarting the agent) forever.
        pending->sendNoContent(QStringLiteral("nothing to resume"));
        return;
    case Outcome::Gone:
    case Outcome::Replay:
        break;
    }
    if (m_openStreams >= m_options.maxStreams) {
        pending->sendError(503,
            QStringLiteral("too many open streams (limit %1); try again shortly")
                .arg(m_options.maxStreams),
            { { "Retry-After", "5" } });
        return;
    }
    if (!pending->connected()) {
        pending->log(499, QStringLiteral("the client left before its resume was answered"));
        return;
    }
    const bool live = bool(resume.follow);
    SseStream *stream = openStream(*pending);
    if (resume.outcome == Outcome::Gone) {
        // The events are gone from the buffer; say so in-band. The refusal is this
        // client's alone, not an event of the run: it is not stored and takes no
        // sequence number, and carries the id of the last real event, so that a
        // reconnect after it gets a 204 (or the live tail), not this again.
        Message error = Message::make(MessageType::Error,
            QStringLiteral("cannot resume after event %1: it is older than the events this "
                           "server keeps")
                .arg(seq),
            410);
        stream->send(Session::encodeAside(resume.sessionId, resume.lastSeq, error));
        if (!live) {
            Message done = Message::done();
            stream->send(Session::encodeAside(resume.sessionId, resume.lastSeq, done));
        }
    } else {
        for (const QByteArray &event : std::as_const(resume.missed))
            stream->send(event);
    }
    pending->log(200,
        QStringLiteral("resumed after %1, %2 events replayed%3")
            .arg(seq)
            .arg(resume.missed.size())
            .arg(live ? QStringLiteral(", live") : QString()));
    if (live && stream->isOpen()) {
        resume.follow(stream);
    } else {
        stream->close();
        stream->deleteLater();
    }
}

} // namespace rill
