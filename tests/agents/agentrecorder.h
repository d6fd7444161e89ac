// Records what an agent reports through its signals, with arrival times.
#pragma once

#include "server/agent/agent.h"

#include <QElapsedTimer>
#include <QList>
#include <QString>

namespace rill::testing {

struct Recorded
{
    Recorded() { clock.start(); }

    QElapsedTimer clock; // started with the recording; arrivalMs counts from it
    QList<Message> messages;
    QList<qint64> arrivalMs;
    bool finished = false;
    QString failure;
    int failureStatus = 0;

    bool ended() const { return finished || !failure.isEmpty(); }
    QList<Message> ofType(const QString &type) const
    {
        QList<Message> out;
        for (const Message &m : messages) {
            if (m.type == type)
                out.append(m);
        }
        return out;
    }
};

inline void record(Agent &agent, Recorded &out)
{
    QObject::connect(&agent, &Agent::messageProduced, &agent, [&out](const Message &m) {
        out.messages.append(m);
        out.arrivalMs.append(out.clock.elapsed());
    });
    QObject::connect(&agent, &Agent::finished, &agent, [&out] { out.finished = true; });
    QObject::connect(&agent, &Agent::failed, &agent, [&out](const QString &reason, int status) {
        out.failure = reason;
        out.failureStatus = status;
    });
}

} // namespace rill::testing
