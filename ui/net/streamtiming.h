#pragma once

#include <QString>
#include <QtGlobal>

#include <optional>

namespace rill {

// What counts as a buffered burst. A server that holds events back and writes
// them at the end (or a proxy that buffers) delivers them together after a long
// quiet time; a live stream spreads them out as they are produced.
struct StreamTimingOptions
{
    // At least this many events in a row...
    int minBurstEvents = 3;
    // ...each arriving at most this long after the one before it...
    qint64 maxBurstGapMs = 5;
    // ...after at least this long with no event (since the request, or since
    // the previous event when the stream had already started).
    qint64 minSilenceMs = 500;
};

// A run of events that arrived together after a long silence.
struct StreamBurst
{
    qint64 firstEvent = 0; // sequence number of its first event (0-based)
    int events = 0;
    qint64 spanMs = 0; // from its first event's arrival to its last's
    qint64 silenceMs = 0; // the quiet time before its first event
};

// How one event arrived, as the analyser sees it.
struct EventTiming
{
    qint64 sequence = 0; // 0-based, over the whole stream, resumes included
    qint64 sinceRequestMs = 0; // since the request this event came on was sent
    qint64 gapMs = 0; // since the previous event; for the first one, since the request
    // Whether this event belongs to a buffered burst; when it does, so do the
    // events from burst->firstEvent up to it (the earlier ones may only now
    // have become part of a burst, as a run qualifies once it is long enough).
    std::optional<StreamBurst> burst;
};

// Timing analysis of one event stream, shared by `rill listen --timing` and the
// window's stream inspector. It keeps O(1) state, so it can follow a stream of
// any length. Times are milliseconds on one monotonic clock of the caller's.
//
// Only events count as activity: SSE comments (`: ping` heartbeats) are not
// events, so a ping followed by a burst is still a burst of events held back.
// A server that emits quickly from the start (step delay 0) gives a run of
// close events without a silence before it: live, not buffered.
class StreamTiming
{
public:
    explicit StreamTiming(StreamTimingOptions options = {});

    const StreamTimingOptions &options() const { return m_options; }

    // A request was sent (the first, or a reconnect): silence counts from here.
    void requestSent(qint64 atMs);
    // An event arrived. Events read from the same chunk of bytes should get the
    // same time: they did arrive together.
    EventTiming eventArrived(qint64 atMs);

    qint64 eventCount() const { return m_events; }
    int burstCount() const { return m_bursts; }
    bool isBuffered() const { return m_bursts > 0; }
    // The burst with the most events (the earliest among equals).
    std::optional<StreamBurst> largestBurst() const { return m_largest; }
    // Time from the first request to the last event.
    qint64 durationMs() const { return m_lastEventAt - m_firstRequestAt; }

    // One line, stable for scripts: "live (N events over S s)",
    // "buffered: N events in M ms after S s of silence" (+ ", K bursts" when
    // there were several), or "no events".
    QString verdict() const;
    // "N events in M ms after S s of silence"
    static QString describe(const StreamBurst &burst);

private:
    StreamTimingOptions m_options;
    qint64 m_events = 0;
    qint64 m_firstRequestAt = -1;
    qint64 m_requestAt = 0;
    qint64 m_lastEventAt = 0;
    // The current run of close events and the quiet time before it.
    qint64 m_runFirst = 0;
    qint64 m_runFirstAt = 0;
    int m_runLength = 0;
    qint64 m_runSilence = 0;
    int m_bursts = 0;
    std::optional<StreamBurst> m_largest;
};

} // namespace rill
