#include "server/http/accesspolicy.h"

#include <QCryptographicHash>
#include <QHostAddress>
#include <QHttpServerRequest>
#include <QRandomGenerator>
#include <QUrl>
#include <QUrlQuery>

#include <algorithm>

namespace rill {

namespace {

// The name or address of a Host header without its port, lower-cased and without
// a trailing dot ("LocalHost.:80" is "localhost"), or nothing when it is not
// shaped like one.
QString hostName(QByteArrayView host)
{
    QByteArrayView name = host;
    QByteArrayView port;
    if (host.startsWith('[')) {
        const qsizetype close = host.indexOf(']');
        if (close < 0)
            return {};
        name = host.sliced(1, close - 1);
        port = host.sliced(close + 1);
        if (!port.isEmpty() && !port.startsWith(':'))
            return {};
    } else if (const qsizetype colon = host.lastIndexOf(':'); colon >= 0) {
        name = host.first(colon);
        port = host.sliced(colon);
    }
    if (!port.isEmpty()) {
        port = port.sliced(1);
        if (port.isEmpty() || port.size() > 5
            || !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return {};
    }
    if (name.endsWith('.'))
        name.chop(1);
    if (name.isEmpty() || name.contains(':') != host.startsWith('['))
        return {};
    return QString::fromLatin1(name).toLower();
}

} // namespace

AccessPolicy::AccessPolicy(AccessSettings settings)
    : m_settings(std::move(settings))
    , m_token(m_settings.token.toUtf8())
{
    for (QString &host : m_settings.allowedHosts) {
        // Kept as hostName() gives them, so that both sides compare alike.
        const QHostAddress address(host);
        host = address.isNull() ? host.toLower() : address.toString();
    }
}

QString AccessPolicy::randomToken()
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), 8);
    return QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

bool AccessPolicy::hostAllowed(QByteArrayView host) const
{
    if (m_settings.anyHost)
        return true;
    const QString name = hostName(host);
    if (name.isEmpty())
        return false;
    if (name == u"localhost" || name.endsWith(u".localhost"))
        return true; // resolved to loopback by the machine itself, never by DNS (RFC 6761)
    const QHostAddress address(name);
    if (!address.isNull() && address.isLoopback())
        return true;
    return m_settings.allowedHosts.contains(address.isNull() ? name : address.toString());
}

bool AccessPolicy::sameSecret(const QByteArray &a, const QByteArray &b)
{
    // Hashing first gives both sides one length, so neither the loop nor an
    // early length check tells an attacker how much of a guess was right.
    const QByteArray ha = QCryptographicHash::hash(a, QCryptographicHash::Sha256);
    const QByteArray hb = QCryptographicHash::hash(b, QCryptographicHash::Sha256);
    unsigned char diff = 0;
    for (qsizetype i = 0; i < ha.size(); ++i)
        diff |= static_cast<unsigned char>(ha.at(i) ^ hb.at(i));
    return diff == 0;
}

bool AccessPolicy::originAllowed(const QByteArray &origin) const
{
    for (const QString &allowed : m_settings.allowedOrigins) {
        if (origin == allowed.toUtf8())
            return true;
    }
    return false;
}

bool AccessPolicy::sameOrigin(const QHttpServerRequest &request, const QByteArray &origin)
{
    // The page Rill serves itself: its origin is the scheme and Host it was fetched with.
    const QByteArray host = request.value("host");
    if (host.isEmpty())
        return false;
    const QByteArray scheme = request.url().scheme().toLatin1();
    return origin.compare(scheme + "://" + host, Qt::CaseInsensitive) == 0;
}

std::optional<AccessDenial> AccessPolicy::check(const QHttpServerRequest &request, bool open) const
{
    // A request without Host (HTTP/1.0) names nothing it could be misdirected by: a
    // browser always sends one.
    const QByteArray host = request.value("host");
    if (!host.isEmpty() && !hostAllowed(host))
        return AccessDenial { 421,
            QStringLiteral("this server is not reached by the name in the Host header; use "
                           "localhost or 127.0.0.1, or start the server with --allow-host NAME"),
            {} };
    const QByteArray origin = request.value("origin");
    if (!origin.isEmpty() && !originAllowed(origin) && !sameOrigin(request, origin))
        return AccessDenial { 403,
            QStringLiteral("this origin is not allowed; start the server with --allow-origin "
                           "ORIGIN to let its pages in"),
            {} };
    if (open || !requiresToken())
        return std::nullopt;

    QByteArray presented;
    const QByteArray authorization = request.value("authorization");
    if (authorization.size() > 7
        && authorization.left(7).compare("bearer ", Qt::CaseInsensitive) == 0)
        presented = authorization.mid(7).trimmed();
    else
        presented = request.query()
                        .queryItemValue(QStringLiteral("access_token"), QUrl::FullyDecoded)
                        .toUtf8();
    if (!presented.isEmpty() && sameSecret(presented, m_token))
        return std::nullopt;
    return AccessDenial { 401,
        presented.isEmpty()
            ? QStringLiteral("this server needs a token: send \"Authorization: Bearer <token>\" "
                             "(or ?access_token= for EventSource)")
            : QStringLiteral("wrong token"),
        { { "WWW-Authenticate", "Bearer realm=\"rill\"" } } };
}

HttpHeaders AccessPolicy::corsHeaders(const QHttpServerRequest &request) const
{
    const QByteArray origin = request.value("origin");
    if (origin.isEmpty() || !originAllowed(origin))
        return {};
    return { { "Access-Control-Allow-Origin", origin }, { "Vary", "Origin" } };
}

HttpHeaders AccessPolicy::preflightHeaders(const QHttpServerRequest &request) const
{
    HttpHeaders headers = corsHeaders(request);
    if (headers.isEmpty())
        return headers;
    headers.append({ { "Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS" },
        { "Access-Control-Allow-Headers",
            "Authorization, Content-Type, Last-Event-ID, Cache-Control, Accept-Language" },
        { "Access-Control-Max-Age", "600" } });
    return headers;
}

} // namespace rill
