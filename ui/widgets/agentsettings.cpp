#include "ui/widgets/agentsettings.h"

#include "ui/widgets/connectionsettings.h"

#include <QSettings>

namespace rill {

namespace {

const QString kKindKey = QStringLiteral("agent/kind");
const QString kCommandKey = QStringLiteral("agent/command");
const QString kUrlKey = QStringLiteral("agent/llmUrl");
const QString kModelKey = QStringLiteral("agent/model");
const QString kApiKeyKey = QStringLiteral("agent/apiKey");
const QString kTimeoutKey = QStringLiteral("agent/timeout");

} // namespace

AgentSettings AgentSettings::load(const QSettings &settings)
{
    AgentSettings result;
    result.kind = kindFromName(settings.value(kKindKey).toString()).value_or(Kind::Demo);
    result.command = settings.value(kCommandKey).toString();
    result.llmUrl = QUrl(settings.value(kUrlKey).toString());
    result.model = settings.value(kModelKey).toString();
    result.apiKey = settings.value(kApiKeyKey).toString();
    bool ok = false;
    const int timeout = settings.value(kTimeoutKey).toInt(&ok);
    if (ok && timeout > 0)
        result.timeoutSeconds = timeout;
    // Settings that cannot run (edited by hand) must not leave the server without an agent.
    if (!result.problem().isEmpty())
        result.kind = Kind::Demo;
    return result;
}

void AgentSettings::save(QSettings &settings) const
{
    settings.setValue(kKindKey, kindName(kind));
    settings.setValue(kCommandKey, command);
    settings.setValue(kUrlKey, llmUrl.toString());
    settings.setValue(kModelKey, model);
    settings.setValue(kApiKeyKey, apiKey);
    settings.setValue(kTimeoutKey, timeoutSeconds);
}

QString AgentSettings::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Demo:
        return QStringLiteral("demo");
    case Kind::Process:
        return QStringLiteral("process");
    case Kind::OpenAi:
        return QStringLiteral("openai");
    }
    return {};
}

std::optional<AgentSettings::Kind> AgentSettings::kindFromName(const QString &name)
{
    for (const Kind kind : { Kind::Demo, Kind::Process, Kind::OpenAi }) {
        if (name.compare(kindName(kind), Qt::CaseInsensitive) == 0)
            return kind;
    }
    return std::nullopt;
}

QString AgentSettings::problem() const
{
    if (kind == Kind::Process && command.trimmed().isEmpty())
        return tr("Enter the agent's command, for example: "
                  "python3 examples/agents/music_agent.py");
    if (kind == Kind::OpenAi)
        return ConnectionSettings::urlProblem(llmUrl.toString());
    return {};
}

} // namespace rill
