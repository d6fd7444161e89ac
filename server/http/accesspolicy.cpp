#include "server/http/accesspolicy.h"

#include <QCryptographicHash>
#include <QHttpServerRequest>
#include <QUrl>
#include <QUrlQuery>

namespace rill {

AccessPolicy::AccessPolicy(AccessSettings settings)
    : m_settings(std::move(settings))
    , m_token(m_settings.token.toUtf8())
{ }

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
