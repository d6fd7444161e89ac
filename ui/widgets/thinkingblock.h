#pragma once

#include "ui/widgets/chatitem.h"

#include <QString>

namespace rill::ThinkingBlock {

// "Thinking… 3.2 s" while the model thinks, "Thought for 12 s" once its answer
// started, after a mark saying whether the block is open (▾) or closed (▸).
QString header(bool live, bool expanded, qint64 ms);

// What a Thinking row shows, as Markdown: its header, then, when expanded, the
// reasoning. `liveMs` is how long it has thought so far, for a row still open.
QString markdown(const ChatItem &item, qint64 liveMs);

} // namespace rill::ThinkingBlock
