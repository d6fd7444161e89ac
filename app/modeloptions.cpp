#include "app/modeloptions.h"

#include "app/cli.h"

#include <QCommandLineParser>
#include <QJsonObject>

namespace rill::ModelOptions {

namespace {

const QString kSystem = QStringLiteral("system");
const QString kTemperature = QStringLiteral("temperature");
const QString kTopP = QStringLiteral("top-p");
const QString kMaxTokens = QStringLiteral("max-tokens");
const QString kLock = QStringLiteral("lock-options");

} // namespace

void addTo(QCommandLineParser &parser)
{
    parser.addOptions({
        { kSystem,
            QStringLiteral("The system prompt of runs whose client sends none (LLM agents)."),
            QStringLiteral("text") },
        { kTemperature,
            QStringLiteral("The sampling temperature, 0 to 2, of runs whose client sends none."),
            QStringLiteral("number") },
        { kTopP, QStringLiteral("The top-p, 0 to 1, of runs whose client sends none."),
            QStringLiteral("number") },
        { kMaxTokens,
            QStringLiteral("The most tokens an answer may have, for runs whose client sends "
                           "none."),
            QStringLiteral("count") },
        { kLock,
            QStringLiteral("Ignore the model and parameters clients ask for (the options of "
                           "POST /chat): runs use the server's own. /health says so.") },
    });
}

void apply(const QCommandLineParser &parser, ChatServer::Options &options)
{
    // The flags are read as a client's `options` would be, by the same rules.
    QJsonObject asked;
    if (parser.isSet(kSystem))
        asked.insert(QStringLiteral("system"), parser.value(kSystem));
    for (const auto &[flag, field] : { std::pair { kTemperature, QStringLiteral("temperature") },
             std::pair { kTopP, QStringLiteral("top_p") },
             std::pair { kMaxTokens, QStringLiteral("max_tokens") } }) {
        if (!parser.isSet(flag))
            continue;
        bool ok = false;
        const double number = parser.value(flag).toDouble(&ok);
        if (!ok)
            cli::fail(
                QStringLiteral("--%1 takes a number, not \"%2\"").arg(flag, parser.value(flag)));
        asked.insert(field, number);
    }
    auto parsed = ChatOptions::fromJson(asked);
    if (const auto *problem = std::get_if<QString>(&parsed))
        cli::fail(QString(*problem)
                      .replace(QLatin1String("options.top_p"), QLatin1String("--top-p"))
                      .replace(QLatin1String("options.max_tokens"), QLatin1String("--max-tokens"))
                      .replace(QLatin1String("options."), QLatin1String("--")));
    options.defaultOptions = std::get<ChatOptions>(std::move(parsed));
    options.lockOptions = parser.isSet(kLock);
}

} // namespace rill::ModelOptions
