#pragma once

#include "server/http/redis/redisconnection.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace rill::redis {

// The keys of one session in Redis. The braces are a Redis Cluster hash tag, so
// that a session's keys share a slot; the scripts also touch `rill:runs`, so
// the backend needs one Redis (or a primary with replicas), not a cluster.
QByteArray sessionKey(const QString &sessionId); // hash: history, lastSeq, state, owner, cancel
QByteArray followersKey(const QString &sessionId); // sorted set: clients following elsewhere
QByteArray runsKey(); // sorted set: live runs by lease deadline (Redis's own clock, ms)
QByteArray cancelKey(const QByteArray &instanceId); // list: sessions to stop on that instance

// Each decision that more than one server may take at once is one Lua script,
// which Redis runs alone: it is atomic by construction. Every script reads the
// time from Redis itself (TIME), so that leases do not depend on the servers'
// clocks agreeing.
namespace script {
// KEYS session, runs; ARGV id, owner, leaseMs, idleMs.
// {0}: a run is live (409); {1, known, history, lastSeq}: claimed.
extern const QByteArray claim;
// ARGV owner, maxEvents, ttlMs, then for each event: sessionId, seq, event,
// refresh. Appends a turn of the event loop's events, of any sessions, in one
// call. One answer per event: 1 written, 0 already there, -1 not this owner's
// run (any more). A session's keys get `ttlMs` when `refresh` is "1" (a run's
// first append); otherwise the lease's renewal keeps them, not every event.
extern const QByteArray append;
// KEYS session; ARGV owner, history, idleMs. 1, or 0 when not the owner's.
extern const QByteArray saveHistory;
// KEYS session, events, runs; ARGV owner, id, history ("" keeps it), replayMs, idleMs.
extern const QByteArray finish;
// KEYS runs; ARGV owner, leaseMs, ttlMs, id... One per id: 0 renewed, 1
// renewed and the cancel flag is set, -1 not this owner's run any more. The
// run's keys get `ttlMs` again.
extern const QByteArray renew;
// KEYS session, runs; ARGV id, owner, leaseMs, idleMs, history. After a
// reconnect (Redis may have restarted empty): the run's stored lastSeq, or -1
// when another server took the run over meanwhile.
extern const QByteArray reassert;
// KEYS runs; ARGV owner, leaseMs, max, seenMs, staleMs. Takes the runs whose
// lease expired: {now, id, lastSeq, previous owner, ...}; the caller then ends
// each with an error. `seenMs` is Redis's time in the caller's previous reap
// answer: a call that Redis runs more than `staleMs` after it (Redis hung, or
// the call waited in a connection given up since) takes nothing and only
// answers {now}, since the servers whose leases ran out meanwhile could not
// renew them either.
extern const QByteArray reap;
// KEYS session, runs; ARGV id, listTtlMs. 1: flagged and the owner told; 0: no run.
extern const QByteArray stop;
// KEYS followers, session; ARGV member, ttlMs. {state, lastSeq} of the session.
extern const QByteArray watch;
// KEYS followers. How many clients follow the run on other servers.
extern const QByteArray watchers;
} // namespace script

// Runs the script `body` with `keys` and `args`: EVALSHA by its SHA-1, so that
// each call sends only the hash; a Redis that does not know it (restarted, or
// its scripts flushed) answers NOSCRIPT, and the call is sent again as EVAL,
// which also loads it. loadScripts() loads them all ahead, on each connect, so
// that a run's appends, which must stay in order, do not go through that retry.
void eval(RedisConnection *connection, const QByteArray &body, const QList<QByteArray> &keys,
    const QList<QByteArray> &args, RedisConnection::Callback done = {});
void loadScripts(RedisConnection *connection);

} // namespace rill::redis
