#include "app/benchoptions.h"

#include "app/cli.h"

#include <QCommandLineParser>

namespace rill::bench {

void addOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        { QStringLiteral("bench"),
            QStringLiteral("Benchmark mode: stamp every event with \"sentUs\", the wall-clock "
                           "send time in microseconds since the Unix epoch (see rill-bench).") },
        { QStringLiteral("steps"), QStringLiteral("Plan length of the demo agent (default 3)."),
            QStringLiteral("n"), QStringLiteral("3") },
        { QStringLiteral("payload"),
            QStringLiteral("Bytes of padding added to each plan and step event of the demo "
                           "agent (default 0)."),
            QStringLiteral("bytes"), QStringLiteral("0") },
        { QStringLiteral("idle-streams"),
            QStringLiteral("The demo agent sends its greeting, then nothing: streams stay open "
                           "with heartbeats only, until the client leaves.") },
    });
}

bool stampSendTime(const QCommandLineParser &parser)
{
    return parser.isSet(QStringLiteral("bench"));
}

DemoAgentOptions agentOptions(const QCommandLineParser &parser, std::chrono::milliseconds stepDelay)
{
    DemoAgentOptions options;
    options.stepDelay = stepDelay;
    options.steps = cli::readNumber(parser, QStringLiteral("steps"), 1, 1000000);
    options.payloadBytes = cli::readNumber(parser, QStringLiteral("payload"), 0, 1 << 20);
    options.holdAfterGreeting = parser.isSet(QStringLiteral("idle-streams"));
    return options;
}

} // namespace rill::bench
