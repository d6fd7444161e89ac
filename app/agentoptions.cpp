#include "app/agentoptions.h"

#include "app/cli.h"
#include "server/agent/demoagent.h"
#include "server/agent/openaiagent.h"
#include "server/agent/processagent.h"
#include "server/http/chatserver.h"
#include "ui/widgets/mainwindow.h"

#include <QCommandLineParser>
#include <QLoggingCategory>
#include <QProcess>

namespace rill::AgentOptions {

namespace {

const QString kAgent = QStringLiteral("agent");
const QString kCommand = QStringLiteral("agent-command");
const QString kTimeout = QStringLiteral("agent-timeout");
const QString kLlmUrl = QStringLiteral("llm-url");
const QString kModel = QStringLiteral("model");
const QString kApiKey = QStringLiteral("api-key");

} // namespace

void addTo(QCommandLineParser &parser)
{
    parser.addOptions({
        { kAgent,
            QStringLiteral("The agent that answers: demo (the scripted music assistant, default), "
                           "process (an external command, see --agent-command) or openai (an "
                           "OpenAI-compatible LLM server, see --llm-url)."),
            QStringLiteral("demo|process|openai") },
        { kCommand,
            QStringLiteral("For --agent process: the command started for each run, e.g. "
                           "'python3 examples/agents/music_agent.py'."),
            QStringLiteral("command") },
        { kTimeout,
            QStringLiteral("For the process and openai agents: seconds without output after "
                           "which a run fails (default 120)."),
            QStringLiteral("seconds") },
        { kLlmUrl,
            QStringLiteral("For --agent openai: the LLM server's base URL, e.g. "
                           "http://127.0.0.1:8080 (/v1/chat/completions is added)."),
            QStringLiteral("url") },
        { kModel, QStringLiteral("For --agent openai: the model to ask for."),
            QStringLiteral("model") },
        { kApiKey, QStringLiteral("For --agent openai: the API key (default: $RILL_LLM_API_KEY)."),
            QStringLiteral("key") },
    });
}

AgentSettings resolve(const QCommandLineParser &parser, AgentSettings base)
{
    AgentSettings settings = std::move(base);
    if (parser.isSet(kAgent)) {
        const auto kind = AgentSettings::kindFromName(parser.value(kAgent));
        if (!kind)
            cli::fail(QStringLiteral("--agent takes demo, process or openai, not \"%1\"")
                          .arg(parser.value(kAgent)));
        settings.kind = *kind;
    }
    if (parser.isSet(kCommand))
        settings.command = parser.value(kCommand);
    if (parser.isSet(kTimeout))
        settings.timeoutSeconds = cli::readNumber(parser, kTimeout, 1, 86400);
    if (parser.isSet(kLlmUrl))
        settings.llmUrl = QUrl(parser.value(kLlmUrl).trimmed());
    if (parser.isSet(kModel))
        settings.model = parser.value(kModel);
    if (parser.isSet(kApiKey))
        settings.apiKey = parser.value(kApiKey);
    if (settings.apiKey.isEmpty())
        settings.apiKey = qEnvironmentVariable("RILL_LLM_API_KEY");
    if (settings.kind == AgentSettings::Kind::Process
        && QProcess::splitCommand(settings.command).isEmpty())
        cli::fail(QStringLiteral("--agent process needs --agent-command 'COMMAND ARGS'"));
    if (settings.kind == AgentSettings::Kind::OpenAi && !settings.problem().isEmpty())
        cli::fail(QStringLiteral("--agent openai needs --llm-url URL: %1").arg(settings.problem()));
    return settings;
}

AgentFactory factory(
    const AgentSettings &settings, const DemoAgentOptions &demo, const ToolLoopOptions &tools)
{
    const std::chrono::seconds timeout(settings.timeoutSeconds);
    switch (settings.kind) {
    case AgentSettings::Kind::Process: {
        ProcessAgentOptions options;
        QStringList words = QProcess::splitCommand(settings.command);
        options.program = words.isEmpty() ? QString() : words.takeFirst();
        options.arguments = words;
        options.outputTimeout = timeout;
        return [options]() -> std::unique_ptr<Agent> {
            return std::make_unique<ProcessAgent>(options);
        };
    }
    case AgentSettings::Kind::OpenAi: {
        OpenAiAgentOptions options;
        options.baseUrl = settings.llmUrl;
        options.model = settings.model;
        options.apiKey = settings.apiKey;
        options.timeout = timeout;
        options.tools = tools;
        return [options]() -> std::unique_ptr<Agent> {
            return std::make_unique<OpenAiAgent>(options);
        };
    }
    case AgentSettings::Kind::Demo:
        break;
    }
    return [demo]() -> std::unique_ptr<Agent> { return std::make_unique<DemoAgent>(demo); };
}

QString describe(const AgentSettings &settings, const DemoAgentOptions &demo)
{
    switch (settings.kind) {
    case AgentSettings::Kind::Process:
        return QStringLiteral("process agent: %1").arg(settings.command);
    case AgentSettings::Kind::OpenAi:
        return QStringLiteral("openai agent: %1%2")
            .arg(settings.llmUrl.toDisplayString(),
                settings.model.isEmpty() ? QString() : QStringLiteral(", model ") + settings.model);
    case AgentSettings::Kind::Demo:
        break;
    }
    return QStringLiteral("demo agent, step delay %1 ms").arg(demo.stepDelay.count());
}

void follow(MainWindow &window, ChatServer &server, const DemoAgentOptions &demo,
    const ToolLoopOptions &tools)
{
    QObject::connect(&window, &MainWindow::agentSettingsChanged, &server,
        [&server, demo, tools](const AgentSettings &settings) {
            server.setAgentFactory(factory(settings, demo, tools));
            qInfo().noquote()
                << QStringLiteral("Now answering with the %1").arg(describe(settings, demo));
        });
}

} // namespace rill::AgentOptions
