#pragma once

#include "server/protocol/chatoptions.h"
#include "server/protocol/message.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrlQuery>

#include <variant>

namespace rill {

// The parts of an HTTP request that /chat reads, separated from QHttpServer so
// that parsing can be tested (and fuzzed) without a socket.
struct ChatRequestParts
{
    QByteArray method; // "GET", "POST"
    QUrlQuery query;
    QByteArray contentType;
    QByteArray body;
    QByteArray lastEventIdHeader;
    QByteArray acceptLanguage;
};

struct ChatRequest
{
    QString sessionId; // empty: start a new session
    QString message;
    QString lastEventId;
    QString language; // "zh_CN" or "en"
    // Earlier turns as the client kept them (`user`/`assistant` messages, oldest
    // first): a server that restarted, or never saw the session, starts from them.
    QList<Message> history;
    // The `options` object of a JSON body: model, system prompt, sampling.
    ChatOptions options;
};

struct ChatRequestError
{
    int status;
    QString reason;
};

struct ChatRequestLimits
{
    qsizetype maxBodyBytes = 64 * 1024;
    qsizetype maxMessageChars = 16 * 1024;
    qsizetype maxHistoryTurns = 200;
    qsizetype maxHistoryChars = 48 * 1024; // all turns' content together
};

std::variant<ChatRequest, ChatRequestError> parseChatRequest(
    const ChatRequestParts &parts, const ChatRequestLimits &limits = {});

// Session ids travel in headers and logs, so only a safe alphabet is accepted.
bool isValidSessionId(QStringView id);

} // namespace rill
