#include "ui/net/modeldefaults.h"

#include <QSettings>

namespace rill::ModelDefaults {

namespace {

const QString kName = QStringLiteral("model/name");
const QString kSystem = QStringLiteral("model/system");
const QString kTemperature = QStringLiteral("model/temperature");
const QString kTopP = QStringLiteral("model/topP");
const QString kMaxTokens = QStringLiteral("model/maxTokens");

template<typename T>
void store(QSettings &settings, const QString &key, const std::optional<T> &value)
{
    if (value)
        settings.setValue(key, *value);
    else
        settings.remove(key);
}

} // namespace

ChatOptions load(const QSettings &settings)
{
    // Read back through the wire's own checks: a value edited by hand that a
    // server would refuse with 400 must not break every send, so it is dropped.
    QJsonObject asked;
    const QString name = settings.value(kName).toString().trimmed();
    if (!name.isEmpty())
        asked.insert(QStringLiteral("model"), name);
    // An empty default prompt is no default: the server's applies.
    const QString system = settings.value(kSystem).toString();
    if (!system.trimmed().isEmpty())
        asked.insert(QStringLiteral("system"), system);
    for (const auto &[key, field] : { std::pair { kTemperature, QStringLiteral("temperature") },
             std::pair { kTopP, QStringLiteral("top_p") },
             std::pair { kMaxTokens, QStringLiteral("max_tokens") } }) {
        bool ok = false;
        const double number = settings.value(key).toDouble(&ok);
        if (ok)
            asked.insert(field, number);
    }
    ChatOptions options;
    for (auto it = asked.constBegin(); it != asked.constEnd(); ++it) {
        const auto one = ChatOptions::fromJson(QJsonObject { { it.key(), it.value() } });
        if (const auto *valid = std::get_if<ChatOptions>(&one))
            options = options.overriddenBy(*valid);
    }
    return options;
}

void save(QSettings &settings, const ChatOptions &options)
{
    store(settings, kName, options.model);
    store(settings, kSystem, options.system);
    store(settings, kTemperature, options.temperature);
    store(settings, kTopP, options.topP);
    store(settings, kMaxTokens, options.maxTokens);
}

ChatOptions forRequest(const ChatOptions &settings, const ChatOptions &conversation)
{
    return settings.overriddenBy(conversation);
}

} // namespace rill::ModelDefaults
