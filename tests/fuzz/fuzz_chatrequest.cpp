// libFuzzer target for parseChatRequest: everything a client controls in a /chat request
// (method, Content-Type, query, body, Last-Event-ID, Accept-Language) and the limits. No
// input may crash it; what it accepts must be safe to use as is (a session id fit for
// headers and logs, a message within the limit); what it refuses is a 4xx with a reason.
#include "server/http/chatrequest.h"

#include <QRegularExpression>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fuzzer/FuzzedDataProvider.h>

using rill::ChatRequest;
using rill::ChatRequestError;
using rill::ChatRequestLimits;
using rill::ChatRequestParts;

namespace {

void check(bool condition, const char *what)
{
    if (!condition) {
        std::fprintf(stderr, "invariant violated: %s\n", what);
        std::abort();
    }
}

QByteArray bytes(const std::string &s)
{
    return QByteArray(s.data(), qsizetype(s.size()));
}

// Mostly the content types the server meets, sometimes anything.
QByteArray contentType(FuzzedDataProvider &input)
{
    static const char *const known[] = { "", "application/json", "application/json; charset=utf-8",
        " Application/JSON ", "application/ld+json", "application/x-www-form-urlencoded",
        "application/x-www-form-urlencoded;charset=UTF-8", "text/plain", "multipart/form-data" };
    const size_t pick = input.ConsumeIntegralInRange<size_t>(0, std::size(known));
    if (pick < std::size(known))
        return known[pick];
    return bytes(input.ConsumeRandomLengthString(64));
}

bool equal(const ChatRequest &a, const ChatRequest &b)
{
    return a.sessionId == b.sessionId && a.message == b.message && a.lastEventId == b.lastEventId
        && a.language == b.language;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzedDataProvider input(data, size);
    ChatRequestParts parts;
    parts.method = input.ConsumeBool() ? "POST" : "GET";
    parts.contentType = contentType(input);
    parts.query = QUrlQuery(QString::fromUtf8(bytes(input.ConsumeRandomLengthString(512))));
    parts.lastEventIdHeader = input.ConsumeBool() ? bytes(input.ConsumeRandomLengthString(96)) : "";
    parts.acceptLanguage = bytes(input.ConsumeRandomLengthString(48));
    // Small limits half the time, so that the edges are reached with small inputs.
    ChatRequestLimits limits;
    if (input.ConsumeBool()) {
        limits.maxBodyBytes = input.ConsumeIntegralInRange<qsizetype>(0, 256);
        limits.maxMessageChars = input.ConsumeIntegralInRange<qsizetype>(0, 64);
    }
    parts.body = bytes(input.ConsumeRemainingBytesAsString());

    const auto parsed = rill::parseChatRequest(parts, limits);
    if (const auto *error = std::get_if<ChatRequestError>(&parsed)) {
        check(error->status == 400 || error->status == 413 || error->status == 415,
            "a refusal is 400, 413 or 415");
        check(!error->reason.isEmpty(), "a refusal says why");
        check(parts.body.size() <= limits.maxBodyBytes || error->status == 413,
            "an oversized body is 413");
        // Reasons go into JSON bodies and logs: they must not carry what the client sent.
        check(!error->reason.contains(u'\n') && !error->reason.contains(u'\r'),
            "a reason is one line");
        return 0;
    }
    const ChatRequest &request = std::get<ChatRequest>(parsed);
    check(parts.body.size() <= limits.maxBodyBytes, "an oversized body is never accepted");
    check(request.sessionId.isEmpty() || rill::isValidSessionId(request.sessionId),
        "an accepted sessionId is valid");
    static const QRegularExpression safeId(QStringLiteral("\\A[A-Za-z0-9_-]{1,64}\\z"));
    check(request.sessionId.isEmpty() || safeId.match(request.sessionId).hasMatch(),
        "an accepted sessionId matches [A-Za-z0-9_-]{1,64}");
    check(request.message.size() <= limits.maxMessageChars, "an accepted message is within limit");
    check(request.language == QLatin1String("en") || request.language == QLatin1String("zh_CN"),
        "the language is en or zh_CN");
    if (!parts.lastEventIdHeader.isEmpty())
        check(request.lastEventId == QString::fromUtf8(parts.lastEventIdHeader),
            "the Last-Event-ID header wins over the query");

    // Parsing is a pure function of the request.
    const auto again = rill::parseChatRequest(parts, limits);
    check(
        std::holds_alternative<ChatRequest>(again) && equal(std::get<ChatRequest>(again), request),
        "parsing twice gives the same request");

    // isValidSessionId agrees with the documented alphabet on arbitrary text too.
    const QString candidate = parts.query.queryItemValue(QStringLiteral("sessionId"));
    check(rill::isValidSessionId(candidate) == safeId.match(candidate).hasMatch(),
        "isValidSessionId is [A-Za-z0-9_-]{1,64}");
    return 0;
}
