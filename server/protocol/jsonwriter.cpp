#include "server/protocol/jsonwriter.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace rill::JsonWriter {

// Strings are most of every event, so they get a direct escaper: it writes
// UTF-8 as is and escapes only what JSON requires. Runs of bytes that need no
// escape (nearly all of them) are copied in one go.
void appendString(QByteArray &out, const QString &text)
{
    static constexpr char hex[] = "0123456789abcdef";
    const QByteArray utf8 = text.toUtf8();
    out.append('"');
    const char *const data = utf8.constData();
    const qsizetype size = utf8.size();
    qsizetype run = 0; // start of the bytes not written yet
    for (qsizetype i = 0; i < size; ++i) {
        const auto byte = static_cast<unsigned char>(data[i]);
        if (byte >= 0x20 && byte != '"' && byte != '\\')
            continue;
        out.append(data + run, i - run);
        run = i + 1;
        switch (byte) {
        case '"':
            out.append("\\\"", 2);
            break;
        case '\\':
            out.append("\\\\", 2);
            break;
        case '\n':
            out.append("\\n", 2);
            break;
        case '\r':
            out.append("\\r", 2);
            break;
        case '\t':
            out.append("\\t", 2);
            break;
        case '\b':
            out.append("\\b", 2);
            break;
        case '\f':
            out.append("\\f", 2);
            break;
        default: {
            const char escaped[] = { '\\', 'u', '0', '0', hex[byte >> 4], hex[byte & 0xf] };
            out.append(escaped, 6);
        }
        }
    }
    out.append(data + run, size - run);
    out.append('"');
}

// Any other JSON value is rare (extra fields): integers (step numbers, bench
// time stamps), booleans and null are written directly; the rest by
// QJsonDocument, wrapping the value in a one-element array and dropping the brackets.
void appendValue(QByteArray &out, const QJsonValue &value)
{
    if (value.isString()) {
        appendString(out, value.toString());
        return;
    }
    if (value.isDouble()) {
        const double number = value.toDouble();
        const qint64 integer = value.toInteger();
        if (double(integer) == number && qAbs(integer) < (qint64(1) << 53)) {
            out.append(QByteArray::number(integer));
            return;
        }
    }
    if (value.isBool()) {
        out.append(value.toBool() ? "true" : "false");
        return;
    }
    if (value.isNull()) {
        out.append("null");
        return;
    }
    const QByteArray wrapped = QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact);
    out.append(wrapped.constData() + 1, wrapped.size() - 2);
}

void appendKey(QByteArray &out, QLatin1StringView key)
{
    if (!out.isEmpty() && !out.endsWith('{'))
        out.append(',');
    out.append('"').append(key.data(), key.size()).append("\":");
}

} // namespace rill::JsonWriter
