#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace rill {

// What the conversation list needs: everything in a file but its items.
struct ConversationHeader
{
    QString id; // also the file's name, <id>.json
    QString title;
    QDateTime created; // UTC
    QDateTime updated; // UTC; the list is ordered by it, newest first
    QString sessionId; // the server's session, sent again when the chat goes on
    // What this conversation asks of the model over the settings, as the wire's
    // `options` ({"model", "system"}); empty when it follows the settings.
    QJsonObject options;

    friend bool operator==(const ConversationHeader &, const ConversationHeader &) = default;
};

// A whole conversation. The items are the chat's rows as JSON (see
// ui/widgets/chatmodeljson.h); the store keeps them without looking inside.
struct Conversation
{
    ConversationHeader header;
    QJsonArray items;
};

} // namespace rill
