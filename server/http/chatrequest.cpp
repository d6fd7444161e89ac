#include "server/http/chatrequest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace rill {

namespace {

const QString kSessionId = QStringLiteral("sessionId");
const QString kMessage = QStringLiteral("message");
const QString kLastEventId = QStringLiteral("lastEventId");
const QString kLang = QStringLiteral("lang");
const QString kHistory = QStringLiteral("history");

ChatRequestError badRequest(const QString &reason)
{
    return { 400, reason };
}

QString languageFrom(QStringView requested, const QByteArray &acceptLanguage)
{
    const QString tag = !requested.isEmpty()
        ? requested.toString()
        : QString::fromLatin1(acceptLanguage).section(u',', 0, 0);
    return tag.trimmed().startsWith(QLatin1String("en"), Qt::CaseInsensitive)
        ? QStringLiteral("en")
        : QStringLiteral("zh_CN");
}

// `history`: [{"type": "user"|"assistant", "content": "..."}, ...], oldest first.
std::variant<QList<Message>, ChatRequestError> historyFrom(
    const QJsonValue &value, const ChatRequestLimits &limits)
{
    if (value.isUndefined() || value.isNull())
        return QList<Message> {};
    if (!value.isArray())
        return badRequest(QStringLiteral("\"history\" must be an array of "
                                         "{\"type\": \"user\"|\"assistant\", \"content\": "
                                         "\"...\"} objects"));
    const QJsonArray turns = value.toArray();
    if (turns.size() > limits.maxHistoryTurns)
        return ChatRequestError {
            413,
            QStringLiteral("\"history\" has too many turns (limit %1)").arg(limits.maxHistoryTurns)
        };
    QList<Message> history;
    qsizetype chars = 0;
    for (qsizetype i = 0; i < turns.size(); ++i) {
        const QJsonObject turn = turns.at(i).toObject();
        const QString type = turn.value(QLatin1String("type")).toString();
        const QJsonValue content = turn.value(QLatin1String("content"));
        if (!turns.at(i).isObject() || (type != MessageType::User && type != MessageType::Assistant)
            || !content.isString())
            return badRequest(QStringLiteral("\"history\"[%1] must be an object with \"type\" "
                                             "\"user\" or \"assistant\" and a string \"content\"")
                                  .arg(i));
        chars += content.toString().size();
        if (chars > limits.maxHistoryChars)
            return ChatRequestError { 413,
                QStringLiteral("\"history\" too long (limit %1 characters in all)")
                    .arg(limits.maxHistoryChars) };
        history.append(Message::make(type, content.toString()));
    }
    return history;
}

// Fields of a JSON body; every field is optional, but a present one must be a
// string (or, for `history`, an array of turns).
std::variant<ChatRequest, ChatRequestError> fromJsonBody(
    const QByteArray &body, const ChatRequestLimits &limits)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        return badRequest(QStringLiteral("malformed JSON body: %1 at offset %2")
                              .arg(error.errorString())
                              .arg(error.offset));
    if (!document.isObject())
        return badRequest(QStringLiteral("the JSON body must be an object"));
    const QJsonObject object = document.object();
    ChatRequest request;
    for (const auto &[key, target] : { std::pair { kSessionId, &request.sessionId },
             std::pair { kMessage, &request.message }, std::pair { kLang, &request.language } }) {
        const QJsonValue value = object.value(key);
        if (value.isUndefined() || value.isNull())
            continue;
        if (!value.isString())
            return badRequest(QStringLiteral("\"%1\" must be a string").arg(key));
        *target = value.toString();
    }
    auto history = historyFrom(object.value(kHistory), limits);
    if (auto *error = std::get_if<ChatRequestError>(&history))
        return *error;
    request.history = std::get<QList<Message>>(std::move(history));
    auto options = ChatOptions::fromJson(object.value(QLatin1String("options")));
    if (const auto *problem = std::get_if<QString>(&options))
        return badRequest(*problem);
    request.options = std::get<ChatOptions>(std::move(options));
    return request;
}

// Forms and URLSearchParams write a space as '+', which QUrlQuery leaves as is.
QUrlQuery formDecoded(const QString &encoded)
{
    return QUrlQuery(QString(encoded).replace(u'+', u' '));
}

ChatRequest fromQuery(const QUrlQuery &rawQuery)
{
    const QUrlQuery query = formDecoded(rawQuery.query(QUrl::FullyEncoded));
    ChatRequest request;
    request.sessionId = query.queryItemValue(kSessionId, QUrl::FullyDecoded);
    request.message = query.queryItemValue(kMessage, QUrl::FullyDecoded);
    request.language = query.queryItemValue(kLang, QUrl::FullyDecoded);
    return request;
}

} // namespace

bool isValidSessionId(QStringView id)
{
    if (id.isEmpty() || id.size() > 64)
        return false;
    return std::all_of(id.begin(), id.end(), [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9')
            || c == u'-' || c == u'_';
    });
}

std::variant<ChatRequest, ChatRequestError> parseChatRequest(
    const ChatRequestParts &parts, const ChatRequestLimits &limits)
{
    if (parts.body.size() > limits.maxBodyBytes)
        return ChatRequestError { 413,
            QStringLiteral("request body too large (limit %1 bytes)").arg(limits.maxBodyBytes) };

    ChatRequest request;
    const qsizetype semicolon = parts.contentType.indexOf(';');
    const QByteArray mime = (semicolon < 0 ? parts.contentType : parts.contentType.left(semicolon))
                                .trimmed()
                                .toLower();
    if (parts.body.trimmed().isEmpty()) {
        request = fromQuery(parts.query);
    } else if (mime.isEmpty() || mime == "application/json" || mime.endsWith("+json")) {
        auto parsed = fromJsonBody(parts.body, limits);
        if (auto *error = std::get_if<ChatRequestError>(&parsed))
            return *error;
        request = std::get<ChatRequest>(parsed);
        // The query may still name what the body left out.
        const ChatRequest fromUrl = fromQuery(parts.query);
        if (request.sessionId.isEmpty())
            request.sessionId = fromUrl.sessionId;
        if (request.message.isEmpty())
            request.message = fromUrl.message;
        if (request.language.isEmpty())
            request.language = fromUrl.language;
    } else if (mime == "application/x-www-form-urlencoded") {
        request = fromQuery(QUrlQuery(QString::fromUtf8(parts.body)));
    } else {
        return ChatRequestError { 415,
            QStringLiteral("unsupported Content-Type; send application/json") };
    }

    if (!request.sessionId.isEmpty() && !isValidSessionId(request.sessionId))
        return badRequest(
            QStringLiteral("invalid sessionId: use 1 to 64 of the characters A-Z a-z 0-9 _ -"));
    if (request.message.size() > limits.maxMessageChars)
        return ChatRequestError { 413,
            QStringLiteral("message too long (limit %1 characters)").arg(limits.maxMessageChars) };

    request.lastEventId = !parts.lastEventIdHeader.isEmpty()
        ? QString::fromUtf8(parts.lastEventIdHeader)
        : formDecoded(parts.query.query(QUrl::FullyEncoded))
              .queryItemValue(kLastEventId, QUrl::FullyDecoded);
    request.language = languageFrom(request.language, parts.acceptLanguage);
    return request;
}

} // namespace rill
