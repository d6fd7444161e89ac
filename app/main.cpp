// Rill's entry point: reads the command line and wires the parts together.
#include "server/agent/demoagent.h"
#include "server/http/chatserver.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>
#include <memory>

using namespace std::chrono;

namespace {

// QApplication needs a display; the headless modes must not ask for one, so
// the mode is known before any application object exists.
bool wantsHeadless(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const QByteArrayView arg(argv[i]);
        if (arg == "--serve" || arg == "--help" || arg == "-h" || arg == "--help-all"
            || arg == "--version" || arg == "-v")
            return true;
    }
    return false;
}

struct Options
{
    QCommandLineOption serve { QStringLiteral("serve"),
        QStringLiteral("Run the HTTP server only, without a window.") };
    QCommandLineOption host { QStringLiteral("host"),
        QStringLiteral("Address to listen on (default 127.0.0.1)."), QStringLiteral("address"),
        QStringLiteral("127.0.0.1") };
    QCommandLineOption port { QStringLiteral("port"),
        QStringLiteral("Port to listen on; 0 picks a free one (default 8000 with --serve, "
                       "0 for the window's embedded server)."),
        QStringLiteral("port") };
    QCommandLineOption stepDelay { QStringLiteral("step-delay"),
        QStringLiteral("Milliseconds between the demo agent's events (default 300)."),
        QStringLiteral("ms"), QStringLiteral("300") };
    QCommandLineOption heartbeat { QStringLiteral("heartbeat"),
        QStringLiteral("Seconds of silence before a ': ping' comment (default 15)."),
        QStringLiteral("seconds"), QStringLiteral("15") };

    void addTo(QCommandLineParser &parser) const
    {
        parser.addOptions({ serve, host, port, stepDelay, heartbeat });
    }
};

[[noreturn]] void fail(const QString &message)
{
    std::fprintf(stderr, "rill: %s\n", qPrintable(message));
    std::exit(2);
}

int readNumber(const QCommandLineParser &parser, const QCommandLineOption &option, int min,
    int max)
{
    bool ok = false;
    const int value = parser.value(option).toInt(&ok);
    if (!ok || value < min || value > max)
        fail(QStringLiteral("--%1 takes a whole number from %2 to %3, not \"%4\"")
                 .arg(option.names().constFirst())
                 .arg(min)
                 .arg(max)
                 .arg(parser.value(option)));
    return value;
}

} // namespace

int main(int argc, char **argv)
{
    std::unique_ptr<QCoreApplication> app = wantsHeadless(argc, argv)
        ? std::make_unique<QCoreApplication>(argc, argv)
        : std::make_unique<QApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("rill"));
    QCoreApplication::setOrganizationName(QStringLiteral("Rill"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RILL_VERSION));
    if (qEnvironmentVariableIsEmpty("QT_MESSAGE_PATTERN"))
        qSetMessagePattern(QStringLiteral("%{time yyyy-MM-ddThh:mm:ss.zzz} "
                                          "%{if-warning}warning: %{endif}"
                                          "%{if-critical}error: %{endif}%{message}"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Rill: a chat window with an embedded server that streams an agent's "
                       "work as Server-Sent Events."));
    parser.addHelpOption();
    parser.addVersionOption();
    const Options options;
    options.addTo(parser);
    parser.process(*app);

    const bool serve = parser.isSet(options.serve);
    if (!serve)
        fail(QStringLiteral("the window is not available yet; run with --serve"));

    QHostAddress host;
    if (!host.setAddress(parser.value(options.host)))
        fail(QStringLiteral("--host takes an IP address, not \"%1\"").arg(parser.value(options.host)));
    const int port = parser.isSet(options.port) ? readNumber(parser, options.port, 0, 65535) : 8000;
    const milliseconds delay { readNumber(parser, options.stepDelay, 0, 600000) };
    rill::ChatServer::Options serverOptions;
    serverOptions.heartbeat = seconds(readNumber(parser, options.heartbeat, 1, 3600));

    rill::ChatServer server(
        [delay] { return std::make_unique<rill::DemoAgent>(delay); }, serverOptions);
    if (!server.listen(host, quint16(port)))
        fail(QStringLiteral("cannot listen on %1:%2: %3")
                 .arg(host.toString())
                 .arg(port)
                 .arg(server.errorString()));
    qInfo().noquote() << QStringLiteral("Rill %1 serving on %2 (demo agent, step delay %3 ms, "
                                        "heartbeat %4 s). Try: curl -N -X POST %2chat")
                             .arg(QCoreApplication::applicationVersion(), server.url().toString())
                             .arg(delay.count())
                             .arg(duration_cast<seconds>(serverOptions.heartbeat).count());
    return app->exec();
}
