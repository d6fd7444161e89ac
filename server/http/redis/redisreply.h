#pragma once

#include <QByteArray>
#include <QList>

struct redisReply;

namespace rill {

// One answer from Redis, copied out of hiredis's reply (which hiredis frees
// once the callback returns), or why there was none.
struct RedisReply
{
    enum class Type {
        NoAnswer, // the connection failed, the command timed out, or the queue was full
        Nil,
        Status,
        Error, // Redis's own error, e.g. WRONGTYPE
        Integer,
        String,
        Array,
    };
    Type type = Type::NoAnswer;
    QByteArray string; // Status, Error, String; the reason for NoAnswer
    qint64 integer = 0;
    QList<RedisReply> elements;

    // No usable answer: none at all, or an error from Redis.
    bool failed() const { return type == Type::NoAnswer || type == Type::Error; }

    static RedisReply noAnswer(const QByteArray &reason);
    static RedisReply from(const redisReply *reply);
};

} // namespace rill
