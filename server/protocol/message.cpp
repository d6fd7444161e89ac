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

using JsonWriter::appendString;

} // namespace

QString Message::formatTimestamp(const QDateTime &time)
{
    return QString::fromLatin1(formatTimestampUtf8(time));
}

QByteArray Message::formatTimestampUtf8(const QDateTime &time)
{
    // Every event carries one, so it is written by hand: QDateTime::toString
    // goes through QString::asprintf and was a sixth of the cost of an event.
    const QDateTime utc = time.toUTC();
    const QDate date = utc.date();
    const QTime clock = utc.time();
    if (!date.isValid() || date.year() < 0 || date.year() > 9999)
        return utc.toString(Qt::ISODateWithMs).toLatin1();
    char text[] = "0000-00-00T00:00:00.000Z";
    const auto put = [&text](int at, int value, int digits) {
        for (int i = at + digits - 1; i >= at; --i, value /= 10)
            text[i] = char('0' + value % 10);
    };
    put(0, date.year(), 4);
    put(5, date.month(), 2);
    put(8, date.day(), 2);
    put(11, clock.hour(), 2);
    put(14, clock.minute(), 2);
    put(17, clock.second(), 2);
    put(20, clock.msec(), 3);
    return QByteArray(text, sizeof text - 1);
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
    // The six keys are fixed, so they are written as literals around the values.
    QByteArray out;
    out.reserve(192 + (type.size() + id.size() + sessionId.size() + content.size()) * 3);
    out.append("{\"type\":");
    appendString(out, type);
    out.append(",\"id\":");
    appendString(out, id);
    out.append(",\"sessionId\":");
    appendString(out, sessionId);
    out.append(",\"timestamp\":\"");
    if (timestamp.isValid())
        out.append(formatTimestampUtf8(timestamp)); // digits and punctuation: nothing to escape
    out.append("\",\"content\":");
    appendString(out, content);
    out.append(",\"status\":");
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
