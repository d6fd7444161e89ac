#include "app/listencommand.h"

#include "app/cli.h"
#include "ui/net/streamlistener.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>

#include <cstdio>
#include <unistd.h>

namespace rill {

// `rill listen [--post] [--data JSON] [--header 'K: V'] [--reconnect] [--timing] URL`
int runListenCommand(QCoreApplication &app)
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
        { QStringLiteral("timing"),
            QStringLiteral("Add t_ms (since the request) and gap_ms (since the previous event) "
                           "to each line, and print a verdict on stderr at the end: live, or "
                           "buffered (events held back, then sent together).") },
    });
    parser.process(app);
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2)
        cli::fail(QStringLiteral("listen takes exactly one URL (see rill listen --help)"));

    rill::StreamListener::Options options;
    options.url = QUrl::fromUserInput(positional.at(1));
    if (!options.url.isValid() || !options.url.scheme().startsWith(QLatin1String("http")))
        cli::fail(QStringLiteral("not an http(s) URL: %1").arg(positional.at(1)));
    options.post = parser.isSet(QStringLiteral("post"));
    options.body = parser.value(QStringLiteral("data")).toUtf8();
    options.reconnect = parser.isSet(QStringLiteral("reconnect"));
    options.timing = parser.isSet(QStringLiteral("timing"));
    for (const QString &header : parser.values(QStringLiteral("header"))) {
        const qsizetype colon = header.indexOf(u':');
        if (colon <= 0)
            cli::fail(QStringLiteral("--header takes 'Name: value', not \"%1\"").arg(header));
        options.headers.append(
            { header.left(colon).trimmed().toUtf8(), header.mid(colon + 1).trimmed().toUtf8() });
    }

    QFile out;
    out.open(STDOUT_FILENO, QIODevice::WriteOnly | QIODevice::Unbuffered);
    rill::StreamListener listener(options, &out);
    // The verdict goes to stderr so stdout stays one JSON line per event.
    const auto printVerdict = [&listener, timing = options.timing](bool evenWithoutEvents) {
        if (timing && (evenWithoutEvents || listener.timing().eventCount() > 0))
            std::fprintf(stderr, "verdict: %s\n", qPrintable(listener.timing().verdict()));
        // An LLM's answer: how much it thought and its figures, the server's own or,
        // when it sent none, as this client counted them.
        const AnswerTally &answer = listener.answer();
        const auto stats = answer.stats(listener.elapsedMs());
        if (timing && stats)
            std::fprintf(stderr, "answer: %d thinking pieces, %d answer pieces; %s\n",
                answer.thinkingPieces(), answer.answerPieces(), qPrintable(describeStats(*stats)));
    };
    // A tool call waiting for consent: say on stderr how to answer it, since
    // stdout stays the events alone.
    QObject::connect(&listener, &rill::StreamListener::messageReceived, &app,
        [url = options.url](const Message &message) {
            if (message.type != MessageType::Approval)
                return;
            QUrl approval = url;
            approval.setPath(QStringLiteral("/chat/approval"));
            approval.setQuery(QString());
            std::fprintf(stderr,
                "approval: step %d, %s waits for Allow or Deny; answer with\n"
                "  curl -X POST %s -H 'Content-Type: application/json' -d "
                "'{\"sessionId\":\"%s\",\"callId\":\"%s\",\"decision\":\"allow\"}'\n"
                "  (or \"allow-always\", \"deny\")\n",
                message.stepIndex(), qPrintable(message.content), qPrintable(approval.toString()),
                qPrintable(message.sessionId),
                qPrintable(message.extra.value(QLatin1String("callId")).toString()));
        });
    QObject::connect(&listener, &rill::StreamListener::finished, &app, [printVerdict] {
        printVerdict(true);
        QCoreApplication::exit(0);
    });
    QObject::connect(
        &listener, &rill::StreamListener::failed, &app, [printVerdict](const QString &reason) {
            std::fprintf(stderr, "rill listen: %s\n", qPrintable(reason));
            printVerdict(false);
            QCoreApplication::exit(1);
        });
    listener.start();
    return app.exec();
}

} // namespace rill
