// The demo agent, telling a test what each run was asked.
#pragma once

#include "server/agent/demoagent.h"

#include <QList>

#include <chrono>

namespace rill::testing {

class RecordingAgent : public Agent
{
public:
    RecordingAgent(QList<AgentRequest> *requests, std::chrono::milliseconds stepDelay)
        : m_requests(requests)
        , m_inner(stepDelay)
    {
        connect(&m_inner, &Agent::messageProduced, this, &Agent::messageProduced);
        connect(&m_inner, &Agent::finished, this, &Agent::finished);
        connect(&m_inner, &Agent::failed, this, &Agent::failed);
    }
    void start(const AgentRequest &request) override
    {
        m_requests->append(request);
        m_inner.start(request);
    }
    void cancel() override { m_inner.cancel(); }

private:
    QList<AgentRequest> *m_requests;
    DemoAgent m_inner;
};

} // namespace rill::testing
