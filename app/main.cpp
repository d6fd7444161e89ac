// Rill's entry point: reads the command line and wires the parts together.
#include "server/agent/demoagent.h"
#include "server/http/chatserver.h"
#include "ui/net/chatclient.h"
#include "ui/net/streamlistener.h"
#include "ui/widgets/language.h"
#include "ui/widgets/mainwindow.h"
#include "ui/widgets/settingsdialog.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>

#include <cstdio>
#include <memory>
#include <unistd.h>

using namespace std::chrono;

namespace {

enum class Mode { Window, Serve, Listen };

// QApplication needs a display; the headless modes must not ask for one, so
// the mode is known before any application object exists.
Mode modeFrom(int argc, char **argv)
{
    if (argc > 1 && QByteArrayView(argv[1]) == "listen")
        return Mode::Listen;
    for (int i = 1; i < argc; ++i) {
        const QByteArrayView arg(argv[i]);
        if (arg == "--serve" || arg == "--help" || arg == "-h" || arg == "--help-all"
            || arg == "--version" || arg == "-v")
            return Mode::Serve;
    }
    return Mode::Window;
}

[[noreturn]] void fail(const QString &message)
{
    std::fprintf(stderr, "rill: %s\n", qPrintable(message));
    std::exit(2);
}

int readNumber(const QCommandLineParser &parser, const QString &name, int min, int max)
{
    bool ok = false;
    const int value = parser.value(name).toInt(&ok);
    if (!ok || value < min || value > max)
        fail(QStringLiteral("--%1 takes a whole number from %2 to %3, not \"%4\"")
                 .arg(name)
                 .arg(min)
                 .arg(max)
                 .arg(parser.value(name)));
    return value;
}

void setUpApplication()
{
    QCoreApplication::setApplicationName(QStringLiteral("rill"));
    QCoreApplication::setOrganizationName(QStringLiteral("Rill"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RILL_VERSION));
    if (qEnvironmentVariableIsEmpty("QT_MESSAGE_PATTERN"))
        qSetMessagePattern(QStringLiteral("%{time yyyy-MM-ddThh:mm:ss.zzz} "
                                          "%{if-warning}warning: %{endif}"
                                          "%{if-critical}error: %{endif}%{message}"));
}

// `rill listen [--post] [--data JSON] [--header 'K: V'] [--reconnect] URL`
int runListen(QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Prints each event of an SSE stream as one JSON line {\"type\", \"data\", "
                       "\"lastEventId\"} the moment it arrives."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("listen"), QStringLiteral("The listen command."));
    parser.addPositionalArgument(QStringLiteral("URL"), QStringLiteral("The event stream."));
    parser.addOptions({
        { QStringLiteral("post"), QStringLiteral("Use POST instead of GET.") },
        { QStringLiteral("data"), QStringLiteral("A JSON body to POST."), QStringLiteral("json") },
        { QStringLiteral("header"), QStringLiteral("An extra request header (repeatable)."),
            QStringLiteral("K: V") },
        { QStringLiteral("reconnect"),
            QStringLiteral("Reconnect with Last-Event-ID when the stream ends, until a 204.") },
    });
    parser.process(app);
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2)
        fail(QStringLiteral("listen takes exactly one URL (see rill listen --help)"));

    rill::StreamListener::Options options;
    options.url = QUrl::fromUserInput(positional.at(1));
    if (!options.url.isValid() || !options.url.scheme().startsWith(QLatin1String("http")))
        fail(QStringLiteral("not an http(s) URL: %1").arg(positional.at(1)));
    options.post = parser.isSet(QStringLiteral("post"));
    options.body = parser.value(QStringLiteral("data")).toUtf8();
    options.reconnect = parser.isSet(QStringLiteral("reconnect"));
    for (const QString &header : parser.values(QStringLiteral("header"))) {
        const qsizetype colon = header.indexOf(u':');
        if (colon <= 0)
            fail(QStringLiteral("--header takes 'Name: value', not \"%1\"").arg(header));
        options.headers.append(
            { header.left(colon).trimmed().toUtf8(), header.mid(colon + 1).trimmed().toUtf8() });
    }

    QFile out;
    out.open(STDOUT_FILENO, QIODevice::WriteOnly | QIODevice::Unbuffered);
    rill::StreamListener listener(options, &out);
    QObject::connect(
        &listener, &rill::StreamListener::finished, &app, [] { QCoreApplication::exit(0); });
    QObject::connect(&listener, &rill::StreamListener::failed, &app, [](const QString &reason) {
        std::fprintf(stderr, "rill listen: %s\n", qPrintable(reason));
        QCoreApplication::exit(1);
    });
    listener.start();
    return app.exec();
}

} // namespace

int main(int argc, char **argv)
{
    const Mode mode = modeFrom(argc, argv);
    std::unique_ptr<QCoreApplication> app = mode == Mode::Window
        ? std::make_unique<QApplication>(argc, argv)
        : std::make_unique<QCoreApplication>(argc, argv);
    setUpApplication();
    if (mode == Mode::Listen)
        return runListen(*app);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Rill: a chat window with an embedded server that streams an agent's work as "
        "Server-Sent Events.\n\n"
        "  rill                      the window and an embedded server\n"
        "  rill --serve              the server alone\n"
        "  rill --connect URL        the window, talking to a remote server\n"
        "  rill listen [options] URL print a stream's events as JSON lines"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions({
        { QStringLiteral("serve"), QStringLiteral("Run the HTTP server only, without a window.") },
        { QStringLiteral("connect"), QStringLiteral("Open the window against a remote server."),
            QStringLiteral("url") },
        { QStringLiteral("token"), QStringLiteral("Bearer token for the remote server."),
            QStringLiteral("token") },
        { QStringLiteral("host"), QStringLiteral("Address to listen on (default 127.0.0.1)."),
            QStringLiteral("address"), QStringLiteral("127.0.0.1") },
        { QStringLiteral("port"),
            QStringLiteral("Port to listen on; 0 picks a free one (default 8000 with --serve, "
                           "0 for the window's embedded server)."),
            QStringLiteral("port") },
        { QStringLiteral("step-delay"),
            QStringLiteral("Milliseconds between the demo agent's events (default 300)."),
            QStringLiteral("ms"), QStringLiteral("300") },
        { QStringLiteral("heartbeat"),
            QStringLiteral("Seconds of silence before a ': ping' comment (default 15)."),
            QStringLiteral("seconds"), QStringLiteral("15") },
        { QStringLiteral("lang"),
            QStringLiteral("Language of the window and the demo agent: "
                           "zh_CN or en (default: the system's)."),
            QStringLiteral("lang") },
    });
    parser.process(*app);

    const bool serve = parser.isSet(QStringLiteral("serve"));
    const QString language = rill::Language::resolve(parser.value(QStringLiteral("lang")));

    std::unique_ptr<rill::ChatServer> server;
    if (serve || !parser.isSet(QStringLiteral("connect"))) {
        QHostAddress host;
        if (!host.setAddress(parser.value(QStringLiteral("host"))))
            fail(QStringLiteral("--host takes an IP address, not \"%1\"")
                     .arg(parser.value(QStringLiteral("host"))));
        const int port = parser.isSet(QStringLiteral("port"))
            ? readNumber(parser, QStringLiteral("port"), 0, 65535)
            : (serve ? 8000 : 0);
        const milliseconds delay { readNumber(parser, QStringLiteral("step-delay"), 0, 600000) };
        rill::ChatServer::Options options;
        options.heartbeat = seconds(readNumber(parser, QStringLiteral("heartbeat"), 1, 3600));
        server = std::make_unique<rill::ChatServer>(
            [delay] { return std::make_unique<rill::DemoAgent>(delay); }, options);
        if (!server->listen(host, quint16(port)))
            fail(QStringLiteral("cannot listen on %1:%2: %3")
                     .arg(host.toString())
                     .arg(port)
                     .arg(server->errorString()));
        qInfo().noquote() << QStringLiteral("Rill %1 serving on %2 (demo agent, step delay %3 ms, "
                                            "heartbeat %4 s). Try: curl -N -X POST %2chat")
                                 .arg(QCoreApplication::applicationVersion(),
                                     server->url().toString())
                                 .arg(delay.count())
                                 .arg(duration_cast<seconds>(options.heartbeat).count());
        if (serve)
            return app->exec();
    }

    rill::Language::install(*app, language);
    rill::ChatClient client;
    client.setLanguage(language);
    rill::MainWindow window(&client);
    if (server)
        window.setEmbeddedServerUrl(server->url());
    rill::ConnectionSettings connection = rill::SettingsDialog::storedSettings();
    if (parser.isSet(QStringLiteral("connect"))) {
        const QString url = parser.value(QStringLiteral("connect"));
        const QString problem = rill::ConnectionSettings::urlProblem(url);
        if (!problem.isEmpty())
            fail(QStringLiteral("--connect: %1").arg(problem));
        connection.mode = rill::ConnectionSettings::Mode::Remote;
        connection.url = rill::ConnectionSettings::baseUrl(url);
        connection.token = parser.value(QStringLiteral("token"));
    }
    window.applySettings(connection);
    window.show();
    return app->exec();
}
