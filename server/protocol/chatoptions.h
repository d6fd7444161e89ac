#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>
#include <variant>

namespace rill {

// What a client may ask of the model for one run: the `options` object of a
// POST /chat body, and what agents receive. Each field is optional; an unset
// one leaves the choice to the server's defaults, then to the model server.
struct ChatOptions
{
    std::optional<QString> model;
    std::optional<QString> system; // the system prompt
    std::optional<double> temperature; // 0 to 2
    std::optional<double> topP; // 0 to 1, `top_p` on the wire
    std::optional<int> maxTokens; // 1 to kMaxTokensLimit, `max_tokens` on the wire

    static constexpr int kMaxTokensLimit = 1'000'000;
    static constexpr qsizetype kMaxModelChars = 256;
    static constexpr qsizetype kMaxSystemChars = 16 * 1024;

    // Reads `options` as a client sent it. A wrong type, an out-of-range value or
    // an unknown key is an error naming the field ("options.temperature must be
    // a number from 0 to 2"); null or absent is no options at all.
    static std::variant<ChatOptions, QString> fromJson(const QJsonValue &value);
    // The set fields only, with their wire names.
    QJsonObject toJson() const;

    // These options with every field `over` sets taking its place.
    ChatOptions overriddenBy(const ChatOptions &over) const;
    bool isEmpty() const { return toJson().isEmpty(); }

    friend bool operator==(const ChatOptions &, const ChatOptions &) = default;
};

} // namespace rill
