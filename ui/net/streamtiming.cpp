#include "ui/net/streamtiming.h"

#include <algorithm>

namespace rill {

StreamTiming::StreamTiming(StreamTimingOptions options)
    : m_options(options)
{ }

void StreamTiming::requestSent(qint64 atMs)
{
    if (m_firstRequestAt < 0) {
        m_firstRequestAt = atMs;
        m_lastEventAt = atMs;
    }
    m_requestAt = atMs;
}

EventTiming StreamTiming::eventArrived(qint64 atMs)
{
    if (m_firstRequestAt < 0)
        requestSent(atMs); // no request was announced: count from the first event
    EventTiming timing;
    timing.sequence = m_events;
    timing.sinceRequestMs = atMs - m_requestAt;
    timing.gapMs = m_events == 0 ? timing.sinceRequestMs : atMs - m_lastEventAt;

    // Quiet time before this event: since the previous event, or since the
    // request when a reconnect came after it (the time spent reconnecting is
    // not the server holding events back).
    const qint64 quietSince = m_events == 0 ? m_requestAt : std::max(m_lastEventAt, m_requestAt);
    // A run never spans a reconnect: the replay after one is a new start.
    const bool continuesRun = m_events > 0 && m_lastEventAt >= m_requestAt
        && atMs - m_lastEventAt <= m_options.maxBurstGapMs;
    if (continuesRun) {
        ++m_runLength;
    } else {
        m_runFirst = m_events;
        m_runFirstAt = atMs;
        m_runLength = 1;
        m_runSilence = atMs - quietSince;
    }
    ++m_events;
    m_lastEventAt = atMs;

    if (m_runLength >= m_options.minBurstEvents && m_runSilence >= m_options.minSilenceMs) {
        const StreamBurst burst { m_runFirst, m_runLength, atMs - m_runFirstAt, m_runSilence };
        if (m_runLength == m_options.minBurstEvents)
            ++m_bursts; // the run has just become a burst
        if (!m_largest || m_largest->firstEvent == burst.firstEvent
            || burst.events > m_largest->events)
            m_largest = burst;
        timing.burst = burst;
    }
    return timing;
}

QString StreamTiming::describe(const StreamBurst &burst)
{
    return QStringLiteral("%1 events in %2 ms after %3 s of silence")
        .arg(burst.events)
        .arg(burst.spanMs)
        .arg(double(burst.silenceMs) / 1000.0, 0, 'f', 1);
}

QString StreamTiming::verdict() const
{
    if (m_events == 0)
        return QStringLiteral("no events");
    if (!m_largest) {
        return QStringLiteral("live (%1 events over %2 s)")
            .arg(m_events)
            .arg(double(durationMs()) / 1000.0, 0, 'f', 1);
    }
    QString text = QStringLiteral("buffered: ") + describe(*m_largest);
    if (m_bursts > 1)
        text += QStringLiteral(", %1 bursts").arg(m_bursts);
    return text;
}

} // namespace rill
