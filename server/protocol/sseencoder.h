#pragma once

#include "server/protocol/sseevent.h"

#include <QByteArray>
#include <QByteArrayView>

namespace rill {

// Writes the text/event-stream framing. Every field value is split on line
// breaks (CRLF, LF, CR) so that any text stays one valid event.
namespace SseEncoder {

QByteArray encode(const SseEvent &event);

// Same, for data that is already UTF-8 (the server's hot path: a JSON message).
QByteArray encode(QByteArrayView utf8Data, QByteArrayView id = {}, QByteArrayView type = {});

// A comment line, ignored by clients; used as the heartbeat (": ping").
QByteArray comment(QByteArrayView text);

} // namespace SseEncoder

} // namespace rill
