#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace rill {

// The message types of wire protocol v1 (DESIGN.md). Other servers may send
// types not listed here; they are kept as they came.
namespace MessageType {
inline const QString Assistant = QStringLiteral("assistant");
inline const QString Planning = QStringLiteral("planning");
inline const QString Step = QStringLiteral("step");
// A tool call waiting for a person to allow or deny it (POST /chat/approval).
inline const QString Approval = QStringLiteral("approval");
inline const QString Delta = QStringLiteral("delta");
// A piece of a model's thinking before (or between) the pieces of its answer.
inline const QString Reasoning = QStringLiteral("reasoning");
inline const QString Error = QStringLiteral("error");
inline const QString Done = QStringLiteral("done");
inline const QString User = QStringLiteral("user");
} // namespace MessageType

// One message of a chat run, the JSON object carried in an event's data.
struct Message
{
    QString type;
    QString id;
    QString sessionId;
    QDateTime timestamp; // UTC; serialised as ISO 8601 with milliseconds
    QString content;
    std::optional<int> status;
    QJsonObject extra; // fields beyond the six of the seed: `step`, `state`, ...

    // Serialises with the seed's key order (type, id, sessionId, timestamp,
    // content, status, then extra fields), compact, UTF-8 unescaped.
    // QJsonDocument would sort the keys, which the seed's clients do not expect.
    QByteArray toJson() const;

    // Parses one JSON object. Missing fields stay empty; unknown ones go to
    // `extra`. Returns std::nullopt and sets `error` when it is not a JSON object.
    static std::optional<Message> fromJson(const QByteArray &json, QString *error = nullptr);

    static QString formatTimestamp(const QDateTime &time);
    // The same, ISO 8601 UTC with milliseconds ("2026-11-24T12:00:00.123Z"), as bytes.
    static QByteArray formatTimestampUtf8(const QDateTime &time);

    // A message with the fields an agent fills in; the transport stamps the rest.
    static Message make(const QString &type, const QString &content,
        std::optional<int> status = std::nullopt, const QJsonObject &extra = {});
    // The run's end marker, `{"type":"done","content":"完成"}` as the seed has it.
    static Message done() { return make(MessageType::Done, QStringLiteral("完成")); }

    // Convenience for extra fields used by the step protocol.
    int stepIndex() const { return extra.value(QLatin1String("step")).toInt(0); }
    QString stepState() const { return extra.value(QLatin1String("state")).toString(); }

    friend bool operator==(const Message &, const Message &) = default;
};

} // namespace rill
