#pragma once

#include "ui/widgets/chatitem.h"

#include <QJsonArray>

#include <optional>

namespace rill {

// Chat rows as JSON, for kept conversations:
//   {"kind":"user","text":"…"}            also "assistant" (markdown) and "error"
//   {"kind":"plan","steps":[{"title":"…","state":"pending|running|done|failed","detail":"…"}]}
// A user row of a regenerated or edited turn also has "versions": [[rows], …]
// (each the rows from this one on, as they were; the one shown is [], its index
// "shownVersion").
// Reading is strict: a row that is not one of these makes the whole array
// unreadable, rather than showing a conversation with holes in it.
QJsonArray chatItemsToJson(const QList<ChatItem> &items);
std::optional<QList<ChatItem>> chatItemsFromJson(const QJsonArray &items, QString *error = nullptr);

// The turns a server needs to continue the conversation, as POST /chat's
// `history`: [{"type":"user"|"assistant","content":"…"}], oldest first. The
// newest turns are kept that fit in `maxBytes` (of JSON) and `maxTurns`.
QJsonArray chatHistoryJson(const QList<ChatItem> &items, qsizetype maxBytes, qsizetype maxTurns);

} // namespace rill
