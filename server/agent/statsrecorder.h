#pragma once

#include "server/protocol/runstats.h"

#include <QElapsedTimer>

#include <optional>

namespace rill {

// Times one LLM answer as its pieces arrive and counts its tokens: the
// model server's own count when it reports usage, else one per piece
// (marked estimated). One recorder per run.
class StatsRecorder
{
public:
    // Undecided: a piece that may turn out either (blank space, part of a tag):
    // it counts as a token, and for the time to the first one.
    enum class PieceKind { Thinking, Answer, Undecided };

    void requestSent();
    void pieceReceived(PieceKind kind);
    // Time spent waiting for a person (a tool call's approval) is not the
    // model's: it counts neither toward the first token nor the pace.
    void setPaused(bool paused);
    void usageReported(qint64 completionTokens, std::optional<qint64> promptTokens);

    bool hasPieces() const { return m_pieces > 0; }
    // The figures so far (at the end: of the whole answer).
    RunStats stats() const;

private:
    qint64 now() const;

    QElapsedTimer m_clock;
    qint64 m_pausedMs = 0; // waited in earlier pauses
    qint64 m_pausedAt = -1; // on m_clock, while paused
    qint64 m_firstPieceMs = -1;
    qint64 m_firstThinkingMs = -1;
    qint64 m_firstAnswerMs = -1;
    qint64 m_lastPieceMs = -1;
    qint64 m_pieces = 0;
    std::optional<qint64> m_completionTokens;
    std::optional<qint64> m_promptTokens;
};

} // namespace rill
