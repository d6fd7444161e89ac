#pragma once

#include "server/http/redis/redisconnection.h"

#include <QDeadlineTimer>
#include <QObject>
#include <QTimer>

namespace rill {

class RedisSessionBackend;

// The timed side of runs in Redis, for one server: it renews the leases of
// the runs going here (a third of the lease apart), takes over runs whose
// server stopped renewing theirs and ends them with an error (so a client
// that resumes anywhere gets one, not silence), and hears Stops given on
// other servers: a blocking pop on this server's own list, on a connection
// of its own, so a Stop arrives as soon as Redis has it. The durable cancel
// flag that goes with each Stop is read again at each renewal, in case the
// list's entry was lost with a Redis restart.
class RedisRunKeeper : public QObject
{
    Q_OBJECT
public:
    RedisRunKeeper(RedisSessionBackend *backend, std::chrono::milliseconds lease,
        const RedisConnection::Options &options);

    void start();

private:
    void renew();
    void reap();
    void listen();
    std::chrono::milliseconds staleAfter() const;

    RedisSessionBackend *m_backend;
    std::chrono::milliseconds m_lease;
    RedisConnection m_listener;
    QTimer m_renewTimer;
    QTimer m_reapTimer;
    // No take-overs before this, after each (re)connect: when Redis was away for
    // everyone, every run's lease ran out meanwhile, and their servers need the
    // time to come back and renew them.
    QDeadlineTimer m_reapAfter;
    qint64 m_seenRedisMs = 0; // Redis's clock in the last reap answer (see script::reap)
    bool m_reaping = false;
};

} // namespace rill
