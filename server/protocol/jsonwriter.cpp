#include "server/protocol/jsonwriter.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace rill::JsonWriter {

// Strings are most of every event, so they get a direct escaper: it writes
// UTF-8 as is and escapes only what JSON requires.
void appendString(QByteArray &out, const QString &text)
{
    static constexpr char hex[] = "0123456789abcdef";
    const QByteArray utf8 = text.toUtf8();
    out.reserve(out.size() + utf8.size() + 2);
    out.append('"');
    for (const char c : utf8) {
        const auto byte = static_cast<unsigned char>(c);
        switch (byte) {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        case '\b':
            out.append("\\b");
            break;
        case '\f':
            out.append("\\f");
            break;
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
void appendValue(QByteArray &out, const QJsonValue &value)
{
    if (value.isString()) {
        appendString(out, value.toString());
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
