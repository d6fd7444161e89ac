#include "server/http/requestframer.h"

namespace rill {

RequestFramer::RequestFramer(const RequestHeadLimits &limits)
    : m_limits(limits)
{ }

RequestFramer::Fed RequestFramer::feed(QByteArrayView bytes)
{
    Fed fed;
    qsizetype i = 0;
    while (i < bytes.size() && m_state != State::Ended) {
        if (m_state == State::Body) {
            const qint64 take = std::min<qint64>(m_bodyLeft, bytes.size() - i);
            m_bodyLeft -= take;
            i += take;
            m_offset += take;
            if (m_bodyLeft == 0)
                m_state = m_closeAfterBody ? State::Ended : State::BetweenRequests;
            continue;
        }
        const char c = bytes.at(i++);
        ++m_offset;
        if (m_state == State::BetweenRequests) {
            // QHttpServer skips the same blank space before a request line.
            if (c == '\r' || c == '\n' || c == ' ' || c == '\t' || c == '\v') {
                if (++m_blankBytes > m_limits.maxHeadBytes) {
                    m_state = State::Ended;
                    fed.refusal
                        = HeadRefusal { 400, QStringLiteral("blank lines instead of a request") };
                }
                continue;
            }
            m_blankBytes = 0;
            m_state = State::Head;
            m_head.clear();
            m_lineStart = 0;
            m_lines = 0;
        }
        m_head.append(c);
        std::optional<HeadRefusal> refusal;
        if (m_head.size() > m_limits.maxHeadBytes) {
            refusal = HeadRefusal { 431,
                QStringLiteral("request line and headers too large (limit %1 bytes)")
                    .arg(m_limits.maxHeadBytes) };
        } else if (c == '\n') {
            refusal = endOfLine(fed);
        }
        if (refusal) {
            m_state = State::Ended;
            m_head.clear();
            fed.refusal = refusal;
        }
    }
    return fed;
}

std::optional<HeadRefusal> RequestFramer::endOfLine(Fed &fed)
{
    const QByteArrayView line = QByteArrayView(m_head).sliced(m_lineStart);
    m_lineStart = m_head.size();
    if (m_lines++ == 0)
        return checkRequestLine(line.chopped(1)); // early: a bad request line ends it now
    if (line != "\r\n" && line != "\n") {
        if (m_lines - 1 > m_limits.maxHeaders)
            return HeadRefusal { 431,
                QStringLiteral("too many header fields (limit %1)").arg(m_limits.maxHeaders) };
        return std::nullopt;
    }
    auto parsed = parseRequestHead(m_head, m_limits);
    m_head.clear();
    if (auto *refusal = std::get_if<HeadRefusal>(&parsed))
        return *refusal;
    RequestHead &head = std::get<RequestHead>(parsed);
    m_bodyLeft = head.contentLength;
    m_closeAfterBody = !head.keepAlive();
    const qint64 end = m_offset + head.contentLength;
    fed.requests.append({ std::move(head), end });
    if (m_bodyLeft > 0)
        m_state = State::Body;
    else
        m_state = m_closeAfterBody ? State::Ended : State::BetweenRequests;
    return std::nullopt;
}

} // namespace rill
