#include "app/serveroptions.h"

#include "app/cli.h"
#include "server/http/tlssetup.h"

#include <QCommandLineParser>
#include <QHostAddress>
#include <QRegularExpression>
#include <QUrl>

namespace rill::ServerOptions {

namespace {

const QString kToken = QStringLiteral("token");
const QString kAllowOrigin = QStringLiteral("allow-origin");
const QString kAllowHost = QStringLiteral("allow-host");
const QString kTlsCert = QStringLiteral("tls-cert");
const QString kTlsKey = QStringLiteral("tls-key");
const QString kSessionIdle = QStringLiteral("session-idle");
const QString kMaxStreams = QStringLiteral("max-streams");
const QString kMaxUnsent = QStringLiteral("max-unsent");
const QString kMaxSessions = QStringLiteral("max-sessions");
const QString kHistoryTurns = QStringLiteral("history-turns");
const QString kHistoryKib = QStringLiteral("history-kib");
const QString kReplayMib = QStringLiteral("replay-mib");

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

// A host name (RFC 1123 labels) or an IP address, as a Host header carries it
// before the port.
QString hostProblem(const QString &host)
{
    static const QRegularExpression name(
        QStringLiteral("^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]("
                       "[A-Za-z0-9-]{0,61}"
                       "[A-Za-z0-9])?)*$"));
    QString bare = host;
    if (bare.startsWith(u'[') && bare.endsWith(u']'))
        bare = bare.mid(1, bare.size() - 2);
    if (!QHostAddress(bare).isNull() || name.match(host).hasMatch())
        return {};
    return QStringLiteral("--allow-host takes a host name or IP address such as rill.example.com "
                          "(no scheme, port or path), not \"%1\"")
        .arg(host);
}

// Whether `host` is the wildcard address, which names no host a client could use.
bool isWildcard(const QHostAddress &host)
{
    return host == QHostAddress::Any || host == QHostAddress::AnyIPv4
        || host == QHostAddress::AnyIPv6;
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
        { kAllowHost,
            QStringLiteral("With --serve: accept requests whose Host is NAME (besides localhost, "
                           "127.0.0.1, [::1] and --host); repeatable. Others get 421, which "
                           "keeps web pages that rebind their name to this machine out."),
            QStringLiteral("name") },
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
        { kMaxSessions,
            QStringLiteral("Sessions kept at once (default 10000): one more forgets the one idle "
                           "for longest; when every one has a live run, a new session gets 503."),
            QStringLiteral("count"), QStringLiteral("10000") },
        { kHistoryTurns,
            QStringLiteral("Turns of a conversation a session keeps for its agent, the newest "
                           "(default 100)."),
            QStringLiteral("count"), QStringLiteral("100") },
        { kHistoryKib,
            QStringLiteral("KiB of text a session keeps for its agent, the newest turns (default "
                           "64, 32768 characters)."),
            QStringLiteral("KiB"), QStringLiteral("64") },
        { kReplayMib,
            QStringLiteral("MiB that finished runs' events may take, kept 5 s for clients that "
                           "resume late; past it the oldest go first (default 32)."),
            QStringLiteral("MiB"), QStringLiteral("32") },
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
    options.maxSessions = cli::readNumber(parser, kMaxSessions, 1, 1000000);
    options.history.maxTurns = cli::readNumber(parser, kHistoryTurns, 1, 100000);
    options.history.maxBytes
        = qsizetype(cli::readNumber(parser, kHistoryKib, 1, 1024 * 1024)) * 1024;
    options.finishedRunReplayBytes
        = qsizetype(cli::readNumber(parser, kReplayMib, 0, 64 * 1024)) * 1024 * 1024;

    if (!serve) {
        // The embedded server is the window's own: on loopback only, and with a
        // fresh token each launch, which only the window's client knows, so that
        // neither another local user nor a web page in a browser can drive it.
        if (!host.isLoopback())
            cli::fail(QStringLiteral("the window's embedded server listens on loopback only; to "
                                     "serve other machines use --serve --host %1 --token TOKEN")
                          .arg(host.toString()));
        options.access.token = AccessPolicy::randomToken();
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
    // A wildcard address is reached by whatever names and addresses the network
    // gives it; binding one needs a token, and the token keeps rebound pages out.
    options.access.anyHost = isWildcard(host) && !options.access.token.isEmpty();
    if (!isWildcard(host))
        options.access.allowedHosts.append(host.toString());
    for (const QString &name : parser.values(kAllowHost)) {
        if (const QString problem = hostProblem(name); !problem.isEmpty())
            cli::fail(problem);
        options.access.allowedHosts.append(
            name.startsWith(u'[') ? name.mid(1, name.size() - 2) : name);
    }
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
