#pragma once

#include "server/http/redis/rediseventlog.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace rill {

class SseStream;

// A client that follows, on this server, a run going on another one: the
// run's events from the client's cursor on, read from the session's log in
// Redis, until its `done`. While it follows, it keeps its name in the
// session's followers (refreshed, with an expiry), so that the server running
// it does not give the run up when its own client has left; and it ends on its
// own when the run is over without a `done` it could read. It owns the stream.
class RedisFollow : public QObject
{
    Q_OBJECT
public:
    RedisFollow(RedisConnection *commands, const RedisConnection::Options &options,
        const QString &sessionId, qint64 afterSeq, SseStream *stream, QObject *parent = nullptr);
    ~RedisFollow() override;

    // Whether an encoded event is a run's last (`done`).
    static bool isDone(const QByteArray &event);

private:
    void refresh();
    void onEntry(qint64 seq, const QByteArray &event);
    void finish(bool closeStream);

    RedisConnection *m_commands;
    QString m_sessionId;
    QByteArray m_member;
    QPointer<SseStream> m_stream;
    RedisLogFollower m_follower;
    QTimer m_refresh;
    bool m_finished = false;
};

} // namespace rill
