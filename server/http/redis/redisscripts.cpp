#include "server/http/redis/redisscripts.h"

namespace rill::redis {

QByteArray sessionKey(const QString &sessionId)
{
    return "rill:{" + sessionId.toUtf8() + "}:session";
}

QByteArray followersKey(const QString &sessionId)
{
    return "rill:{" + sessionId.toUtf8() + "}:followers";
}

QByteArray runsKey()
{
    return "rill:runs";
}

QByteArray cancelKey(const QByteArray &instanceId)
{
    return "rill:instance:" + instanceId + ":cancel";
}

// Redis's own clock in milliseconds, for the scripts that read or set a deadline.
#define RILL_LUA_NOW                                                                               \
    "local function nowMs() local t = redis.call('TIME') "                                         \
    "return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) end\n"

namespace script {

const QByteArray claim = RILL_LUA_NOW R"lua(
if redis.call('ZSCORE', KEYS[2], ARGV[1]) then return {0} end
local known = redis.call('EXISTS', KEYS[1])
redis.call('ZADD', KEYS[2], nowMs() + tonumber(ARGV[3]), ARGV[1])
redis.call('HSET', KEYS[1], 'state', 'running', 'owner', ARGV[2], 'cancel', '0')
redis.call('PEXPIRE', KEYS[1], ARGV[4])
local h = redis.call('HMGET', KEYS[1], 'history', 'lastSeq')
return {1, known, h[1] or '', h[2] or '0'}
)lua";

const QByteArray append = R"lua(
local h = redis.call('HMGET', KEYS[1], 'owner', 'state', 'lastSeq')
if h[1] ~= ARGV[1] or h[2] ~= 'running' then return -1 end
if tonumber(ARGV[2]) <= tonumber(h[3] or '0') then return 0 end
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], ARGV[2] .. '-0', 'e', ARGV[3])
redis.call('HSET', KEYS[1], 'lastSeq', ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[5])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
)lua";

const QByteArray saveHistory = R"lua(
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'history', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
)lua";

const QByteArray finish = R"lua(
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return 0 end
redis.call('ZREM', KEYS[3], ARGV[2])
redis.call('HSET', KEYS[1], 'state', 'finished', 'cancel', '0')
if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'history', ARGV[3]) end
redis.call('PEXPIRE', KEYS[1], ARGV[5])
local ttl = redis.call('PTTL', KEYS[2])
if ttl == -1 or ttl > tonumber(ARGV[4]) then redis.call('PEXPIRE', KEYS[2], ARGV[4]) end
return 1
)lua";

const QByteArray renew = RILL_LUA_NOW R"lua(
local deadline = nowMs() + tonumber(ARGV[2])
local out = {}
for i = 3, #ARGV do
  local h = redis.call('HMGET', 'rill:{' .. ARGV[i] .. '}:session', 'owner', 'state', 'cancel')
  if h[1] ~= ARGV[1] or h[2] ~= 'running' then
    out[#out + 1] = -1
  else
    redis.call('ZADD', KEYS[1], deadline, ARGV[i])
    if h[3] == '1' then out[#out + 1] = 1 else out[#out + 1] = 0 end
  end
end
return out
)lua";

const QByteArray reassert = RILL_LUA_NOW R"lua(
local h = redis.call('HMGET', KEYS[1], 'owner', 'state', 'lastSeq')
if h[1] and (h[1] ~= ARGV[2] or h[2] ~= 'running') then return -1 end
if not h[1] then
  redis.call('HSET', KEYS[1], 'owner', ARGV[2], 'state', 'running', 'cancel', '0',
    'history', ARGV[5], 'lastSeq', '0')
end
redis.call('ZADD', KEYS[2], nowMs() + tonumber(ARGV[3]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return tonumber(h[3] or '0')
)lua";

const QByteArray reap = RILL_LUA_NOW R"lua(
local now = nowMs()
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[3]))
local out = {}
for _, id in ipairs(ids) do
  local key = 'rill:{' .. id .. '}:session'
  if redis.call('EXISTS', key) == 0 then
    redis.call('ZREM', KEYS[1], id)
  else
    redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), id)
    local previous = redis.call('HGET', key, 'owner') or ''
    redis.call('HSET', key, 'owner', ARGV[1], 'state', 'running')
    out[#out + 1] = id
    out[#out + 1] = redis.call('HGET', key, 'lastSeq') or '0'
    out[#out + 1] = previous
  end
end
return out
)lua";

const QByteArray stop = R"lua(
if not redis.call('ZSCORE', KEYS[2], ARGV[1]) then return 0 end
local owner = redis.call('HGET', KEYS[1], 'owner')
redis.call('HSET', KEYS[1], 'cancel', '1')
if owner then
  local list = 'rill:instance:' .. owner .. ':cancel'
  redis.call('RPUSH', list, ARGV[1])
  redis.call('PEXPIRE', list, ARGV[2])
end
return 1
)lua";

const QByteArray watch = RILL_LUA_NOW R"lua(
redis.call('ZADD', KEYS[1], nowMs() + tonumber(ARGV[2]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
local h = redis.call('HMGET', KEYS[2], 'state', 'lastSeq')
return {h[1] or '', h[2] or '0'}
)lua";

const QByteArray watchers = RILL_LUA_NOW R"lua(
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', nowMs())
return redis.call('ZCARD', KEYS[1])
)lua";

#undef RILL_LUA_NOW

} // namespace script

void eval(RedisConnection *connection, const QByteArray &body, const QList<QByteArray> &keys,
    const QList<QByteArray> &args, RedisConnection::Callback done)
{
    QList<QByteArray> command { "EVAL", body, QByteArray::number(keys.size()) };
    command += keys;
    command += args;
    connection->command(std::move(command), std::move(done));
}

} // namespace rill::redis
