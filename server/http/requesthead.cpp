#include "server/http/requesthead.h"

#include <algorithm>

namespace rill {

namespace {

bool isToken(QByteArrayView bytes)
{
    return !bytes.isEmpty() && std::all_of(bytes.begin(), bytes.end(), isTokenChar);
}

// field-value characters: VCHAR, obs-text, SP and HTAB; never NUL, CR, LF or
// another control character, which parsers downstream may read as an end.
bool isFieldValueChar(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u == '\t' || (u >= 0x20 && u != 0x7f);
}

// Visible ASCII only: a target holds no spaces, controls or raw non-ASCII bytes.
bool isTargetChar(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7f;
}

QByteArrayView trimmedBlanks(QByteArrayView bytes)
{
    while (!bytes.isEmpty() && (bytes.front() == ' ' || bytes.front() == '\t'))
        bytes = bytes.sliced(1);
    while (!bytes.isEmpty() && (bytes.back() == ' ' || bytes.back() == '\t'))
        bytes.chop(1);
    return bytes;
}

HeadRefusal bad(const QString &reason)
{
    return { 400, reason };
}

// The head's lines without their line endings; std::nullopt-like empty list and
// a refusal when a CR stands anywhere but before an LF.
std::variant<QList<QByteArrayView>, HeadRefusal> splitLines(QByteArrayView head)
{
    QList<QByteArrayView> lines;
    while (!head.isEmpty()) {
        const qsizetype lf = head.indexOf('\n');
        if (lf < 0)
            return bad(QStringLiteral("the request head does not end with a blank line"));
        QByteArrayView line = head.first(lf);
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.contains('\r'))
            return bad(QStringLiteral("a bare CR in the request head"));
        lines.append(line);
        head = head.sliced(lf + 1);
    }
    if (lines.isEmpty() || !lines.back().isEmpty())
        return bad(QStringLiteral("the request head does not end with a blank line"));
    lines.removeLast();
    return lines;
}

std::variant<RequestHead, HeadRefusal> parseRequestLine(QByteArrayView line)
{
    const HeadRefusal malformed
        = bad(QStringLiteral("malformed request line; expected \"METHOD /path HTTP/1.1\""));
    const qsizetype first = line.indexOf(' ');
    const qsizetype second = first < 0 ? -1 : line.indexOf(' ', first + 1);
    if (second < 0 || line.indexOf(' ', second + 1) >= 0)
        return malformed;
    RequestHead head;
    const QByteArrayView method = line.first(first);
    const QByteArrayView target = line.sliced(first + 1, second - first - 1);
    const QByteArrayView version = line.sliced(second + 1);
    if (!isToken(method) || target.isEmpty()
        || !std::all_of(target.begin(), target.end(), isTargetChar))
        return malformed;
    if (version == "HTTP/1.1")
        head.minorVersion = 1;
    else if (version == "HTTP/1.0")
        head.minorVersion = 0;
    else
        return malformed;
    head.method = method.toByteArray();
    head.target = target.toByteArray();
    return head;
}

std::optional<HeadRefusal> checkFraming(RequestHead &head, const RequestHeadLimits &limits)
{
    int lengths = 0;
    int hosts = 0;
    QByteArray length;
    for (const auto &[name, value] : std::as_const(head.fields)) {
        if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0)
            return HeadRefusal { 411,
                QStringLiteral("chunked or encoded request bodies are not accepted; send "
                               "Content-Length") };
        if (name.compare("content-length", Qt::CaseInsensitive) == 0) {
            ++lengths;
            length = value;
        }
        if (name.compare("host", Qt::CaseInsensitive) == 0)
            ++hosts;
    }
    if (lengths > 1)
        return bad(QStringLiteral("more than one Content-Length"));
    if (hosts > 1 || (hosts == 0 && head.minorVersion == 1))
        return bad(QStringLiteral("an HTTP/1.1 request needs exactly one Host header"));
    if (lengths == 1) {
        // 1*DIGIT and nothing else: no sign, no spaces inside, no hex.
        const bool digits = !length.isEmpty() && length.size() <= 18
            && std::all_of(
                length.begin(), length.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (!digits)
            return bad(QStringLiteral("Content-Length must be a whole number of bytes"));
        head.contentLength = length.toLongLong();
        if (head.contentLength > limits.maxBodyBytes)
            return HeadRefusal {
                413,
                QStringLiteral("request body too large (limit %1 bytes)").arg(limits.maxBodyBytes)
            };
    }
    // Qt would hand the connection to a WebSocket server nobody runs here.
    if (head.field("upgrade").compare("websocket", Qt::CaseInsensitive) == 0)
        return bad(QStringLiteral("this server does not accept WebSocket upgrades"));
    return std::nullopt;
}

} // namespace

std::optional<HeadRefusal> checkRequestLine(QByteArrayView line)
{
    if (line.endsWith('\r'))
        line.chop(1);
    if (line.contains('\r'))
        return bad(QStringLiteral("a bare CR in the request head"));
    auto parsed = parseRequestLine(line);
    if (auto *refusal = std::get_if<HeadRefusal>(&parsed))
        return *refusal;
    return std::nullopt;
}

bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

QByteArray RequestHead::field(QByteArrayView name) const
{
    for (const auto &[fieldName, value] : fields) {
        if (fieldName.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

bool RequestHead::keepAlive() const
{
    bool close = false;
    bool keep = false;
    for (const auto &[name, value] : fields) {
        if (name.compare("connection", Qt::CaseInsensitive) != 0)
            continue;
        for (const QByteArray &option : value.split(',')) {
            const QByteArray token = option.trimmed();
            close = close || token.compare("close", Qt::CaseInsensitive) == 0;
            keep = keep || token.compare("keep-alive", Qt::CaseInsensitive) == 0;
        }
    }
    return !close && (minorVersion == 1 || keep);
}

std::variant<RequestHead, HeadRefusal> parseRequestHead(
    QByteArrayView bytes, const RequestHeadLimits &limits)
{
    if (bytes.size() > limits.maxHeadBytes)
        return HeadRefusal { 431,
            QStringLiteral("request line and headers too large (limit %1 bytes)")
                .arg(limits.maxHeadBytes) };
    auto split = splitLines(bytes);
    if (auto *refusal = std::get_if<HeadRefusal>(&split))
        return *refusal;
    const QList<QByteArrayView> lines = std::get<QList<QByteArrayView>>(split);
    if (lines.isEmpty())
        return bad(QStringLiteral("malformed request line; expected \"METHOD /path HTTP/1.1\""));
    auto parsed = parseRequestLine(lines.front());
    if (auto *refusal = std::get_if<HeadRefusal>(&parsed))
        return *refusal;
    RequestHead head = std::get<RequestHead>(std::move(parsed));
    if (lines.size() - 1 > limits.maxHeaders)
        return HeadRefusal { 431,
            QStringLiteral("too many header fields (limit %1)").arg(limits.maxHeaders) };
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArrayView line = lines[i];
        if (line.size() > limits.maxFieldBytes)
            return HeadRefusal { 431,
                QStringLiteral("a header field is too large (limit %1 bytes)")
                    .arg(limits.maxFieldBytes) };
        if (line.startsWith(' ') || line.startsWith('\t'))
            return bad(QStringLiteral("folded header lines (obs-fold) are not accepted"));
        const qsizetype colon = line.indexOf(':');
        if (colon < 0 || !isToken(line.first(colon)))
            return bad(QStringLiteral("malformed header field; expected \"Name: value\" with a "
                                      "token name and no space before the colon"));
        const QByteArrayView value = line.sliced(colon + 1);
        if (!std::all_of(value.begin(), value.end(), isFieldValueChar))
            return bad(QStringLiteral("a control character in a header value"));
        head.fields.append({ line.first(colon).toByteArray(), trimmedBlanks(value).toByteArray() });
    }
    if (auto refusal = checkFraming(head, limits))
        return *refusal;
    return head;
}

} // namespace rill
