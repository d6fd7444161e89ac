#pragma once

#include "ui/store/conversation.h"
#include "ui/widgets/chatitem.h"

#include <QCoreApplication>
#include <QString>

namespace rill {

// A conversation as a Markdown document a person reads (Conversation ▸ Export
// as Markdown…): a title, then each row under a "You" / "Assistant" heading.
// Answers are written as the Markdown they are, so their code fences stay
// exactly as the model wrote them; plans become task lists (done steps
// ticked, the others saying their state), a model's thinking a <details>
// block, a tool call its name with its arguments and result fenced. Only the
// version of each turn on screen is written; a turn with others says so.
// It writes, it never reads: Rill's own JSON file is what imports.
class MarkdownExport
{
    Q_DECLARE_TR_FUNCTIONS(MarkdownExport)
public:
    static QString write(const ConversationHeader &header, const QList<ChatItem> &items);

    // A fence for `text` that no run of backticks inside it can close.
    static QString fenced(const QString &text, const QString &language = {});
};

} // namespace rill
