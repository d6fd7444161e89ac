#pragma once

#include "server/protocol/message.h"
#include "server/protocol/runstats.h"

#include <QString>

#include <optional>

namespace rill {

// Follows one answer as its messages arrive: how much thinking and answer came,
// and when, so that a client can show the figures while the answer streams
// (estimated, one token a piece) and the server's own `stats` once they come.
// Times are the caller's clock, in milliseconds.
class AnswerTally
{
public:
    // A new answer: the request for it was sent at `nowMs`.
    void start(qint64 nowMs);
    // Counts `message` if it belongs to the answer (reasoning, delta, the final
    // assistant with its stats).
    void add(const Message &message, qint64 nowMs);

    int thinkingPieces() const { return m_thinkingPieces; }
    int answerPieces() const { return m_answerPieces; }
    bool thinking() const { return m_firstThinkingMs >= 0 && m_firstAnswerMs < 0 && !m_final; }
    // How long it has thought (up to now while it still thinks); 0 without thinking.
    qint64 thinkingMs(qint64 nowMs) const;
    // The server's figures when they came, else the ones seen so far; nullopt
    // before the first piece.
    std::optional<RunStats> stats(qint64 nowMs) const;
    bool hasFinalStats() const { return m_final.has_value(); }

private:
    qint64 m_startMs = 0;
    qint64 m_firstPieceMs = -1;
    qint64 m_firstThinkingMs = -1;
    qint64 m_firstAnswerMs = -1;
    qint64 m_lastPieceMs = -1;
    int m_thinkingPieces = 0;
    int m_answerPieces = 0;
    std::optional<RunStats> m_final;
};

// "412 ms to first token · 214 tokens · 38.7 tokens/s · thought 3.2 s", with
// "~" and "(estimated)" when the count is an estimate.
QString describeStats(const RunStats &stats);

} // namespace rill
