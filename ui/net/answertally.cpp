#include "ui/net/answertally.h"

#include <QCoreApplication>
#include <QLocale>
#include <QStringList>

namespace rill {

void AnswerTally::start(qint64 nowMs)
{
    *this = AnswerTally();
    m_startMs = nowMs;
}

void AnswerTally::add(const Message &message, qint64 nowMs)
{
    const bool thinkingPiece = message.type == MessageType::Reasoning;
    if (message.type == MessageType::Assistant) {
        if (auto stats = RunStats::fromJson(message.extra.value(QLatin1String("stats"))))
            m_final = stats;
        return;
    }
    if (!thinkingPiece && message.type != MessageType::Delta)
        return;
    if (m_firstPieceMs < 0)
        m_firstPieceMs = nowMs;
    qint64 &first = thinkingPiece ? m_firstThinkingMs : m_firstAnswerMs;
    if (first < 0)
        first = nowMs;
    m_lastPieceMs = nowMs;
    ++(thinkingPiece ? m_thinkingPieces : m_answerPieces);
}

qint64 AnswerTally::thinkingMs(qint64 nowMs) const
{
    if (m_final)
        return m_final->thinkingMs;
    if (m_firstThinkingMs < 0)
        return 0;
    return (m_firstAnswerMs >= 0 ? m_firstAnswerMs : nowMs) - m_firstThinkingMs;
}

std::optional<RunStats> AnswerTally::stats(qint64 nowMs) const
{
    if (m_final)
        return m_final;
    if (m_firstPieceMs < 0)
        return std::nullopt;
    RunStats stats;
    stats.ttftMs = m_firstPieceMs - m_startMs;
    stats.thinkingMs = thinkingMs(nowMs);
    stats.generationMs = m_lastPieceMs - m_firstPieceMs;
    stats.tokens = m_thinkingPieces + m_answerPieces;
    stats.estimated = true;
    return stats;
}

QString describeStats(const RunStats &stats)
{
    const auto tr = [](const char *text) { return QCoreApplication::translate("RunStats", text); };
    const QLocale locale;
    QStringList parts;
    parts << tr("%1 ms to first token").arg(stats.ttftMs)
          << (stats.estimated ? tr("~%1 tokens") : tr("%1 tokens")).arg(stats.tokens)
          << tr("%1 tokens/s").arg(locale.toString(stats.tokensPerSecond(), 'f', 1));
    if (stats.thinkingMs > 0)
        parts << tr("thought %1 s").arg(locale.toString(double(stats.thinkingMs) / 1000, 'f', 1));
    return parts.join(QStringLiteral(" · "))
        + (stats.estimated ? QLatin1Char(' ') + tr("(estimated)") : QString());
}

} // namespace rill
