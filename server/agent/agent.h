#pragma once

#include "server/protocol/chatoptions.h"
#include "server/protocol/message.h"

#include <QList>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>

namespace rill {

// What a run is asked to do.
struct AgentRequest
{
    QString sessionId;
    QString message; // may be empty: the seed's bare `POST /chat`
    QList<Message> history; // earlier turns of the session, oldest first
    QString language = QStringLiteral("zh_CN");
    // The model and sampling parameters asked for (the client's over the
    // server's defaults); agents that have no model ignore them.
    ChatOptions options;
};

// One run of an agent. It reports its work only through signals, each the
// moment it happens; the transport (an SSE stream, a test) connects to them.
// After start(), exactly one of finished() or failed() is emitted, unless the
// run is cancelled first; nothing is emitted after cancel().
class Agent : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    virtual void start(const AgentRequest &request) = 0;

public slots:
    // Stops the run at once: timers stopped, children ended, no more signals.
    virtual void cancel() = 0;

signals:
    // A message produced by the run; id, sessionId and timestamp may be left
    // empty for the transport to stamp.
    void messageProduced(const rill::Message &message);
    void finished();
    void failed(const QString &reason, int status);
    // The run waits for a person (a tool call's approval) and must not be given
    // up when its client leaves: another client, or the same one resuming, may
    // answer. false once it no longer waits.
    void awaitingPerson(bool waiting);
};

// Makes a fresh agent for each run.
using AgentFactory = std::function<std::unique_ptr<Agent>()>;

} // namespace rill
