#pragma once

#include "ui/widgets/agentsettings.h"

#include <QCoreApplication>
#include <QString>
#include <QUrl>

#include <optional>

namespace rill {

// Where the window can learn which models there are, for the picker in
// Settings ▸ Model and the bar above the chat. Only the embedded server's
// OpenAI agent names an LLM server the window can ask itself; a remote Rill
// server does not say what its agent talks to, and the demo and process agents
// have no list, so those get free entry and a note saying why.
struct ModelSource
{
    Q_DECLARE_TR_FUNCTIONS(rill::ModelSource)
public:
    QUrl modelsUrl; // GET this for the list; empty when there is none to ask
    QString apiKey; // the LLM server's, sent as a bearer token
    QString note; // when there is no list: why, and what to do instead
    QString serverModel; // the model the server uses when asked for none, when known

    // `agent` is what the embedded server runs; `embedded` whether the window
    // talks to it (false: --connect or a remote server in the settings).
    static ModelSource find(bool embedded, const std::optional<AgentSettings> &agent);
};

} // namespace rill
