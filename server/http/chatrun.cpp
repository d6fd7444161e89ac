#include "server/http/chatrun.h"

#include "server/http/session.h"
#include "server/http/ssestream.h"

#include <QPointer>

#include <chrono>

namespace rill {

ChatRun::ChatRun(std::shared_ptr<Session> session, std::unique_ptr<Agent> agent,
    std::chrono::milliseconds resumeGrace, QObject *parent)
    : QObject(parent)
    , m_session(std::move(session))
    , m_agent(std::move(agent))
{
    m_graceTimer.setSingleShot(true);
    m_graceTimer.setInterval(resumeGrace);
    connect(&m_graceTimer, &QTimer::timeout, this, &ChatRun::onGraceOver);
    connect(m_agent.get(), &Agent::messageProduced, this, &ChatRun::relay);
    connect(m_agent.get(), &Agent::finished, this, &ChatRun::onFinished);
    connect(m_agent.get(), &Agent::failed, this, &ChatRun::onFailed);
    connect(m_agent.get(), &Agent::awaitingPerson, this, &ChatRun::onAwaitingPerson);
}

ChatRun::~ChatRun()
{
    if (!m_ended)
        m_agent->cancel();
}

std::function<void(SseStream *)> ChatRun::followFrom(
    QPointer<ChatRun> run, std::shared_ptr<Session> session)
{
    return [run = std::move(run), session, cursor = session->lastSeq()](SseStream *stream) {
        if (const auto since = session->eventsAfter(cursor)) {
            for (const QByteArray &event : *since)
                stream->send(event);
        }
        if (run) {
            run->attach(stream);
        } else {
            stream->close();
            stream->deleteLater();
        }
    };
}

void ChatRun::attach(SseStream *stream)
{
    if (m_stream) {
        disconnect(m_stream, nullptr, this, nullptr);
        m_stream->close();
        m_stream->deleteLater();
    }
    m_graceTimer.stop();
    m_stream = stream;
    m_stream->setParent(this);
    connect(m_stream, &SseStream::clientDisconnected, this, &ChatRun::onClientDisconnected);
}

void ChatRun::start(const AgentRequest &request)
{
    m_clock.start();
    if (!request.message.isEmpty()) {
        Message user = Message::make(MessageType::User, request.message);
        user.timestamp = QDateTime::currentDateTimeUtc();
        m_session->appendHistory(user);
    }
    m_agent->start(request);
}

void ChatRun::cancel()
{
    if (m_ended)
        return;
    // Said in-band, so that every client of the session can tell a Stop from a drop.
    Message done = Message::done();
    done.extra.insert(QStringLiteral("state"), QStringLiteral("cancelled"));
    send(done);
    end(false);
}

void ChatRun::endWithError(const QString &reason, int status)
{
    onFailed(reason, status);
}

void ChatRun::onGraceOver()
{
    if (!m_watchedElsewhere || m_stream) {
        end(false);
        return;
    }
    m_watchedElsewhere([self = QPointer<ChatRun>(this)](bool watched) {
        if (!self || self->m_ended || self->m_stream)
            return;
        if (watched)
            self->m_graceTimer.start();
        else
            self->end(false);
    });
}

void ChatRun::relay(const Message &message)
{
    if (message.type == MessageType::Done) {
        // An agent's own done marker ends the run like finished() does.
        onFinished();
        return;
    }
    if (message.type == MessageType::Assistant)
        m_session->appendHistory(message);
    send(message);
}

void ChatRun::send(Message message)
{
    if (m_ended)
        return;
    // Stamped and buffered even while no client is attached, for the resume.
    const QByteArray event = m_session->stampAndEncode(message);
    if (m_stream) {
        if (m_stampSendTime) {
            QByteArray stamped = event;
            stampSendTime(stamped);
            m_stream->send(stamped);
        } else {
            m_stream->send(event);
        }
    }
    ++m_events;
    // After the write: a store's log costs the client nothing.
    emit eventStored(m_session->lastSeq(), event);
}

void ChatRun::stampSendTime(QByteArray &event)
{
    // Added to the encoded bytes right before the write, as late as it can be
    // (the resume buffer keeps the event without it). An event is one data
    // line of a JSON object, so it ends with "}\n\n".
    if (!event.endsWith("}\n\n"))
        return;
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    const qint64 us = std::chrono::duration_cast<std::chrono::microseconds>(now).count();
    event.insert(event.size() - 3, ",\"sentUs\":" + QByteArray::number(us));
}

void ChatRun::onFinished()
{
    if (m_ended)
        return;
    send(Message::done());
    end(true);
}

void ChatRun::onFailed(const QString &reason, int status)
{
    if (m_ended)
        return;
    send(Message::make(MessageType::Error, reason, status));
    onFinished();
}

void ChatRun::onClientDisconnected()
{
    m_stream->deleteLater();
    m_stream = nullptr;
    if (m_awaitingPerson)
        return;
    if (m_graceTimer.interval() <= 0)
        end(false);
    else
        m_graceTimer.start();
}

void ChatRun::onAwaitingPerson(bool waiting)
{
    m_awaitingPerson = waiting;
    if (waiting) {
        m_graceTimer.stop();
    } else if (!m_stream && !m_ended) {
        // Answered from another client while this one was away: the usual grace again.
        if (m_graceTimer.interval() <= 0)
            end(false);
        else
            m_graceTimer.start();
    }
}

void ChatRun::end(bool completed)
{
    if (m_ended)
        return;
    m_ended = true;
    m_graceTimer.stop();
    // Stop the agent now (no timers keep firing into a dead run); free it
    // later, since we may be inside one of its signal emissions.
    m_agent->cancel();
    if (m_stream)
        m_stream->close();
    emit ended(completed);
    deleteLater();
}

} // namespace rill
