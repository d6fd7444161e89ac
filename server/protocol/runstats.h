#pragma once

#include <QJsonObject>

#include <optional>

namespace rill {

// The figures of one generated answer: the `stats` object of the final
// `assistant` event of an LLM run. Times are in milliseconds.
struct RunStats
{
    qint64 ttftMs = 0; // request sent to the first token (thinking or answer)
    qint64 thinkingMs = 0; // first thinking token to the first answer token (0: none)
    qint64 generationMs = 0; // first token to the last
    qint64 tokens = 0; // generated, thinking included
    std::optional<qint64> promptTokens; // when the model server reports them
    // True when `tokens` counts the pieces received because the model server
    // reported no usage: then each piece is taken for one token.
    bool estimated = false;

    // tokens per second of generation; 0 when it took no measurable time.
    double tokensPerSecond() const;

    // {"ttftMs":…, "thinkingMs":…, "generationMs":…, "tokens":…, "tokensPerSecond":…,
    //  "promptTokens":…, "estimated":…}
    QJsonObject toJson() const;
    // Reads what toJson() wrote; nullopt when `value` is not such an object.
    static std::optional<RunStats> fromJson(const QJsonValue &value);

    friend bool operator==(const RunStats &, const RunStats &) = default;
};

} // namespace rill
