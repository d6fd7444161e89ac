#include "httpresponsereader.h"

#include <QList>

namespace rillbench {

HttpResponseReader::State HttpResponseReader::feed(QByteArrayView bytes, QByteArray &body)
{
    if (m_state == State::Head) {
        const qsizetype before = m_head.size();
        m_head.append(bytes);
        const qsizetype end = m_head.indexOf("\r\n\r\n");
        if (end < 0) {
            if (m_head.size() > 64 * 1024)
                m_state = State::Failed;
            return m_state;
        }
        parseHead(QByteArrayView(m_head).first(end));
        if (m_state == State::Failed)
            return m_state;
        m_state = State::Body;
        bytes = bytes.sliced(end + 4 - before);
        m_head.clear();
        if (m_framing == Framing::Length && m_remaining == 0)
            m_state = State::Done;
    }
    if (m_state != State::Body)
        return m_state;
    switch (m_framing) {
    case Framing::UntilClose:
        body.append(bytes);
        break;
    case Framing::Length: {
        const qsizetype take = qMin<qint64>(m_remaining, bytes.size());
        body.append(bytes.first(take));
        m_remaining -= take;
        if (m_remaining == 0)
            m_state = State::Done;
        break;
    }
    case Framing::Chunked:
        feedChunked(bytes, body);
        break;
    }
    return m_state;
}

void HttpResponseReader::parseHead(QByteArrayView head)
{
    const QList<QByteArray> lines = head.toByteArray().split('\n');
    const QList<QByteArray> statusLine = lines.value(0).trimmed().split(' ');
    if (statusLine.size() < 2 || !statusLine[0].startsWith("HTTP/1.")) {
        m_state = State::Failed;
        return;
    }
    m_status = statusLine[1].toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines[i];
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.first(colon).trimmed().toLower();
        const QByteArray value = line.sliced(colon + 1).trimmed().toLower();
        if (name == "transfer-encoding" && value.contains("chunked")) {
            m_framing = Framing::Chunked;
        } else if (name == "content-length" && m_framing != Framing::Chunked) {
            m_framing = Framing::Length;
            m_remaining = value.toLongLong();
        }
    }
}

qsizetype HttpResponseReader::feedChunked(QByteArrayView bytes, QByteArray &body)
{
    qsizetype i = 0;
    while (i < bytes.size() && m_state == State::Body) {
        if (m_chunk == Chunk::Data) {
            const qsizetype take = qMin<qint64>(m_remaining, bytes.size() - i);
            body.append(bytes.sliced(i, take));
            i += take;
            m_remaining -= take;
            if (m_remaining == 0)
                m_chunk = Chunk::DataEnd;
            continue;
        }
        const char c = bytes[i++];
        if (c != '\n') {
            if (m_line.size() > 4096) {
                m_state = State::Failed;
                break;
            }
            m_line.append(c);
            continue;
        }
        const QByteArray line = m_line.trimmed();
        m_line.clear();
        switch (m_chunk) {
        case Chunk::Size: {
            bool ok = false;
            const qint64 size = line.split(';').value(0).trimmed().toLongLong(&ok, 16);
            if (!ok || size < 0) {
                m_state = State::Failed;
            } else if (size == 0) {
                m_chunk = Chunk::Trailer;
            } else {
                m_remaining = size;
                m_chunk = Chunk::Data;
            }
            break;
        }
        case Chunk::DataEnd: // the CRLF after a chunk's data
            m_chunk = Chunk::Size;
            break;
        case Chunk::Trailer:
            if (line.isEmpty())
                m_state = State::Done;
            break;
        case Chunk::Data:
            break;
        }
    }
    return i;
}

} // namespace rillbench
