#pragma once

#include <QCoreApplication>
#include <QString>
#include <QUrl>

#include <optional>

class QSettings;

namespace rill {

// Which agent the embedded server runs, as chosen in the settings or on the
// command line (`--agent`). Plain data: the server side turns it into an
// agent factory (app/agentoptions.h), so the window never links an agent.
struct AgentSettings
{
    Q_DECLARE_TR_FUNCTIONS(rill::AgentSettings)
public:
    enum class Kind { Demo, Process, OpenAi };

    Kind kind = Kind::Demo;
    QString command; // Process: the command line, split like a shell would
    QUrl llmUrl; // OpenAi: the server's base URL
    QString model; // OpenAi, optional
    QString apiKey; // OpenAi, optional
    int timeoutSeconds = 120; // Process and OpenAi: silence that fails a run

    // Keys agent/kind, agent/command, agent/llmUrl, agent/model, agent/apiKey,
    // agent/timeout.
    static AgentSettings load(const QSettings &settings);
    void save(QSettings &settings) const;

    // "demo", "process", "openai".
    static QString kindName(Kind kind);
    static std::optional<Kind> kindFromName(const QString &name);

    // Why these settings cannot run an agent, in a sentence; empty when they can.
    QString problem() const;

    friend bool operator==(const AgentSettings &, const AgentSettings &) = default;
};

} // namespace rill
