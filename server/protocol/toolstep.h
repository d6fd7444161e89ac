// The wire shape of a tool call (README, "Wire protocol v1"): a `planning`
// event when the model decides on it, then `step` events, `running` when it
// starts and `done` or `failed` when it ends. Besides `step` and `state`,
// they carry `tool`, `arguments` (the JSON object, or the text the model sent
// when it was not one) and, at the end, `result` (capped, with `truncated`).
// A call that needs a person's consent has an `approval` event before its
// `running` step; it is pending until a `step` event of the same step number
// follows (`running` when allowed, `failed` when denied or unanswered).
#pragma once

#include "server/protocol/message.h"

#include <QJsonValue>

namespace rill::ToolStep {

// The most of a result an event carries, in UTF-8 bytes.
constexpr qsizetype kMaxResultBytes = 16 * 1024;

// "list_directory /tmp/notes": the tool and its first argument, one line.
QString summary(const QString &tool, const QJsonValue &arguments);

// "2. list_directory /tmp/notes"
Message planning(int step, const QString &tool, const QJsonValue &arguments);
// The call `callId` of `server`'s `tool` waits for POST /chat/approval.
Message approval(int step, const QString &callId, const QString &tool, const QString &server,
    const QJsonValue &arguments);
Message running(int step, const QString &tool, const QJsonValue &arguments);
// `content` is a one-line summary of `result`; `result` is cut to
// kMaxResultBytes (on a character boundary), then `truncated` is true.
Message finished(int step, const QString &tool, const QJsonValue &arguments, bool succeeded,
    const QString &result);

// The first line of `text`, at most `characters` long, for one-line summaries.
QString firstLine(const QString &text, qsizetype characters = 120);

} // namespace rill::ToolStep
