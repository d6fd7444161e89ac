#pragma once

#include "server/protocol/sseevent.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace rill {

// Incremental parser for a text/event-stream body, following the WHATWG HTML
// "Server-sent events" interpretation rules (section 9.2.6). Feed it byte
// chunks as they arrive; chunk boundaries may fall anywhere, including inside a
// UTF-8 sequence or between CR and LF.
class SseParser
{
public:
    // Parses as much of the stream as the bytes so far allow and returns the
    // events dispatched by them, in order.
    QList<SseEvent> feed(QByteArrayView bytes);

    // Ends the stream: an event not terminated by a blank line is discarded,
    // as the spec requires.
    void finish();

    // Starts over for a new connection, keeping the last event ID and the
    // reconnection time, which survive reconnects per the spec.
    void resetConnection();

    // The last event ID buffer ("id" persists across events).
    QString lastEventId() const { return m_lastEventId; }
    // The reconnection time the stream last asked for, if any.
    std::optional<int> reconnectionTimeMs() const { return m_retryMs; }

private:
    void takeLine(QByteArrayView line, QList<SseEvent> &out);
    void processLine(QByteArrayView line, QList<SseEvent> &out);
    void dispatch(QList<SseEvent> &out);

    // Lines are split as raw bytes and only field values are decoded (decodeUtf8, the WHATWG
    // decoder): CR, LF, ':' and ' ' are ASCII and never part of a UTF-8 sequence, and that
    // decoder ends an ill-formed subpart at the first byte that does not continue it, so this
    // decodes exactly like a stateful decoder over the whole stream while letting the common
    // case run without copying.
    QByteArray m_partialLine; // bytes of a line whose terminator has not arrived yet
    bool m_bomChecked = false;
    bool m_lastWasCr = false; // a chunk ended in CR, so a leading LF in the next one belongs to it
    QString m_eventType;
    QString m_data; // the data lines joined by LF, i.e. the spec's buffer minus its last LF
    bool m_hasData = false; // whether the spec's data buffer would be non-empty
    QString m_lastEventId;
    QByteArray m_typeCacheBytes; // the last "event" value seen, raw,
    QString m_typeCache; // and its decoding, shared by all events using that type
    std::optional<int> m_retryMs;
};

} // namespace rill
