// Rill's entry point: reads the command line and wires the parts together.
#include "app/agentoptions.h"
#include "app/appicon.h"
#include "app/benchoptions.h"
#include "app/cli.h"
#include "app/listencommand.h"
#include "app/mcpoptions.h"
#include "app/modeloptions.h"
#include "app/quitonsignal.h"
#include "app/redisoptions.h"
#include "app/serveroptions.h"
#include "server/eventloop/epolleventdispatcher.h"
#include "server/http/chatserver.h"
#include "ui/net/chatclient.h"
#include "ui/store/conversationstore.h"
#include "ui/widgets/language.h"
#include "ui/widgets/mainwindow.h"
#include "ui/widgets/settingsdialog.h"
#include "ui/widgets/theme.h"
#include "ui/widgets/thememenu.h"
#include "ui/widgets/toolssettings.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSettings>

#include <cstring>
#include <memory>
#include <optional>

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

} // namespace

int main(int argc, char **argv)
{
    const Mode mode = modeFrom(argc, argv);
    // Headless, Qt's own event dispatcher serves better than the GLib one, which
    // writes its wake-up eventfd on every posted event and socket-notifier change:
    // three extra syscalls per event streamed (docs/benchmarks.md).
    if (mode != Mode::Window && !qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    // The server alone runs on epoll, whose cost per pass follows the sockets that are
    // ready rather than all that are open; RILL_QT_EVENT_DISPATCHER=1 keeps Qt's, to
    // compare (README, "Benchmarks").
    if (mode == Mode::Serve && !qEnvironmentVariableIsSet("RILL_QT_EVENT_DISPATCHER"))
        QCoreApplication::setEventDispatcher(new rill::EpollEventDispatcher);
    std::unique_ptr<QCoreApplication> app = mode == Mode::Window
        ? std::make_unique<QApplication>(argc, argv)
        : std::make_unique<QCoreApplication>(argc, argv);
    setUpApplication();
    if (mode == Mode::Listen)
        return rill::runListenCommand(*app);
    rill::QuitOnSignal quitOnSignal;
    QObject::connect(&quitOnSignal, &rill::QuitOnSignal::received, [](int signal) {
        qInfo().noquote() << QStringLiteral("%1 received: stopping (again to stop at once)")
                                 .arg(QString::fromLocal8Bit(::strsignal(signal)));
    });

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
        { QStringLiteral("theme"),
            QStringLiteral("Colours of the window: system, light or dark (default: the last "
                           "chosen in View > Theme, else system)."),
            QStringLiteral("theme") },
    });
    rill::AgentOptions::addTo(parser);
    rill::ServerOptions::addTo(parser);
    rill::ModelOptions::addTo(parser);
    rill::McpOptions::addTo(parser);
    rill::RedisOptions::addTo(parser);
    rill::bench::addOptions(parser);
    parser.process(*app);

    const bool serve = parser.isSet(QStringLiteral("serve"));
    const QString language = rill::Language::resolve(parser.value(QStringLiteral("lang")));
    std::optional<rill::Theme> theme;
    if (parser.isSet(QStringLiteral("theme"))) {
        theme = rill::Themes::fromName(parser.value(QStringLiteral("theme")));
        if (!theme)
            rill::cli::fail(QStringLiteral("--theme takes system, light or dark, not \"%1\"")
                                .arg(parser.value(QStringLiteral("theme"))));
    }

    // Started before the server, stopped after it (declared first): a run's
    // tool call never outlives its server.
    const std::unique_ptr<rill::McpServerSet> tools = rill::McpOptions::startServers(parser);
    // The tool calls waiting for a person, answered through the server.
    rill::ToolApprovals approvals;
    std::unique_ptr<rill::ChatServer> server;
    QString serverToken; // the embedded server's own, for the window's client
    rill::AgentSettings agent;
    rill::DemoAgentOptions demo;
    rill::ToolLoopOptions toolLoop;
    if (serve || !parser.isSet(QStringLiteral("connect"))) {
        QHostAddress host;
        if (!host.setAddress(parser.value(QStringLiteral("host"))))
            rill::cli::fail(QStringLiteral("--host takes an IP address, not \"%1\"")
                                .arg(parser.value(QStringLiteral("host"))));
        const int port = parser.isSet(QStringLiteral("port"))
            ? rill::cli::readNumber(parser, QStringLiteral("port"), 0, 65535)
            : (serve ? 8000 : 0);
        demo = rill::bench::agentOptions(parser,
            milliseconds(rill::cli::readNumber(parser, QStringLiteral("step-delay"), 0, 600000)));
        rill::ChatServer::Options options;
        options.stampSendTime = rill::bench::stampSendTime(parser);
        options.heartbeat
            = seconds(rill::cli::readNumber(parser, QStringLiteral("heartbeat"), 1, 3600));
        // The window's settings choose its embedded server's agent; flags override them.
        agent = rill::AgentOptions::resolve(
            parser, serve ? rill::AgentSettings {} : rill::AgentSettings::load(QSettings()));
        rill::ServerOptions::apply(parser, host, serve, options);
        rill::ModelOptions::apply(parser, options);
        serverToken = options.access.token;
        rill::raiseOpenFileLimit(); // every stream holds a descriptor
        toolLoop = rill::McpOptions::toolLoop(parser, tools.get(), &approvals);
        options.approvals = &approvals;
        auto factory = rill::AgentOptions::factory(agent, demo, toolLoop);
        std::unique_ptr<rill::SessionBackend> backend
            = rill::RedisOptions::backend(parser, serve, options);
        server = backend ? std::make_unique<rill::ChatServer>(factory, options, std::move(backend))
                         : std::make_unique<rill::ChatServer>(factory, options);
        if (!server->listen(host, quint16(port)))
            rill::cli::fail(QStringLiteral("cannot listen on %1:%2: %3")
                                .arg(host.toString())
                                .arg(port)
                                .arg(server->errorString()));
        qInfo().noquote() << QStringLiteral("Rill %1 serving on %2 (%3, heartbeat %4 s). "
                                            "Try: curl -N -X POST %2chat")
                                 .arg(QCoreApplication::applicationVersion(),
                                     server->url().toString(),
                                     rill::AgentOptions::describe(agent, demo))
                                 .arg(duration_cast<seconds>(options.heartbeat).count());
        if (serve)
            return app->exec();
    }

    rill::Language::install(*app, language);
    rill::ThemeSwitcher themes(static_cast<QApplication *>(app.get()));
    themes.apply(theme.value_or(rill::ThemeSwitcher::stored()));
    QApplication::setWindowIcon(rill::appIcon());
    QGuiApplication::setDesktopFileName(QStringLiteral(RILL_APP_ID));
    rill::ChatClient client;
    client.setLanguage(language);
    rill::ConversationStore conversations(rill::ConversationStore::defaultDirectory());
    rill::MainWindow window(&client, &conversations);
    if (server) {
        window.setEmbeddedServer(server->url(), serverToken);
        window.setAgentInUse(agent);
        // Tools switched off in Settings ▸ Tools stay off.
        rill::ToolsSettings::restore(tools.get(), QSettings());
        window.setTools(tools.get());
        rill::AgentOptions::follow(window, *server, demo, toolLoop);
    }
    rill::ThemeMenu::install(&window, &themes);
    rill::ConnectionSettings connection = rill::SettingsDialog::storedSettings();
    if (parser.isSet(QStringLiteral("connect"))) {
        const QString url = parser.value(QStringLiteral("connect"));
        const QString problem = rill::ConnectionSettings::urlProblem(url);
        if (!problem.isEmpty())
            rill::cli::fail(QStringLiteral("--connect: %1").arg(problem));
        connection.mode = rill::ConnectionSettings::Mode::Remote;
        connection.url = rill::ConnectionSettings::baseUrl(url);
        connection.token = rill::ServerOptions::clientToken(parser);
    }
    window.applySettings(connection);
    // Closed as by the user, so the conversation on screen is kept.
    QObject::connect(&quitOnSignal, &rill::QuitOnSignal::received, &window, &QWidget::close);
    window.show();
    return app->exec();
}
