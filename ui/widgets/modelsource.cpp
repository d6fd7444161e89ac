#include "ui/widgets/modelsource.h"

#include "ui/net/modellist.h"

namespace rill {

ModelSource ModelSource::find(bool embedded, const std::optional<AgentSettings> &agent)
{
    ModelSource source;
    if (!embedded) {
        source.note = tr("A remote Rill server does not list the models of its LLM server. Type "
                         "the model's name; the server passes it on to its agent.");
        return source;
    }
    const AgentSettings::Kind kind = agent ? agent->kind : AgentSettings::Kind::Demo;
    switch (kind) {
    case AgentSettings::Kind::OpenAi:
        source.modelsUrl = ModelList::modelsUrl(agent->llmUrl);
        source.apiKey = agent->apiKey;
        source.serverModel = agent->model;
        break;
    case AgentSettings::Kind::Process:
        source.note = tr("The process agent has no list of models. A name typed here reaches "
                         "it in its request's options.");
        break;
    case AgentSettings::Kind::Demo:
        source.note = tr("The demo music assistant uses no model and ignores these settings. "
                         "Choose an OpenAI-compatible LLM server in Settings ▸ Agent to pick "
                         "one of its models.");
        break;
    }
    return source;
}

} // namespace rill
