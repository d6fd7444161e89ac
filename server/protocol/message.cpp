#include "server/protocol/message.h"

#include "server/protocol/jsonwriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QStringList>

namespace rill {

namespace {

const QLatin1String kType("type");
const QLatin1String kId("id");
const QLatin1String kSessionId("sessionId");
const QLatin1String kTimestamp("timestamp");
const QLatin1String kContent("content");
const QLatin1String kStatus("status");

bool isFixedKey(const QString &key)
{
    return key == kType || key == kId || key == kSessionId || key == kTimestamp || key == kContent
        || key == kStatus;
}

using JsonWriter::appendKey;
using JsonWriter::appendString;

} // namespace

QString Message::formatTimestamp(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

Message Message::make(const QString &type, const QString &content, std::optional<int> status,
    const QJsonObject &extra)
{
    Message message;
    message.type = type;
    message.content = content;
    message.status = status;
    message.extra = extra;
    return message;
}

QByteArray Message::toJson() const
{
    QByteArray out;
    out.reserve(160 + content.size() * 3);
    out.append('{');
    appendKey(out, kType);
    appendString(out, type);
    appendKey(out, kId);
    appendString(out, id);
    appendKey(out, kSessionId);
    appendString(out, sessionId);
    appendKey(out, kTimestamp);
    appendString(out, timestamp.isValid() ? formatTimestamp(timestamp) : QString());
    appendKey(out, kContent);
    appendString(out, content);
    appendKey(out, kStatus);
    if (status)
        out.append(QByteArray::number(*status));
    else
        out.append("null");
    QStringList written; // extra keys so far (there are few)
    for (auto it = extra.constBegin(); it != extra.constEnd(); ++it) {
        // Each key once: a duplicate would override the first for most readers (an id or
        // sessionId not stamped by the server). make() can be given one, and JSON can
        // bring one: Qt reads the key "\uFEFFtype" back as "type" (found by fuzzing).
        const QString key = it.key();
        if (isFixedKey(key) || written.contains(key))
            continue;
        written.append(key);
        out.append(",");
        appendString(out, key);
        out.append(':');
        JsonWriter::appendValue(out, it.value());
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
