#pragma once

#include "server/protocol/chatoptions.h"

class QSettings;

namespace rill {

// Settings ▸ Model: the model and parameters the window asks for, kept with
// QSettings (keys model/name, model/system, model/temperature, model/topP,
// model/maxTokens). Each is optional: one left unset is not sent, so the
// server's defaults (rill --serve --model/--temperature...) and then the
// model server's apply.
namespace ModelDefaults {

ChatOptions load(const QSettings &settings);
void save(QSettings &settings, const ChatOptions &options);

// What a run asks for: the settings, with what the conversation chose for
// itself (its model, its system prompt) in their place.
ChatOptions forRequest(const ChatOptions &settings, const ChatOptions &conversation);

} // namespace ModelDefaults

} // namespace rill
