#include "server/protocol/message.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace rill {

namespace {

const QLatin1String kType("type");
const QLatin1String kId("id");
const QLatin1String kSessionId("sessionId");
const QLatin1String kTimestamp("timestamp");
const QLatin1String kContent("content");
const QLatin1String kStatus("status");

// Strings are most of every event, so they get a direct escaper: it writes
// UTF-8 as is and escapes only what JSON requires.
void appendJsonString(QByteArray &out, const QString &text)
{
    static constexpr char hex[] = "0123456789abcdef";
    const QByteArray utf8 = text.toUtf8();
    out.reserve(out.size() + utf8.size() + 2);
    out.append('"');
    for (const char c : utf8) {
        const auto byte = static_cast<unsigned char>(c);
        switch (byte) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        case '\b': out.append("\\b"); break;
        case '\f': out.append("\\f"); break;
        default:
            if (byte < 0x20) {
                out.append("\\u00").append(hex[byte >> 4]).append(hex[byte & 0xf]);
            } else {
                out.append(c);
            }
        }
    }
    out.append('"');
}

// Any other JSON value is rare (extra fields): let QJsonDocument write it by
// wrapping it in a one-element array and dropping the brackets.
void appendJsonValue(QByteArray &out, const QJsonValue &value)
{
    if (value.isString()) {
        appendJsonString(out, value.toString());
        return;
    }
    const QByteArray wrapped = QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact);
    out.append(wrapped.constData() + 1, wrapped.size() - 2);
}

void appendKey(QByteArray &out, QLatin1String key)
{
    if (out.size() > 1)
        out.append(',');
    out.append('"').append(key.data(), key.size()).append("\":");
}

} // namespace

QString Message::formatTimestamp(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QByteArray Message::toJson() const
{
    QByteArray out;
    out.reserve(160 + content.size() * 3);
    out.append('{');
    appendKey(out, kType);
    appendJsonString(out, type);
    appendKey(out, kId);
    appendJsonString(out, id);
    appendKey(out, kSessionId);
    appendJsonString(out, sessionId);
    appendKey(out, kTimestamp);
    appendJsonString(out, timestamp.isValid() ? formatTimestamp(timestamp) : QString());
    appendKey(out, kContent);
    appendJsonString(out, content);
    appendKey(out, kStatus);
    if (status)
        out.append(QByteArray::number(*status));
    else
        out.append("null");
    for (auto it = extra.constBegin(); it != extra.constEnd(); ++it) {
        out.append(",");
        appendJsonString(out, it.key());
        out.append(':');
        appendJsonValue(out, it.value());
    }
    out.append('}');
    return out;
}

std::optional<Message> Message::fromJson(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        if (error) {
            *error = parseError.error != QJsonParseError::NoError
                ? parseError.errorString()
                : QStringLiteral("not a JSON object");
        }
        return std::nullopt;
    }
    QJsonObject object = document.object();
    Message message;
    message.type = object.take(kType).toString();
    message.id = object.take(kId).toString();
    message.sessionId = object.take(kSessionId).toString();
    message.timestamp
        = QDateTime::fromString(object.take(kTimestamp).toString(), Qt::ISODateWithMs);
    const QJsonValue content = object.take(kContent);
    message.content = content.isString() ? content.toString()
        : content.isUndefined() || content.isNull()
        ? QString()
        : QString::fromUtf8(QJsonDocument(QJsonArray { content }).toJson(QJsonDocument::Compact))
              .mid(1)
              .chopped(1);
    const QJsonValue status = object.take(kStatus);
    if (status.isDouble())
        message.status = status.toInt();
    message.extra = object;
    return message;
}

} // namespace rill
