#include "server/protocol/sseencoder.h"

namespace rill::SseEncoder {

namespace {

// A value must not carry a line break: the field would end there and the rest
// would be read as a new field. Breaks are forbidden in single-line fields, so
// they are dropped there (and NUL, which makes clients ignore an id); `data`
// gets one line per piece.
void appendField(QByteArray &out, QByteArrayView name, QByteArrayView value)
{
    out.append(name).append(": ").append(value).append('\n');
}

bool hasLineBreak(QByteArrayView value)
{
    return value.contains('\n') || value.contains('\r');
}

void appendSingleLineField(QByteArray &out, QByteArrayView name, QByteArrayView value)
{
    if (!hasLineBreak(value) && !value.contains('\0')) {
        appendField(out, name, value); // the usual case, without a copy
        return;
    }
    QByteArray clean = value.toByteArray();
    clean.replace('\r', "").replace('\n', "").replace('\0', "");
    appendField(out, name, clean);
}

void appendDataLines(QByteArray &out, QByteArrayView data)
{
    if (!hasLineBreak(data)) {
        appendField(out, "data", data); // one line: JSON escapes its line breaks
        return;
    }
    qsizetype start = 0;
    for (qsizetype i = 0; i < data.size(); ++i) {
        const char c = data[i];
        if (c != '\n' && c != '\r')
            continue;
        appendField(out, "data", data.sliced(start, i - start));
        if (c == '\r' && i + 1 < data.size() && data[i + 1] == '\n')
            ++i;
        start = i + 1;
    }
    appendField(out, "data", data.sliced(start));
}

} // namespace

QByteArray encode(QByteArrayView utf8Data, QByteArrayView id, QByteArrayView type)
{
    QByteArray out;
    out.reserve(utf8Data.size() + id.size() + type.size() + 24);
    if (!id.isEmpty())
        appendSingleLineField(out, "id", id);
    if (!type.isEmpty())
        appendSingleLineField(out, "event", type);
    appendDataLines(out, utf8Data);
    out.append('\n');
    return out;
}

QByteArray encode(const SseEvent &event)
{
    QByteArray out;
    if (event.retryMs)
        appendField(out, "retry", QByteArray::number(*event.retryMs));
    const QByteArray id = event.lastEventId.toUtf8();
    const QByteArray type
        = event.type == QLatin1String("message") ? QByteArray() : event.type.toUtf8();
    out.append(encode(event.data.toUtf8(), id, type));
    return out;
}

QByteArray comment(QByteArrayView text)
{
    QByteArray out;
    appendSingleLineField(out, "", text); // ": text\n"
    out.append('\n');
    return out;
}

} // namespace rill::SseEncoder
