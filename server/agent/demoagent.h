#pragma once

#include "server/agent/agent.h"
#include "server/agent/demoscript.h"

#include <QTimer>

#include <chrono>

namespace rill {

// The scripted music assistant: the greeting at once, then one message of the
// script per step delay, driven by a timer of its own (no threads, no sleeps).
class DemoAgent final : public Agent
{
    Q_OBJECT
public:
    explicit DemoAgent(std::chrono::milliseconds stepDelay, QObject *parent = nullptr);

    void start(const AgentRequest &request) override;
    void cancel() override;

    // Writing this in a message makes the run fail at step 2: a way to demo
    // (and test) how failures travel to the user.
    static constexpr QLatin1StringView failureTrigger { "#fail" };

private:
    void emitNext();

    QTimer m_timer;
    DemoScript m_script;
    qsizetype m_next = 0;
    bool m_running = false;
};

} // namespace rill
