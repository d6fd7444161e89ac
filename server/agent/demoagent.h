#pragma once

#include "server/agent/agent.h"
#include "server/agent/demoscript.h"

#include <QTimer>

#include <chrono>

namespace rill {

// How a DemoAgent runs; the defaults are the seed's demo. The other fields
// exist for benchmarks (rill --serve --bench).
struct DemoAgentOptions
{
    std::chrono::milliseconds stepDelay { 300 };
    int steps = 3; // plan length
    int payloadBytes = 0; // padding in each plan and step event
    // Sends the greeting, then nothing until cancelled: the stream stays open
    // and carries only heartbeats (idle-connection benchmarks).
    bool holdAfterGreeting = false;
};

// The scripted music assistant: the greeting at once, then one message of the
// script per step delay, driven by a timer of its own (no threads, no sleeps).
class DemoAgent final : public Agent
{
    Q_OBJECT
public:
    explicit DemoAgent(std::chrono::milliseconds stepDelay, QObject *parent = nullptr);
    explicit DemoAgent(const DemoAgentOptions &options, QObject *parent = nullptr);

    void start(const AgentRequest &request) override;
    void cancel() override;

    // Writing this in a message makes the run fail at step 2: a way to demo
    // (and test) how failures travel to the user.
    static constexpr QLatin1StringView failureTrigger { "#fail" };

private:
    void emitNext();

    DemoAgentOptions m_options;
    QTimer m_timer;
    DemoScript m_script;
    qsizetype m_next = 0;
    bool m_running = false;
};

} // namespace rill
