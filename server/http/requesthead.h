#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace rill {

// One request head as this server reads it. The framing of a connection is
// decided here, once: a head that is not strictly valid HTTP/1.1 framing is
// refused, so that QHttpServer (which reads some of them differently, e.g. it
// drops every header when one name is malformed) never sees one.
struct RequestHead
{
    QByteArray method; // as sent: "GET", "get", "TRACE"
    QByteArray target;
    int minorVersion = 1; // HTTP/1.<minorVersion>
    QList<std::pair<QByteArray, QByteArray>> fields; // names as sent, values trimmed
    qint64 contentLength = 0;

    // The first value of a field, by case-insensitive name; null when absent.
    QByteArray field(QByteArrayView name) const;
    // HTTP/1.1 without "Connection: close", or HTTP/1.0 with "keep-alive".
    bool keepAlive() const;
};

struct HeadRefusal
{
    int status; // 400, 411, 413, 431, 501
    QString reason;
};

struct RequestHeadLimits
{
    qsizetype maxHeadBytes = 16 * 1024; // request line + all header lines
    int maxHeaders = 100;
    // One field line; Qt's own header parser drops every field of a head with a longer one.
    qsizetype maxFieldBytes = 8 * 1024 - 1;
    qsizetype maxBodyBytes = 64 * 1024; // Content-Length
};

// `head` is everything from the request line to the blank line that ends the
// head, inclusive. Lines end with CRLF or a bare LF (as RFC 9112 lets a
// recipient accept, and as QHttpServer does); a CR anywhere else is refused.
std::variant<RequestHead, HeadRefusal> parseRequestHead(
    QByteArrayView head, const RequestHeadLimits &limits = {});

// The request line alone ("METHOD SP target SP HTTP/1.x", no line ending), so
// that a bad one is refused as soon as it ends.
std::optional<HeadRefusal> checkRequestLine(QByteArrayView line);

// RFC 9110 token characters (method names, field names).
bool isTokenChar(char c);

} // namespace rill
