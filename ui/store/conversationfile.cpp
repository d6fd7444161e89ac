#include "ui/store/conversationfile.h"

#include <QCoreApplication>
#include <QIODevice>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace rill::ConversationFile {

namespace {

// The header ends where the items begin; in a file written by encode() this
// byte sequence can only be the key (inside strings every '"' is escaped).
const QByteArray kItemsMarker = QByteArrayLiteral(",\"items\":[\n");
// Only encode() puts a newline before the closing bracket of the items.
const QByteArray kEnd = QByteArrayLiteral("\n]}");
// The header is short: a title, a few dates and ids.
constexpr qint64 kHeaderReadBytes = 16 * 1024;
// Beyond this a file is not read at all rather than filling the memory.
constexpr qint64 kMaxFileBytes = 256 * 1024 * 1024;

void setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

QString formatTime(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

std::optional<ConversationHeader> headerFrom(const QJsonObject &object, QString *error)
{
    const QJsonValue version = object.value(QLatin1String("version"));
    if (!version.isDouble()) {
        setError(error,
            QCoreApplication::translate(
                "ConversationFile", "not a Rill conversation (no version)"));
        return std::nullopt;
    }
    if (version.toInt() > kVersion) {
        setError(error,
            QCoreApplication::translate(
                "ConversationFile", "written by a newer Rill (format version %1)")
                .arg(version.toInt()));
        return std::nullopt;
    }
    ConversationHeader header;
    header.id = object.value(QLatin1String("id")).toString();
    header.title = object.value(QLatin1String("title")).toString();
    header.sessionId = object.value(QLatin1String("sessionId")).toString();
    header.options = object.value(QLatin1String("options")).toObject();
    header.created = QDateTime::fromString(
        object.value(QLatin1String("created")).toString(), Qt::ISODateWithMs);
    header.updated = QDateTime::fromString(
        object.value(QLatin1String("updated")).toString(), Qt::ISODateWithMs);
    if (!isValidId(header.id)) {
        setError(error,
            QCoreApplication::translate("ConversationFile", "the conversation has no valid id"));
        return std::nullopt;
    }
    if (!header.updated.isValid())
        header.updated = header.created;
    return header;
}

QString parseProblem(const QJsonParseError &parseError)
{
    return QCoreApplication::translate(
        "ConversationFile", "not valid JSON (%1 at byte %2); the file may be truncated or damaged")
        .arg(parseError.errorString())
        .arg(parseError.offset);
}

} // namespace

bool isValidId(QStringView id)
{
    return !id.isEmpty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9')
            || c == u'-' || c == u'_';
    });
}

QByteArray encode(const Conversation &conversation)
{
    const ConversationHeader &h = conversation.header;
    QJsonObject header { { QStringLiteral("version"), kVersion }, { QStringLiteral("id"), h.id },
        { QStringLiteral("title"), h.title }, { QStringLiteral("created"), formatTime(h.created) },
        { QStringLiteral("updated"), formatTime(h.updated) },
        { QStringLiteral("sessionId"), h.sessionId } };
    // Only when set: a conversation that follows the settings reads as before.
    if (!h.options.isEmpty())
        header.insert(QStringLiteral("options"), h.options);
    QByteArray bytes = QJsonDocument(header).toJson(QJsonDocument::Compact);
    bytes.chop(1); // the closing brace: the items follow
    bytes += kItemsMarker;
    for (qsizetype i = 0; i < conversation.items.size(); ++i) {
        if (i > 0)
            bytes += ",\n";
        const QJsonValue item = conversation.items.at(i);
        bytes += item.isObject() ? QJsonDocument(item.toObject()).toJson(QJsonDocument::Compact)
                                 : QByteArrayLiteral("null");
    }
    bytes += kEnd;
    bytes += '\n';
    return bytes;
}

std::optional<Conversation> decode(const QByteArray &bytes, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        setError(error, parseProblem(parseError));
        return std::nullopt;
    }
    if (!document.isObject()) {
        setError(error,
            QCoreApplication::translate(
                "ConversationFile", "not a Rill conversation (not a JSON object)"));
        return std::nullopt;
    }
    const QJsonObject object = document.object();
    auto header = headerFrom(object, error);
    if (!header)
        return std::nullopt;
    const QJsonValue items = object.value(QLatin1String("items"));
    if (!items.isArray()) {
        setError(error,
            QCoreApplication::translate("ConversationFile", "the conversation has no items"));
        return std::nullopt;
    }
    return Conversation { *header, items.toArray() };
}

std::optional<ConversationHeader> readHeader(QIODevice &file, QString *error)
{
    const qint64 size = file.size();
    if (size > kMaxFileBytes) {
        setError(error,
            QCoreApplication::translate("ConversationFile", "too large (%1 bytes)").arg(size));
        return std::nullopt;
    }
    const QByteArray head = file.read(kHeaderReadBytes);
    const qsizetype marker = head.indexOf(kItemsMarker);
    if (marker < 0) {
        // Not laid out by encode() (edited by hand, or damaged): read it all.
        file.seek(0);
        const auto conversation = decode(file.readAll(), error);
        return conversation ? std::optional(conversation->header) : std::nullopt;
    }
    // A file cut short, however its items end, lacks the final line.
    QByteArray tail;
    if (file.seek(std::max<qint64>(0, size - 8)))
        tail = file.read(8);
    while (tail.endsWith('\n') || tail.endsWith('\r') || tail.endsWith(' '))
        tail.chop(1);
    if (!tail.endsWith(kEnd)) {
        setError(error,
            QCoreApplication::translate("ConversationFile", "the file ends too early (truncated)"));
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(head.left(marker) + '}', &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        setError(error, parseProblem(parseError));
        return std::nullopt;
    }
    return headerFrom(document.object(), error);
}

} // namespace rill::ConversationFile
