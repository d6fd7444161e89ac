#include "server/http/finishedreplay.h"

#include "server/http/session.h"

namespace rill {

FinishedReplay::FinishedReplay(
    std::chrono::milliseconds keepFor, qsizetype maxBytes, QObject *parent)
    : QObject(parent)
    , m_keepFor(keepFor)
    , m_maxBytes(maxBytes)
{
    // One timer for all finished runs, armed for the oldest one, rather than a timer per
    // run: hundreds of runs end every second under load.
    m_expiry.setSingleShot(true);
    m_expiry.setTimerType(Qt::CoarseTimer);
    connect(&m_expiry, &QTimer::timeout, this, &FinishedReplay::releaseExpired);
}

void FinishedReplay::keep(const std::shared_ptr<Session> &session)
{
    const auto now = std::chrono::steady_clock::now();
    m_kept.push_back({ session, session->lastSeq(), session->bufferedBytes(), now + m_keepFor });
    m_keptBytes += m_kept.back().bytes;
    while (m_keptBytes > m_maxBytes && !m_kept.empty())
        releaseFront();
    if (!m_expiry.isActive())
        releaseExpired();
}

void FinishedReplay::releaseFront()
{
    const Kept front = m_kept.front();
    m_kept.pop_front();
    m_keptBytes -= front.bytes;
    // A session whose next run already started keeps its events: they are that run's now.
    const std::shared_ptr<Session> session = front.session.lock();
    if (session && session->lastSeq() == front.lastSeq)
        session->releaseEvents();
}

void FinishedReplay::releaseExpired()
{
    const auto now = std::chrono::steady_clock::now();
    while (!m_kept.empty() && m_kept.front().until <= now)
        releaseFront();
    if (!m_kept.empty()) {
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(m_kept.front().until - now);
        m_expiry.start(left);
    }
}

} // namespace rill
