#include "server/protocol/sseparser.h"

#include "server/protocol/utf8decoder.h"

#include <QtNumeric>

#include <algorithm>
#include <cstring>
#include <utility>

using namespace Qt::StringLiterals;

namespace rill {

namespace {

constexpr QByteArrayView kUtf8Bom("\xEF\xBB\xBF");

// A line buffer that once held a huge line should not pin that memory for the rest of the
// connection; anything smaller is kept so that lines split across chunks do not reallocate.
void clearPartialLine(QByteArray &buffer)
{
    if (buffer.capacity() > 1 << 20)
        buffer = QByteArray();
    else
        buffer.truncate(0);
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
    clearPartialLine(m_partialLine);
    m_lastWasCr = false;
    m_data.clear();
    m_hasData = false;
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
    clearPartialLine(m_partialLine);
}

void SseParser::processLine(QByteArrayView line, QList<SseEvent> &out)
{
    if (!m_bomChecked) {
        m_bomChecked = true;
        if (line.startsWith(kUtf8Bom))
            line = line.sliced(kUtf8Bom.size());
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
        // The LF the spec appends after each line is inserted before the next one instead, which
        // is the same once dispatch drops the last LF, and lets a one-line event keep its string.
        if (m_hasData)
            m_data.append(u'\n').append(decodeUtf8(value));
        else
            m_data = decodeUtf8(value);
        m_hasData = true;
    } else if (name == "event") {
        // Servers repeat a handful of types; reusing the decoded string saves an allocation per
        // event.
        if (value != m_typeCacheBytes) {
            m_typeCacheBytes = value.toByteArray();
            m_typeCache = decodeUtf8(value);
        }
        m_eventType = m_typeCache;
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
    if (m_hasData) {
        out.append(SseEvent { m_eventType.isEmpty() ? u"message"_s : m_eventType,
            std::exchange(m_data, QString()), m_lastEventId, std::nullopt });
    }
    m_hasData = false;
    m_eventType.clear();
}

} // namespace rill
