#pragma once

#include "server/http/redis/redisaddress.h"
#include "server/http/redis/redisreply.h"

#include <QByteArray>
#include <QDeadlineTimer>
#include <QList>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

struct redisAsyncContext;
class RedisQtAdapter;

namespace rill {

// One connection to Redis on this thread's event loop (hiredis's async API
// and its Qt adapter); nothing here blocks. hiredis 0.14 has neither timeouts
// nor reconnection, so they are here: a connection attempt or a command that
// gets no answer in time drops the connection, and a dropped connection is
// tried again with a backoff that doubles up to a bound. Commands given while
// it is down wait in a bounded queue, each until its own deadline. It logs one
// line per change of state, never one per command.
class RedisConnection : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        std::chrono::milliseconds connectTimeout { 1000 };
        std::chrono::milliseconds commandTimeout { 2000 };
        std::chrono::milliseconds minBackoff { 100 };
        std::chrono::milliseconds maxBackoff { 5000 };
        // Commands (and their bytes) waiting while the connection is down;
        // more are refused at once.
        qsizetype maxQueuedCommands = 10000;
        qsizetype maxQueuedBytes = 16 * 1024 * 1024;
        QString name = QStringLiteral("redis"); // what the log lines call it
    };

    enum class State { Disconnected, Connecting, Ready };
    Q_ENUM(State)

    using Callback = std::function<void(const RedisReply &)>;

    RedisConnection(RedisAddress address, Options options, QObject *parent = nullptr);
    // Callbacks still pending are dropped, not called.
    ~RedisConnection() override;

    // Starts connecting; from then on the connection comes back on its own.
    void open();
    State state() const { return m_state; }
    bool isReady() const { return m_state == State::Ready; }
    const RedisAddress &address() const { return m_address; }

    // Sends `args` (one Redis command) now or once connected. `done` is called
    // exactly once, always from the event loop, never from inside command():
    // with Redis's answer, or with NoAnswer when the queue is full, the
    // connection drops, or no answer came within `timeout` (default:
    // Options::commandTimeout). A command that times out drops the connection,
    // since its answer could still come and would then answer the next one.
    void command(QList<QByteArray> args, Callback done = {},
        std::optional<std::chrono::milliseconds> timeout = std::nullopt);
    // Writes what hiredis holds for Redis now, without the event loop: for the
    // last commands of a server that is shutting down. Blocks for nothing.
    void flushNow();
    qsizetype queuedCount() const { return qsizetype(m_queued.size()); }
    qsizetype sentCount() const { return qsizetype(m_sent.size()); }
    // The backoff before the next attempt, for tests and logs.
    std::chrono::milliseconds currentBackoff() const { return m_backoff; }

signals:
    void stateChanged(rill::RedisConnection::State state);
    // Connected (again): the owner may set up what it keeps in Redis.
    void ready();
    // The connection dropped: answers to what was sent are lost.
    void lost(const QString &reason);

private:
    struct Pending
    {
        QList<QByteArray> args;
        Callback done;
        QDeadlineTimer deadline;
        qsizetype bytes = 0;
    };

    static void onConnectCallback(const redisAsyncContext *context, int status);
    static void onDisconnectCallback(const redisAsyncContext *context, int status);
    static void onReplyCallback(redisAsyncContext *context, void *reply, void *privdata);

    void connectNow();
    void onConnected(const redisAsyncContext *context, int status);
    void onReply(redisAsyncContext *context, void *reply);
    void handshake();
    void send(Pending pending);
    void flushQueue();
    void startWatchdog();
    void checkDeadlines();
    // The context is gone or must go: every command sent on it fails, and a
    // reconnect is scheduled. Safe to call for a context already forgotten.
    void contextGone(const redisAsyncContext *context, const QString &reason);
    void drop(const QString &reason);
    void scheduleReconnect();
    void retireAdapter();
    void setState(State state, const QString &why = {});
    void fail(Pending &pending, const QByteArray &reason);

    RedisAddress m_address;
    Options m_options;
    State m_state = State::Disconnected;
    bool m_opened = false;
    bool m_destroying = false;
    bool m_everReady = false;
    redisAsyncContext *m_context = nullptr;
    std::unique_ptr<RedisQtAdapter> m_adapter;
    std::vector<std::unique_ptr<RedisQtAdapter>> m_retired; // deleted once hiredis let go
    std::deque<Pending> m_queued; // not yet sent, oldest first
    qsizetype m_queuedBytes = 0;
    std::deque<Pending> m_sent; // sent, in the order Redis answers
    std::chrono::milliseconds m_backoff;
    QTimer m_reconnectTimer;
    QTimer m_connectTimer;
    QTimer m_watchdog;
    QString m_lastFailure; // the last attempt's reason, so that a retry logs nothing new
};

} // namespace rill
