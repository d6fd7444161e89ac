#pragma once

#include <QObject>
#include <QTimer>

#include <chrono>
#include <deque>
#include <memory>

namespace rill {

class Session;

// How long, and how much of, finished runs' events stay for clients that resume: each for
// `keepFor`, and all of them together in at most `maxBytes`. Past the byte budget the
// oldest finished run's events go first, so memory follows the budget rather than the
// rate at which runs end (a late resume then gets the documented 410 error). A live run's
// events are not counted: they are bounded per session by SessionBufferLimits.
class FinishedReplay : public QObject
{
    Q_OBJECT

public:
    FinishedReplay(
        std::chrono::milliseconds keepFor, qsizetype maxBytes, QObject *parent = nullptr);

    // Keeps what `session` holds of the run that just ended, within the limits.
    void keep(const std::shared_ptr<Session> &session);
    qsizetype keptBytes() const { return m_keptBytes; }

private:
    struct Kept
    {
        std::weak_ptr<Session> session;
        qint64 lastSeq = 0;
        qsizetype bytes = 0;
        std::chrono::steady_clock::time_point until;
    };
    void releaseFront();
    void releaseExpired();

    std::chrono::milliseconds m_keepFor;
    qsizetype m_maxBytes;
    qsizetype m_keptBytes = 0;
    std::deque<Kept> m_kept; // oldest first: they end in order, and expire in order
    QTimer m_expiry;
};

} // namespace rill
