#include "app/serveroptions.h"

#include "app/cli.h"
#include "server/http/tlssetup.h"

#include <QCommandLineParser>
#include <QHostAddress>
#include <QUrl>

namespace rill::ServerOptions {

namespace {

const QString kToken = QStringLiteral("token");
const QString kAllowOrigin = QStringLiteral("allow-origin");
const QString kTlsCert = QStringLiteral("tls-cert");
const QString kTlsKey = QStringLiteral("tls-key");
const QString kSessionIdle = QStringLiteral("session-idle");
const QString kMaxStreams = QStringLiteral("max-streams");
const QString kMaxUnsent = QStringLiteral("max-unsent");

// An origin is scheme://host[:port], nothing more: that is what browsers send.
QString originProblem(const QString &origin)
{
    const QUrl url(origin, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty()
        || (url.scheme() != u"http" && url.scheme() != u"https") || !(url.path().isEmpty())
        || url.hasQuery() || url.hasFragment() || !url.userInfo().isEmpty())
        return QStringLiteral("--allow-origin takes an origin such as https://app.example.com "
                              "(scheme, host and port only), not \"%1\"")
            .arg(origin);
    return {};
}

} // namespace

void addTo(QCommandLineParser &parser)
{
    parser.addOptions({
        { kToken,
            QStringLiteral("Bearer token. With --serve: required of every request but /health "
                           "(needed to bind beyond loopback; default: $RILL_TOKEN). With "
                           "--connect: sent to the remote server."),
            QStringLiteral("token") },
        { kAllowOrigin,
            QStringLiteral("With --serve: let web pages from ORIGIN call the server (CORS); "
                           "repeatable. Default: none but Rill's own page."),
            QStringLiteral("origin") },
        { kTlsCert, QStringLiteral("With --serve: serve HTTPS with this PEM certificate (chain)."),
            QStringLiteral("file") },
        { kTlsKey, QStringLiteral("With --serve: the PEM private key for --tls-cert."),
            QStringLiteral("file") },
        { kSessionIdle,
            QStringLiteral("Forget a session after this many seconds unused (default 1800); "
                           "a session whose run is live never expires."),
            QStringLiteral("seconds"), QStringLiteral("1800") },
        { kMaxStreams, QStringLiteral("Event streams open at once; more get 503 (default 10000)."),
            QStringLiteral("count"), QStringLiteral("10000") },
        { kMaxUnsent,
            QStringLiteral("Drop a client that leaves more than this many KiB unread "
                           "(default 1024)."),
            QStringLiteral("KiB"), QStringLiteral("1024") },
    });
}

QString clientToken(const QCommandLineParser &parser)
{
    return parser.isSet(kToken) ? parser.value(kToken) : qEnvironmentVariable("RILL_TOKEN");
}

void apply(const QCommandLineParser &parser, const QHostAddress &host, bool serve,
    ChatServer::Options &options)
{
    options.sessionIdle = std::chrono::seconds(cli::readNumber(parser, kSessionIdle, 1, 604800));
    options.maxStreams = cli::readNumber(parser, kMaxStreams, 1, 1000000);
    options.maxUnsentBytes = qint64(cli::readNumber(parser, kMaxUnsent, 16, 1024 * 1024)) * 1024;

    if (!serve) {
        // The window talks to its embedded server without a token, so that
        // server must stay where only this machine can reach it.
        if (!host.isLoopback())
            cli::fail(QStringLiteral("the window's embedded server listens on loopback only; to "
                                     "serve other machines use --serve --host %1 --token TOKEN")
                          .arg(host.toString()));
        return;
    }

    options.access.token = clientToken(parser);
    if (options.access.token.isEmpty() && !host.isLoopback())
        cli::fail(QStringLiteral("refusing to listen on %1 without a token: anyone who can reach "
                                 "this address could use the server. Pass --token TOKEN (or set "
                                 "RILL_TOKEN), or listen on 127.0.0.1.")
                      .arg(host.toString()));
    if (!options.access.token.isEmpty())
        qInfo("Every request but /health needs the token: "
              "curl -H \"Authorization: Bearer $RILL_TOKEN\" ..., or ?access_token= in a browser.");
    for (const QString &origin : parser.values(kAllowOrigin)) {
        if (const QString problem = originProblem(origin); !problem.isEmpty())
            cli::fail(problem);
        options.access.allowedOrigins.append(origin);
    }

    const QString certificate = parser.value(kTlsCert);
    const QString key = parser.value(kTlsKey);
    if (certificate.isEmpty() != key.isEmpty())
        cli::fail(QStringLiteral("--tls-cert and --tls-key go together"));
    if (!certificate.isEmpty()) {
        QString error;
        options.tls = loadTlsConfiguration(certificate, key, &error);
        if (!options.tls)
            cli::fail(QStringLiteral("cannot use TLS: %1").arg(error));
    }
}

} // namespace rill::ServerOptions
