#pragma once

#include <QString>

#include <optional>

namespace rill {

// One Server-Sent Event as the WHATWG spec sees it, after parsing or before encoding.
struct SseEvent
{
    QString type; // the `event:` field; empty on the wire means "message"
    QString data;
    QString lastEventId; // the `id:` field; empty means none was given
    std::optional<int> retryMs;

    friend bool operator==(const SseEvent &, const SseEvent &) = default;
};

} // namespace rill
