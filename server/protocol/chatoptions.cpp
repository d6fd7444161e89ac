#include "server/protocol/chatoptions.h"

#include <QJsonValue>

#include <cmath>

namespace rill {

namespace {

const QString kModel = QStringLiteral("model");
const QString kSystem = QStringLiteral("system");
const QString kTemperature = QStringLiteral("temperature");
const QString kTopP = QStringLiteral("top_p");
const QString kMaxTokens = QStringLiteral("max_tokens");

QString problem(const QString &field, const QString &what)
{
    return QStringLiteral("options.%1 must be %2").arg(field, what);
}

bool hasControlCharacter(const QString &text)
{
    for (QChar c : text) {
        if (c.category() == QChar::Other_Control)
            return true;
    }
    return false;
}

} // namespace

std::variant<ChatOptions, QString> ChatOptions::fromJson(const QJsonValue &value)
{
    if (value.isUndefined() || value.isNull())
        return ChatOptions {};
    if (!value.isObject())
        return QStringLiteral("options must be an object with any of \"model\", \"system\", "
                              "\"temperature\", \"top_p\", \"max_tokens\"");
    const QJsonObject object = value.toObject();
    ChatOptions options;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        const QString key = it.key();
        const QJsonValue field = it.value();
        if (field.isNull())
            continue; // the same as leaving it out
        if (key == kModel) {
            const QString model = field.toString();
            if (!field.isString() || model.trimmed().isEmpty() || model.size() > kMaxModelChars
                || hasControlCharacter(model))
                return problem(key,
                    QStringLiteral("a model name: a non-empty string of at most %1 characters "
                                   "without control characters")
                        .arg(kMaxModelChars));
            options.model = model;
        } else if (key == kSystem) {
            if (!field.isString() || field.toString().size() > kMaxSystemChars)
                return problem(
                    key, QStringLiteral("a string of at most %1 characters").arg(kMaxSystemChars));
            options.system = field.toString();
        } else if (key == kTemperature || key == kTopP) {
            const double limit = key == kTemperature ? 2.0 : 1.0;
            const double number = field.toDouble(-1);
            if (!field.isDouble() || !std::isfinite(number) || number < 0 || number > limit)
                return problem(key, QStringLiteral("a number from 0 to %1").arg(limit));
            (key == kTemperature ? options.temperature : options.topP) = number;
        } else if (key == kMaxTokens) {
            const double number = field.toDouble(-1);
            if (!field.isDouble() || number != std::floor(number) || number < 1
                || number > kMaxTokensLimit)
                return problem(
                    key, QStringLiteral("a whole number from 1 to %1").arg(kMaxTokensLimit));
            options.maxTokens = int(number);
        } else {
            return QStringLiteral("options.%1 is not an option; use \"model\", \"system\", "
                                  "\"temperature\", \"top_p\" or \"max_tokens\"")
                .arg(key.left(64));
        }
    }
    return options;
}

QJsonObject ChatOptions::toJson() const
{
    QJsonObject object;
    if (model)
        object.insert(kModel, *model);
    if (system)
        object.insert(kSystem, *system);
    if (temperature)
        object.insert(kTemperature, *temperature);
    if (topP)
        object.insert(kTopP, *topP);
    if (maxTokens)
        object.insert(kMaxTokens, *maxTokens);
    return object;
}

ChatOptions ChatOptions::overriddenBy(const ChatOptions &over) const
{
    ChatOptions merged = *this;
    if (over.model)
        merged.model = over.model;
    if (over.system)
        merged.system = over.system;
    if (over.temperature)
        merged.temperature = over.temperature;
    if (over.topP)
        merged.topP = over.topP;
    if (over.maxTokens)
        merged.maxTokens = over.maxTokens;
    return merged;
}

} // namespace rill
