#include "server/http/redis/redisreply.h"

#include <hiredis/hiredis.h>

namespace rill {

RedisReply RedisReply::noAnswer(const QByteArray &reason)
{
    RedisReply reply;
    reply.string = reason;
    return reply;
}

RedisReply RedisReply::from(const redisReply *reply)
{
    RedisReply out;
    if (!reply)
        return noAnswer("no reply");
    switch (reply->type) {
    case REDIS_REPLY_NIL:
        out.type = Type::Nil;
        break;
    case REDIS_REPLY_STATUS:
        out.type = Type::Status;
        out.string = QByteArray(reply->str, qsizetype(reply->len));
        break;
    case REDIS_REPLY_ERROR:
        out.type = Type::Error;
        out.string = QByteArray(reply->str, qsizetype(reply->len));
        break;
    case REDIS_REPLY_INTEGER:
        out.type = Type::Integer;
        out.integer = reply->integer;
        break;
    case REDIS_REPLY_STRING:
        out.type = Type::String;
        out.string = QByteArray(reply->str, qsizetype(reply->len));
        break;
    case REDIS_REPLY_ARRAY:
        out.type = Type::Array;
        out.elements.reserve(qsizetype(reply->elements));
        for (size_t i = 0; i < reply->elements; ++i)
            out.elements.append(from(reply->element[i]));
        break;
    default:
        return noAnswer("a reply of an unknown type");
    }
    return out;
}

} // namespace rill
