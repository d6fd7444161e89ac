#include "server/http/redis/rediseventlog.h"

#include <QTimer>

namespace rill {

namespace {

// How long one XREAD waits for news before it asks again: well inside the
// command timeout, so that a Redis that hangs is still noticed.
constexpr std::chrono::milliseconds kBlockFor { 1000 };

QByteArray entryId(qint64 seq)
{
    return QByteArray::number(seq) + "-0";
}

// `<seq>-0` back to seq; -1 for an id this log did not write.
qint64 seqOf(const QByteArray &id)
{
    bool ok = false;
    const qint64 seq = id.left(id.indexOf('-')).toLongLong(&ok);
    return ok ? seq : -1;
}

// XRANGE's and XREAD's entries: [[id, [field, value, ...]], ...].
QList<RedisEventLog::Entry> entriesOf(const RedisReply &list)
{
    QList<RedisEventLog::Entry> entries;
    for (const RedisReply &entry : list.elements) {
        if (entry.elements.size() != 2 || entry.elements.at(1).elements.size() < 2)
            continue;
        entries.append(
            { seqOf(entry.elements.at(0).string), entry.elements.at(1).elements.at(1).string });
    }
    return entries;
}

} // namespace

RedisEventLog::RedisEventLog(RedisConnection *connection, Limits limits)
    : m_connection(connection)
    , m_limits(limits)
{ }

QByteArray RedisEventLog::keyFor(const QString &sessionId)
{
    // The braces make it a Redis Cluster hash tag: a session's keys share a slot.
    return "rill:{" + sessionId.toUtf8() + "}:events";
}

void RedisEventLog::append(
    const QString &sessionId, qint64 seq, const QByteArray &event, std::function<void(bool)> done)
{
    const QByteArray key = keyFor(sessionId);
    m_connection->command({ "XADD", key, "MAXLEN", "~", QByteArray::number(m_limits.maxEvents),
                              entryId(seq), "e", event },
        [done](const RedisReply &reply) {
            if (done)
                done(!reply.failed());
        });
    m_connection->command(
        { "PEXPIRE", key, QByteArray::number(qint64(m_limits.expireAfter.count())) });
}

void RedisEventLog::readAfter(const QString &sessionId, qint64 afterSeq, qint64 lastSeq,
    std::function<void(Read)> done, qsizetype count)
{
    m_connection->command({ "XRANGE", keyFor(sessionId), "(" + entryId(afterSeq), "+", "COUNT",
                              QByteArray::number(count) },
        [done = std::move(done), afterSeq, lastSeq](const RedisReply &reply) {
            Read read;
            if (reply.failed()) {
                read.error = reply.string;
                done(std::move(read));
                return;
            }
            read.ok = true;
            read.entries = entriesOf(reply);
            const qint64 firstKept = read.entries.isEmpty() ? -1 : read.entries.first().seq;
            // Something was written after the cursor, but the log does not begin
            // right after it: those events were trimmed or expired.
            read.gone = lastSeq > afterSeq && firstKept != afterSeq + 1;
            done(std::move(read));
        });
}

RedisLogFollower::RedisLogFollower(const RedisAddress &address,
    const RedisConnection::Options &options, const QString &sessionId, qint64 afterSeq,
    QObject *parent)
    : QObject(parent)
    , m_connection(address, options)
    , m_key(RedisEventLog::keyFor(sessionId))
    , m_cursor(afterSeq)
{
    connect(&m_connection, &RedisConnection::ready, this, [this] {
        if (m_started)
            readNext();
    });
}

void RedisLogFollower::start()
{
    m_started = true;
    m_connection.open();
}

void RedisLogFollower::readNext()
{
    if (!m_connection.isReady())
        return; // `ready` starts it again
    m_connection.command(
        { "XREAD", "COUNT", "256", "BLOCK", QByteArray::number(kBlockFor.count()), "STREAMS", m_key,
            entryId(m_cursor) },
        [this](const RedisReply &reply) {
            if (reply.failed()) {
                emit interrupted(QString::fromUtf8(reply.string));
                return; // the connection comes back, and `ready` reads on
            }
            // Nil: nothing new in the block time. Otherwise [[key, entries]].
            if (reply.type == RedisReply::Type::Array && !reply.elements.isEmpty()
                && reply.elements.first().elements.size() == 2) {
                for (const RedisEventLog::Entry &entry :
                    entriesOf(reply.elements.first().elements.at(1))) {
                    if (entry.seq <= m_cursor)
                        continue;
                    m_cursor = entry.seq;
                    emit entryArrived(entry.seq, entry.event);
                }
            }
            // From the next turn of the loop: a slot may delete this follower.
            QTimer::singleShot(0, this, &RedisLogFollower::readNext);
        },
        kBlockFor + std::chrono::milliseconds(2000));
}

} // namespace rill
