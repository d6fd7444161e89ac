#pragma once

#include "server/http/httpreply.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

class QHttpServerRequest;

namespace rill {

// Who may use the server: an optional bearer token and the browser origins
// allowed to read its answers (CORS).
struct AccessSettings
{
    // Empty: no token needed (the loopback default).
    QString token;
    // Exact origins ("https://app.example.com") whose pages may call the
    // server; none by default. Pages served by Rill itself are same-origin.
    QStringList allowedOrigins;
    // Names and addresses besides loopback's (localhost, 127.0.0.0/8, ::1) that a
    // request's Host may carry, any port: the address the server was bound to and
    // each --allow-host. Any other Host is refused, so that a web page whose name
    // was rebound to this machine (DNS rebinding) cannot use the server.
    QStringList allowedHosts;
    // Accept every Host: for a token-protected server on a wildcard address, which
    // a LAN reaches by names and addresses it cannot list; the token is what keeps
    // rebound pages out there (they cannot send it).
    bool anyHost = false;
};

struct AccessDenial
{
    int status;
    QString reason;
    HttpHeaders headers;
};

class AccessPolicy
{
public:
    explicit AccessPolicy(AccessSettings settings = {});

    bool requiresToken() const { return !m_settings.token.isEmpty(); }

    // Whether the request may go on: its Host (if any) must be one the server is
    // reached by (421 otherwise, even when `open`), its Origin (if any) must be
    // allowed or the server's own, and with a token set it must carry the token as
    // `Authorization: Bearer` or `access_token` query, unless `open` (/health,
    // preflights).
    std::optional<AccessDenial> check(const QHttpServerRequest &request, bool open) const;
    // The same for a Host header's value alone ("name", "name:port", "[v6]:port").
    bool hostAllowed(QByteArrayView host) const;

    // A fresh random token (32 bytes from the system's generator, base64url): the
    // window's embedded server gets one per launch, the way Jupyter does.
    static QString randomToken();

    // Access-Control-Allow-Origin (and Vary) for an allowed Origin; nothing otherwise.
    HttpHeaders corsHeaders(const QHttpServerRequest &request) const;
    // The answer to a preflight from an allowed origin.
    HttpHeaders preflightHeaders(const QHttpServerRequest &request) const;

    // Compares in time that depends on neither secret's content nor length.
    static bool sameSecret(const QByteArray &a, const QByteArray &b);

private:
    bool originAllowed(const QByteArray &origin) const;
    static bool sameOrigin(const QHttpServerRequest &request, const QByteArray &origin);

    AccessSettings m_settings;
    QByteArray m_token;
};

} // namespace rill
