#include "server/agent/demoagent.h"

namespace rill {

namespace {

// The script is plain data, and runs with the same request get the same one:
// consecutive runs share it (QList is implicitly shared) instead of building
// it again, which costs as much as sending a long plan.
DemoScript scriptFor(const DemoScript::Options &options)
{
    thread_local DemoScript::Options lastOptions;
    thread_local DemoScript last;
    thread_local bool built = false;
    if (!built || !(options == lastOptions)) {
        last = DemoScript::build(options);
        lastOptions = options;
        built = true;
    }
    return last;
}

} // namespace

DemoAgent::DemoAgent(std::chrono::milliseconds stepDelay, QObject *parent)
    : DemoAgent(DemoAgentOptions { stepDelay }, parent)
{ }

DemoAgent::DemoAgent(const DemoAgentOptions &options, QObject *parent)
    : Agent(parent)
    , m_options(options)
{
    // Single shot, restarted after each message: the delay is between
    // messages even when a tick comes late on a busy machine. A delay of 0
    // still goes through the event loop, so sockets are served between events.
    m_timer.setSingleShot(true);
    m_timer.setInterval(options.stepDelay);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &DemoAgent::emitNext);
}

void DemoAgent::start(const AgentRequest &request)
{
    DemoScript::Options options;
    options.userMessage = request.message;
    options.language = request.language;
    options.failAtStep = request.message.contains(failureTrigger, Qt::CaseInsensitive) ? 2 : 0;
    options.steps = m_options.steps;
    options.payloadBytes = m_options.payloadBytes;
    m_script = scriptFor(options);
    m_next = 0;
    m_running = true;
    emitNext();
}

void DemoAgent::cancel()
{
    m_running = false;
    m_timer.stop();
}

void DemoAgent::emitNext()
{
    if (!m_running)
        return;
    emit messageProduced(m_script.messages.at(m_next++));
    // A receiver may have cancelled the run from its slot.
    if (!m_running)
        return;
    if (m_options.holdAfterGreeting)
        return; // the run stays open until cancelled
    if (m_next < m_script.messages.size()) {
        // Without a delay, a queued call is the cheapest way back through the
        // event loop (sockets are served in between); a 0 ms timer would be
        // unregistered and registered again per event.
        if (m_options.stepDelay.count() == 0)
            QMetaObject::invokeMethod(this, &DemoAgent::emitNext, Qt::QueuedConnection);
        else
            m_timer.start();
        return;
    }
    m_running = false;
    if (m_script.failureReason.isEmpty())
        emit finished();
    else
        emit failed(m_script.failureReason, 500);
}

} // namespace rill
