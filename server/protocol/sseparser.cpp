#include "server/protocol/sseparser.h"

#include <QStringDecoder>
#include <QtNumeric>

#include <cstring>

using namespace Qt::StringLiterals;

namespace rill {

namespace {

// A buffer that once held a huge line or event should not pin that memory for the rest of the
// connection; anything smaller is kept so steady-state parsing does not reallocate.
constexpr qsizetype kMaxRetainedCapacity = 1 << 20;

template<typename Buffer>
void clearRetainingCapacity(Buffer &buffer)
{
    if (buffer.capacity() > kMaxRetainedCapacity)
        buffer = Buffer();
    else
        buffer.truncate(0);
}

// Every value handed over is complete (it ends before a line terminator), so a stateless decoder
// is exact. ConvertInitialBom matters: by default Qt would drop a U+FEFF that merely starts a
// value, while the spec only ignores one at the very start of the stream.
void appendUtf8(QString &to, QByteArrayView utf8)
{
    QStringDecoder decoder(QStringDecoder::Utf8,
        QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
    const qsizetype oldSize = to.size();
    to.resize(oldSize + decoder.requiredSpace(utf8.size()));
    const QChar *end = decoder.appendToBuffer(to.data() + oldSize, utf8);
    to.truncate(end - to.constData());
}

QString decodeUtf8(QByteArrayView utf8)
{
    QString result;
    appendUtf8(result, utf8);
    return result;
}

// Values that overflow int are ignored rather than clamped: a delay that large is a server bug,
// and keeping the previous reconnection time is safer than silently waiting ~24 days.
std::optional<int> parseRetry(QByteArrayView value)
{
    if (value.isEmpty())
        return std::nullopt;
    int ms = 0;
    for (const char c : value) {
        if (c < '0' || c > '9' || qMulOverflow(ms, 10, &ms) || qAddOverflow(ms, c - '0', &ms))
            return std::nullopt;
    }
    return ms;
}

// Position of the next `c` at or after `from`, or `end` when there is none.
qsizetype scan(const char *data, qsizetype from, qsizetype end, char c)
{
    const void *hit = std::memchr(data + from, c, size_t(end - from));
    return hit ? static_cast<const char *>(hit) - data : end;
}

} // namespace

QList<SseEvent> SseParser::feed(QByteArrayView bytes)
{
    QList<SseEvent> out;
    const char *data = bytes.data();
    const qsizetype end = bytes.size();
    qsizetype pos = 0;
    if (m_lastWasCr && end > 0) {
        m_lastWasCr = false;
        if (data[0] == '\n')
            pos = 1;
    }
    // Each kind of terminator is searched for only once it has been passed, so a chunk full of
    // LFs with a single CR near its end is still scanned in linear time.
    qsizetype nextCr = -1;
    qsizetype nextLf = -1;
    while (pos < end) {
        if (nextCr < pos)
            nextCr = scan(data, pos, end, '\r');
        if (nextLf < pos)
            nextLf = scan(data, pos, end, '\n');
        const qsizetype eol = std::min(nextCr, nextLf);
        if (eol == end) {
            m_partialLine.append(bytes.sliced(pos));
            break;
        }
        takeLine(bytes.sliced(pos, eol - pos), out);
        pos = eol + 1;
        if (data[eol] == '\r') {
            if (pos == end)
                m_lastWasCr = true;
            else if (data[pos] == '\n')
                ++pos;
        }
    }
    return out;
}

void SseParser::finish()
{
    clearRetainingCapacity(m_partialLine);
    m_lastWasCr = false;
    clearRetainingCapacity(m_data);
    m_eventType.clear();
}

void SseParser::resetConnection()
{
    finish();
    m_bomChecked = false;
}

void SseParser::takeLine(QByteArrayView line, QList<SseEvent> &out)
{
    if (m_partialLine.isEmpty()) {
        processLine(line, out);
        return;
    }
    m_partialLine.append(line);
    processLine(m_partialLine, out);
    clearRetainingCapacity(m_partialLine);
}

void SseParser::processLine(QByteArrayView line, QList<SseEvent> &out)
{
    if (!m_bomChecked) {
        m_bomChecked = true;
        if (line.startsWith("\xEF\xBB\xBF"))
            line = line.sliced(3);
    }
    if (line.isEmpty()) {
        dispatch(out);
        return;
    }
    if (line.startsWith(':'))
        return;

    // Field names are compared as bytes: the known ones are ASCII, and no other byte sequence
    // decodes to them.
    const qsizetype colon = line.indexOf(':');
    const QByteArrayView name = colon < 0 ? line : line.first(colon);
    QByteArrayView value = colon < 0 ? QByteArrayView() : line.sliced(colon + 1);
    if (value.startsWith(' '))
        value = value.sliced(1);

    if (name == "data") {
        appendUtf8(m_data, value);
        m_data.append(u'\n');
    } else if (name == "event") {
        m_eventType = decodeUtf8(value);
    } else if (name == "id") {
        if (!value.contains('\0'))
            m_lastEventId = decodeUtf8(value);
    } else if (name == "retry") {
        if (const std::optional<int> ms = parseRetry(value))
            m_retryMs = ms;
    }
}

void SseParser::dispatch(QList<SseEvent> &out)
{
    if (!m_data.isEmpty()) {
        // Copying out of m_data (minus its final LF) gives the event an exactly sized string
        // and leaves m_data's capacity for the next event.
        out.append(SseEvent { m_eventType.isEmpty() ? u"message"_s : m_eventType,
            QString(m_data.constData(), m_data.size() - 1), m_lastEventId, std::nullopt });
    }
    clearRetainingCapacity(m_data);
    m_eventType.clear();
}

} // namespace rill
