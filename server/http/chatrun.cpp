#include "server/http/chatrun.h"

#include "server/http/session.h"
#include "server/http/ssestream.h"

namespace rill {

ChatRun::ChatRun(std::shared_ptr<Session> session, std::unique_ptr<Agent> agent,
    SseStream *stream, QObject *parent)
    : QObject(parent)
    , m_session(std::move(session))
    , m_agent(std::move(agent))
    , m_stream(stream)
{
    m_stream->setParent(this);
    connect(m_agent.get(), &Agent::messageProduced, this, &ChatRun::relay);
    connect(m_agent.get(), &Agent::finished, this, &ChatRun::onFinished);
    connect(m_agent.get(), &Agent::failed, this, &ChatRun::onFailed);
    connect(m_stream, &SseStream::clientDisconnected, this, &ChatRun::onClientDisconnected);
}

ChatRun::~ChatRun()
{
    if (m_agent)
        m_agent->cancel();
    m_session->setRunning(false);
}

void ChatRun::start(const AgentRequest &request)
{
    m_clock.start();
    m_session->setRunning(true);
    if (!request.message.isEmpty()) {
        Message user;
        user.type = MessageType::User;
        user.content = request.message;
        user.timestamp = QDateTime::currentDateTimeUtc();
        m_session->appendHistory(user);
    }
    m_stream->open();
    m_agent->start(request);
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
    m_stream->send(m_session->stampAndEncode(message));
    ++m_events;
}

void ChatRun::onFinished()
{
    if (m_ended)
        return;
    Message done;
    done.type = MessageType::Done;
    done.content = QStringLiteral("完成");
    send(done);
    end(false);
}

void ChatRun::onFailed(const QString &reason, int status)
{
    if (m_ended)
        return;
    Message error;
    error.type = MessageType::Error;
    error.content = reason;
    error.status = status;
    send(error);
    onFinished();
}

void ChatRun::onClientDisconnected()
{
    end(true);
}

void ChatRun::end(bool clientGone)
{
    if (m_ended)
        return;
    m_ended = true;
    // Stop the agent now (no timers keep firing into a dead run); free it
    // later, since we may be inside one of its signal emissions.
    m_agent->cancel();
    m_stream->close();
    m_session->setRunning(false);
    emit ended(clientGone);
    deleteLater();
}

} // namespace rill
