#include "server/agent/statsrecorder.h"

namespace rill {

void StatsRecorder::requestSent()
{
    m_clock.start();
}

qint64 StatsRecorder::now() const
{
    if (!m_clock.isValid())
        return 0;
    const qint64 elapsed = m_clock.elapsed();
    return elapsed - m_pausedMs - (m_pausedAt >= 0 ? elapsed - m_pausedAt : 0);
}

void StatsRecorder::setPaused(bool paused)
{
    if (!m_clock.isValid() || paused == (m_pausedAt >= 0))
        return;
    if (paused) {
        m_pausedAt = m_clock.elapsed();
    } else {
        m_pausedMs += m_clock.elapsed() - m_pausedAt;
        m_pausedAt = -1;
    }
}

void StatsRecorder::pieceReceived(PieceKind kind)
{
    const qint64 now = this->now();
    if (m_firstPieceMs < 0)
        m_firstPieceMs = now;
    if (kind == PieceKind::Thinking && m_firstThinkingMs < 0)
        m_firstThinkingMs = now;
    if (kind == PieceKind::Answer && m_firstAnswerMs < 0)
        m_firstAnswerMs = now;
    m_lastPieceMs = now;
    ++m_pieces;
}

void StatsRecorder::usageReported(qint64 completionTokens, std::optional<qint64> promptTokens)
{
    m_completionTokens = completionTokens;
    m_promptTokens = promptTokens;
}

RunStats StatsRecorder::stats() const
{
    RunStats stats;
    if (m_firstPieceMs >= 0) {
        stats.ttftMs = m_firstPieceMs;
        stats.generationMs = m_lastPieceMs - m_firstPieceMs;
    }
    if (m_firstThinkingMs >= 0) {
        // Thinking lasts until the answer starts, or to the end when none came.
        const qint64 end = m_firstAnswerMs >= m_firstThinkingMs ? m_firstAnswerMs : m_lastPieceMs;
        stats.thinkingMs = end - m_firstThinkingMs;
    }
    stats.tokens = m_completionTokens.value_or(m_pieces);
    stats.estimated = !m_completionTokens.has_value();
    stats.promptTokens = m_promptTokens;
    return stats;
}

} // namespace rill
