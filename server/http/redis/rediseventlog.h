#pragma once

#include "server/http/redis/redisconnection.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>

#include <chrono>
#include <functional>
#include <memory>

namespace rill {

// The ordered log of one session's events in Redis: a Stream per session
// whose entry ids carry the event's sequence number (`<seq>-0`), so that a
// client's own cursor (its Last-Event-ID) is a position in the log. Replay and
// live tail are one read from that cursor onwards (XRANGE, then XREAD BLOCK
// from the last id read, never `$`), so they cannot disagree. The log is
// trimmed to the replay limit and expires with the session.
class RedisEventLog
{
public:
    struct Limits
    {
        qsizetype maxEvents = 1024; // about: Redis trims whole macro nodes (MAXLEN ~)
        std::chrono::milliseconds expireAfter { std::chrono::minutes(30) };
    };

    struct Entry
    {
        qint64 seq = 0;
        QByteArray event; // the encoded SSE event
    };
    struct Read
    {
        bool ok = false; // false: Redis did not answer (`error` says why)
        // Events after the cursor are missing: trimmed, or the log expired.
        bool gone = false;
        QList<Entry> entries;
        QByteArray error;
    };

    RedisEventLog(RedisConnection *connection, Limits limits);

    static QByteArray keyFor(const QString &sessionId);

    // Appends event `seq`, trims the log and renews its expiry.
    void append(const QString &sessionId, qint64 seq, const QByteArray &event,
        std::function<void(bool ok)> done = {});
    // The events after `afterSeq`, up to `count`; `lastSeq` is the newest seq the
    // session has written, which tells a trimmed log from one with nothing new.
    void readAfter(const QString &sessionId, qint64 afterSeq, qint64 lastSeq,
        std::function<void(Read)> done, qsizetype count = 1024);

private:
    RedisConnection *m_connection;
    Limits m_limits;
};

// Follows one session's log from a cursor: each entry after it, once, in
// order, as Redis gets it. It reads with XREAD BLOCK on a connection of its
// own (a blocked connection answers nothing else).
class RedisLogFollower : public QObject
{
    Q_OBJECT
public:
    RedisLogFollower(const RedisAddress &address, const RedisConnection::Options &options,
        const QString &sessionId, qint64 afterSeq, QObject *parent = nullptr);

    void start();
    qint64 cursor() const { return m_cursor; }

signals:
    void entryArrived(qint64 seq, const QByteArray &event);
    // Redis did not answer: the follower goes on once it is back.
    void interrupted(const QString &reason);

private:
    void readNext();

    RedisConnection m_connection;
    QByteArray m_key;
    qint64 m_cursor;
    bool m_started = false;
};

} // namespace rill
