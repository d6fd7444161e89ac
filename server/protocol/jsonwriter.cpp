#include "server/protocol/jsonwriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QStringEncoder>

namespace rill::JsonWriter {

namespace {

// U+FEFF in UTF-8. Qt's JSON reader drops it, unescaped, from the start of a string (a key
// "\uFEFFtype" comes back as "type"), so the writer always escapes it: what it writes reads
// back the same (found by fuzzing).
constexpr char kBom[] = "\xEF\xBB\xBF";

bool isBomAt(const char *p, const char *end)
{
    return end - p >= 3 && p[0] == kBom[0] && p[1] == kBom[1] && p[2] == kBom[2];
}

// Whether the UTF-8 at `p` is written escaped: control characters, quote, backslash, U+FEFF.
bool isEscapedAt(const char *p, const char *end)
{
    const auto byte = static_cast<unsigned char>(*p);
    return byte < 0x20 || byte == '"' || byte == '\\' || (byte == 0xEF && isBomAt(p, end));
}

bool needsEscape(const char *begin, const char *end)
{
    for (const char *p = begin; p != end; ++p) {
        if (isEscapedAt(p, end))
            return true;
    }
    return false;
}

void appendEscaped(QByteArray &out, QByteArrayView utf8)
{
    static constexpr char hex[] = "0123456789abcdef";
    const char *const data = utf8.data();
    const qsizetype size = utf8.size();
    qsizetype run = 0; // start of the bytes not written yet
    for (qsizetype i = 0; i < size; ++i) {
        if (!isEscapedAt(data + i, data + size))
            continue;
        out.append(data + run, i - run);
        const auto byte = static_cast<unsigned char>(data[i]);
        if (byte == 0xEF) { // U+FEFF, three bytes
            out.append("\\ufeff", 6);
            i += 2;
            run = i + 1;
            continue;
        }
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
}

} // namespace

// Strings are most of every event, so they get a direct writer: UTF-8 is
// encoded straight into `out` and, in the usual case that nothing needs
// escaping, left there; otherwise it is written again with the escapes.
void appendString(QByteArray &out, const QString &text)
{
    const qsizetype start = out.size();
    // Room for the quotes and the worst case of UTF-8 (3 bytes per UTF-16 unit).
    out.resize(start + 2 + text.size() * 3);
    char *const begin = out.data() + start + 1;
    QStringEncoder encoder(QStringEncoder::Utf8, QStringEncoder::Flag::Stateless);
    char *const end = encoder.appendToBuffer(begin, text);
    if (!needsEscape(begin, end)) {
        out[start] = '"';
        *end = '"';
        out.truncate(end + 1 - out.constData());
        return;
    }
    const QByteArray utf8(begin, end - begin);
    out.truncate(start);
    out.append('"');
    appendEscaped(out, utf8);
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
