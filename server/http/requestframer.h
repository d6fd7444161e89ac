#pragma once

#include "server/http/requesthead.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <optional>

namespace rill {

// Follows the requests of one connection through its bytes, as they arrive in
// any pieces: skips blank space between requests, collects each head, parses
// it strictly (parseRequestHead), then counts off its Content-Length body.
// It is the connection's authority on where each request ends; nothing here
// touches a socket, so it can be fed and fuzzed alone.
class RequestFramer
{
public:
    explicit RequestFramer(const RequestHeadLimits &limits = {});

    // A request whose head passed; it ends `end` bytes into the connection.
    struct Passed
    {
        RequestHead head;
        qint64 end;
    };

    struct Fed
    {
        QList<Passed> requests; // heads completed in these bytes, in order
        std::optional<HeadRefusal> refusal; // set: stop reading this connection
    };

    // Scans `bytes`, which follow everything fed before. After a refusal, or after
    // a request that ends the connection (see RequestHead::keepAlive), the rest is
    // not scanned.
    Fed feed(QByteArrayView bytes);

    // A head has begun and not yet ended.
    bool inHead() const { return m_state == State::Head; }
    // Nothing of a request is pending: the connection is idle.
    bool betweenRequests() const { return m_state == State::BetweenRequests; }
    // A refusal was given, or the last request asked to close the connection.
    bool ended() const { return m_state == State::Ended; }

private:
    std::optional<HeadRefusal> endOfLine(Fed &fed);

    enum class State { BetweenRequests, Head, Body, Ended };

    RequestHeadLimits m_limits;
    State m_state = State::BetweenRequests;
    QByteArray m_head;
    qsizetype m_lineStart = 0;
    int m_lines = 0;
    qsizetype m_blankBytes = 0;
    qint64 m_bodyLeft = 0;
    bool m_closeAfterBody = false;
    qint64 m_offset = 0; // bytes of the connection scanned so far
};

} // namespace rill
