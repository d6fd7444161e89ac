#pragma once

#include <QByteArray>
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
};

std::variant<ChatRequest, ChatRequestError> parseChatRequest(
    const ChatRequestParts &parts, const ChatRequestLimits &limits = {});

// Session ids travel in headers and logs, so only a safe alphabet is accepted.
bool isValidSessionId(QStringView id);

} // namespace rill
