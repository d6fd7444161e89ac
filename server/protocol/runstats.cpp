#include "server/protocol/runstats.h"

#include <QJsonValue>

#include <cmath>

namespace rill {

namespace {

const QString kTtft = QStringLiteral("ttftMs");
const QString kThinking = QStringLiteral("thinkingMs");
const QString kGeneration = QStringLiteral("generationMs");
const QString kTokens = QStringLiteral("tokens");
const QString kTokensPerSecond = QStringLiteral("tokensPerSecond");
const QString kPromptTokens = QStringLiteral("promptTokens");
const QString kEstimated = QStringLiteral("estimated");

} // namespace

double RunStats::tokensPerSecond() const
{
    if (generationMs <= 0 || tokens <= 0)
        return 0;
    return double(tokens) * 1000.0 / double(generationMs);
}

QJsonObject RunStats::toJson() const
{
    QJsonObject object { { kTtft, ttftMs }, { kThinking, thinkingMs },
        { kGeneration, generationMs }, { kTokens, tokens },
        // One decimal is all a reader needs, and it keeps the event short.
        { kTokensPerSecond, std::round(tokensPerSecond() * 10.0) / 10.0 },
        { kEstimated, estimated } };
    if (promptTokens)
        object.insert(kPromptTokens, *promptTokens);
    return object;
}

std::optional<RunStats> RunStats::fromJson(const QJsonValue &value)
{
    if (!value.isObject())
        return std::nullopt;
    const QJsonObject object = value.toObject();
    if (!object.value(kTokens).isDouble())
        return std::nullopt;
    const auto count = [&object](const QString &key) {
        return qint64(std::max(0.0, object.value(key).toDouble()));
    };
    RunStats stats;
    stats.ttftMs = count(kTtft);
    stats.thinkingMs = count(kThinking);
    stats.generationMs = count(kGeneration);
    stats.tokens = count(kTokens);
    if (object.value(kPromptTokens).isDouble())
        stats.promptTokens = count(kPromptTokens);
    stats.estimated = object.value(kEstimated).toBool();
    return stats;
}

} // namespace rill
