#include "server/http/redis/redisscripts.h"

#include <QCryptographicHash>
#include <QHash>
#include <QPointer>

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
local out = {}
local runs = {}
for i = 4, #ARGV, 4 do
  local id = ARGV[i]
  local key = 'rill:{' .. id .. '}:session'
  local run = runs[id]
  if not run then
    local h = redis.call('HMGET', key, 'owner', 'state', 'lastSeq')
    run = { ours = h[1] == ARGV[1] and h[2] == 'running', last = tonumber(h[3] or '0'),
      written = false }
    runs[id] = run
  end
  local seq = tonumber(ARGV[i + 1])
  if not run.ours then
    out[#out + 1] = -1
  elseif seq <= run.last then
    out[#out + 1] = 0
  else
    local events = 'rill:{' .. id .. '}:events'
    redis.call('XADD', events, 'MAXLEN', '~', ARGV[2], ARGV[i + 1] .. '-0', 'e', ARGV[i + 2])
    if ARGV[i + 3] == '1' then
      redis.call('PEXPIRE', events, ARGV[3])
      redis.call('PEXPIRE', key, ARGV[3])
    end
    run.last = seq
    run.written = true
    out[#out + 1] = 1
  end
end
for id, run in pairs(runs) do
  if run.written then redis.call('HSET', 'rill:{' .. id .. '}:session', 'lastSeq', run.last) end
end
return out
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
for i = 4, #ARGV do
  local key = 'rill:{' .. ARGV[i] .. '}:session'
  local h = redis.call('HMGET', key, 'owner', 'state', 'cancel')
  if h[1] ~= ARGV[1] or h[2] ~= 'running' then
    out[#out + 1] = -1
  else
    redis.call('ZADD', KEYS[1], deadline, ARGV[i])
    redis.call('PEXPIRE', key, ARGV[3])
    redis.call('PEXPIRE', 'rill:{' .. ARGV[i] .. '}:events', ARGV[3])
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
local seen = tonumber(ARGV[4])
if seen <= 0 or now - seen > tonumber(ARGV[5]) then return {now} end
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[3]))
local out = {now}
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

namespace {

const QByteArray &shaOf(const QByteArray &body)
{
    // The scripts are a fixed handful: their hashes are worked out once.
    thread_local QHash<const char *, QByteArray> hashes;
    auto it = hashes.find(body.constData());
    if (it == hashes.end())
        it = hashes.insert(
            body.constData(), QCryptographicHash::hash(body, QCryptographicHash::Sha1).toHex());
    return *it;
}

} // namespace

void eval(RedisConnection *connection, const QByteArray &body, const QList<QByteArray> &keys,
    const QList<QByteArray> &args, RedisConnection::Callback done)
{
    QList<QByteArray> command { "EVALSHA", shaOf(body), QByteArray::number(keys.size()) };
    command += keys;
    command += args;
    QPointer<RedisConnection> guard(connection);
    connection->command(
        command, [guard, body, command, done = std::move(done)](const RedisReply &reply) mutable {
            if (reply.type == RedisReply::Type::Error && reply.string.startsWith("NOSCRIPT")
                && guard) {
                command[0] = "EVAL";
                command[1] = body;
                guard->command(std::move(command), std::move(done));
                return;
            }
            if (done)
                done(reply);
        });
}

void loadScripts(RedisConnection *connection)
{
    for (const QByteArray *body :
        { &script::claim, &script::append, &script::saveHistory, &script::finish, &script::renew,
            &script::reassert, &script::reap, &script::stop, &script::watch, &script::watchers })
        connection->command({ "SCRIPT", "LOAD", *body });
}

} // namespace rill::redis
