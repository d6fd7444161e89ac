#include "server/http/redis/redisconnection.h"

#include <QLoggingCategory>
#include <QMetaObject>

#include <hiredis/adapters/qt.h>
#include <hiredis/async.h>
#include <hiredis/hiredis.h>

Q_LOGGING_CATEGORY(lcRedis, "rill.redis")

namespace rill {

using namespace std::chrono;

namespace {

qsizetype bytesOf(const QList<QByteArray> &args)
{
    qsizetype bytes = 0;
    for (const QByteArray &arg : args)
        bytes += arg.size();
    return bytes;
}

} // namespace

// hiredis's Qt adapter remembers its context and, in its destructor, writes to
// it; but hiredis frees the context itself when a connection fails, and
// calls the adapter's cleanup just before. So an adapter whose context is
// going is pointed at a zeroed stand-in context of its own before anything
// can delete it, and kept until hiredis has let go of it (the next turn of
// the event loop).
struct RetiredAdapter
{
    std::unique_ptr<redisAsyncContext> standIn = std::make_unique<redisAsyncContext>();
    std::unique_ptr<RedisQtAdapter> adapter; // destroyed first: it writes to standIn
};

namespace {
std::vector<RetiredAdapter> &retiredAdapters()
{
    thread_local std::vector<RetiredAdapter> retired;
    return retired;
}
} // namespace

RedisConnection::RedisConnection(RedisAddress address, Options options, QObject *parent)
    : QObject(parent)
    , m_address(std::move(address))
    , m_options(std::move(options))
    , m_backoff(m_options.minBackoff)
{
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &RedisConnection::connectNow);
    m_connectTimer.setSingleShot(true);
    connect(&m_connectTimer, &QTimer::timeout, this, [this] {
        drop(QStringLiteral("no connection within %1 ms").arg(m_options.connectTimeout.count()));
    });
    m_watchdog.setInterval(std::clamp<milliseconds>(
        m_options.commandTimeout / 10, milliseconds(5), milliseconds(100)));
    connect(&m_watchdog, &QTimer::timeout, this, &RedisConnection::checkDeadlines);
}

RedisConnection::~RedisConnection()
{
    m_destroying = true;
    m_sent.clear();
    m_queued.clear();
    if (redisAsyncContext *context = m_context) {
        m_context = nullptr;
        retireAdapter();
        redisAsyncFree(context); // its callbacks find m_context changed and do nothing
    }
    retiredAdapters().clear();
}

void RedisConnection::open()
{
    if (m_opened)
        return;
    m_opened = true;
    connectNow();
}

void RedisConnection::connectNow()
{
    if (m_context || m_destroying)
        return;
    setState(State::Connecting);
    redisAsyncContext *context = m_address.isUnixSocket()
        ? redisAsyncConnectUnix(m_address.socketPath.toLocal8Bit().constData())
        : redisAsyncConnect(m_address.host.toLatin1().constData(), m_address.port);
    if (!context || context->err) {
        const QString reason
            = context ? QString::fromLocal8Bit(context->errstr) : QStringLiteral("out of memory");
        if (context)
            redisAsyncFree(context);
        m_context = nullptr;
        setState(State::Disconnected, reason);
        scheduleReconnect();
        return;
    }
    context->data = this;
    m_context = context;
    m_adapter = std::make_unique<RedisQtAdapter>();
    m_adapter->setContext(context);
    redisAsyncSetConnectCallback(context, &RedisConnection::onConnectCallback);
    redisAsyncSetDisconnectCallback(context, &RedisConnection::onDisconnectCallback);
    m_connectTimer.start(m_options.connectTimeout);
}

void RedisConnection::onConnectCallback(const redisAsyncContext *context, int status)
{
    static_cast<RedisConnection *>(context->data)->onConnected(context, status);
}

void RedisConnection::onDisconnectCallback(const redisAsyncContext *context, int)
{
    auto *self = static_cast<RedisConnection *>(context->data);
    self->contextGone(context,
        context->err ? QString::fromLocal8Bit(context->errstr)
                     : QStringLiteral("the server closed the connection"));
}

void RedisConnection::onReplyCallback(redisAsyncContext *context, void *reply, void *privdata)
{
    static_cast<RedisConnection *>(privdata)->onReply(context, reply);
}

void RedisConnection::onConnected(const redisAsyncContext *context, int status)
{
    if (context != m_context)
        return;
    if (status != REDIS_OK) {
        // hiredis frees the context after this callback.
        contextGone(context, QString::fromLocal8Bit(context->errstr));
        return;
    }
    handshake();
}

void RedisConnection::handshake()
{
    // Sent ahead of everything queued: AUTH and SELECT apply to what follows,
    // and the PING's answer says the connection is really usable.
    const auto step = [this](const QByteArray &what) {
        return [this, what](const RedisReply &reply) {
            if (reply.type == RedisReply::Type::Error)
                drop(QStringLiteral("%1 refused: %2")
                         .arg(QString::fromLatin1(what), QString::fromUtf8(reply.string)));
        };
    };
    const QDeadlineTimer deadline(m_options.connectTimeout);
    if (!m_address.password.isEmpty())
        send({ { "AUTH", m_address.password.toUtf8() }, step("AUTH"), deadline, 0 });
    if (m_address.database != 0)
        send({ { "SELECT", QByteArray::number(m_address.database) }, step("SELECT"), deadline, 0 });
    send({ { "PING" },
        [this](const RedisReply &reply) {
            if (reply.failed() || !m_context)
                return; // dropped already, or about to be
            m_connectTimer.stop();
            m_backoff = m_options.minBackoff;
            setState(State::Ready);
            flushQueue();
            emit ready();
        },
        deadline, 0 });
}

void RedisConnection::command(
    QList<QByteArray> args, Callback done, std::optional<milliseconds> timeout)
{
    Pending pending { std::move(args), std::move(done),
        QDeadlineTimer(timeout.value_or(m_options.commandTimeout)), 0 };
    pending.bytes = bytesOf(pending.args);
    if (m_state == State::Ready && m_queued.empty()) {
        send(std::move(pending));
        return;
    }
    if (qsizetype(m_queued.size()) >= m_options.maxQueuedCommands
        || m_queuedBytes + pending.bytes > m_options.maxQueuedBytes) {
        // Never from inside command(): the caller may not expect its callback yet.
        QMetaObject::invokeMethod(
            this,
            [done = std::move(pending.done)] {
                if (done)
                    done(RedisReply::noAnswer("the queue for Redis is full"));
            },
            Qt::QueuedConnection);
        return;
    }
    m_queuedBytes += pending.bytes;
    m_queued.push_back(std::move(pending));
    startWatchdog();
}

void RedisConnection::send(Pending pending)
{
    std::vector<const char *> argv;
    std::vector<size_t> lengths;
    argv.reserve(size_t(pending.args.size()));
    lengths.reserve(size_t(pending.args.size()));
    for (const QByteArray &arg : std::as_const(pending.args)) {
        argv.push_back(arg.constData());
        lengths.push_back(size_t(arg.size()));
    }
    if (!m_context
        || redisAsyncCommandArgv(m_context, &RedisConnection::onReplyCallback, this,
               int(argv.size()), argv.data(), lengths.data())
            != REDIS_OK) {
        QMetaObject::invokeMethod(
            this,
            [done = std::move(pending.done)] {
                if (done)
                    done(RedisReply::noAnswer("the connection to Redis is closing"));
            },
            Qt::QueuedConnection);
        return;
    }
    pending.args.clear(); // hiredis has its own copy of the command
    m_sent.push_back(std::move(pending));
    startWatchdog();
}

void RedisConnection::onReply(redisAsyncContext *context, void *reply)
{
    if (context != m_context || m_sent.empty())
        return; // an answer for a context already given up (its commands failed then)
    if (!reply) {
        contextGone(context,
            context->err ? QString::fromLocal8Bit(context->errstr)
                         : QStringLiteral("the connection closed"));
        return;
    }
    Pending pending = std::move(m_sent.front());
    m_sent.pop_front();
    if (pending.done)
        pending.done(RedisReply::from(static_cast<redisReply *>(reply)));
}

void RedisConnection::flushNow()
{
    if (m_context && m_state == State::Ready)
        redisAsyncHandleWrite(m_context);
}

void RedisConnection::startWatchdog()
{
    // Once per burst, not per command: restarting a timer costs a timer
    // registration, at every event a run writes.
    if (!m_watchdog.isActive())
        m_watchdog.start();
}

void RedisConnection::flushQueue()
{
    while (m_state == State::Ready && !m_queued.empty()) {
        Pending pending = std::move(m_queued.front());
        m_queued.pop_front();
        m_queuedBytes -= pending.bytes;
        send(std::move(pending));
    }
}

void RedisConnection::checkDeadlines()
{
    if (!m_sent.empty() && m_sent.front().deadline.hasExpired()) {
        drop(QStringLiteral("no answer within %1 ms").arg(m_options.commandTimeout.count()));
        return;
    }
    while (!m_queued.empty() && m_queued.front().deadline.hasExpired()) {
        Pending pending = std::move(m_queued.front());
        m_queued.pop_front();
        m_queuedBytes -= pending.bytes;
        fail(pending, "Redis was not reachable in time");
    }
    if (m_sent.empty() && m_queued.empty())
        m_watchdog.stop();
}

void RedisConnection::contextGone(const redisAsyncContext *context, const QString &reason)
{
    if (context != m_context || !m_context)
        return;
    m_context = nullptr;
    m_connectTimer.stop();
    retireAdapter();
    const bool wasReady = m_state == State::Ready;
    std::deque<Pending> sent = std::move(m_sent);
    m_sent.clear();
    setState(State::Disconnected, reason);
    scheduleReconnect();
    const QByteArray why = reason.toUtf8();
    for (Pending &pending : sent)
        fail(pending, why);
    if (wasReady)
        emit lost(reason);
}

void RedisConnection::scheduleReconnect()
{
    if (m_destroying)
        return;
    m_reconnectTimer.start(m_backoff);
    m_backoff = std::min(m_backoff * 2, m_options.maxBackoff);
}

void RedisConnection::drop(const QString &reason)
{
    redisAsyncContext *context = m_context;
    if (!context)
        return;
    contextGone(context, reason);
    // Inside one of this context's callbacks hiredis frees it once that returns.
    redisAsyncFree(context);
}

void RedisConnection::retireAdapter()
{
    if (!m_adapter)
        return;
    RetiredAdapter retired;
    m_adapter->setContext(retired.standIn.get());
    retired.adapter = std::move(m_adapter);
    retiredAdapters().push_back(std::move(retired));
    if (!m_destroying)
        QMetaObject::invokeMethod(
            this, [] { retiredAdapters().clear(); }, Qt::QueuedConnection);
}

void RedisConnection::fail(Pending &pending, const QByteArray &reason)
{
    if (pending.done && !m_destroying)
        pending.done(RedisReply::noAnswer(reason));
}

void RedisConnection::setState(State state, const QString &why)
{
    if (state == m_state)
        return;
    const State previous = m_state;
    m_state = state;
    const QString where = m_address.display();
    if (state == State::Ready) {
        m_lastFailure.clear();
        qCInfo(lcRedis).noquote() << QStringLiteral("%1: connected to %2%3")
                                         .arg(m_options.name, where,
                                             m_everReady ? QStringLiteral(" again") : QString());
        m_everReady = true;
    } else if (state == State::Disconnected && previous == State::Ready) {
        m_lastFailure = why;
        qCWarning(lcRedis).noquote() << QStringLiteral("%1: lost the connection to %2 (%3); "
                                                       "reconnecting")
                                            .arg(m_options.name, where, why);
    } else if (state == State::Disconnected && why != m_lastFailure) {
        // Attempts that fail alike while down say nothing new: one line.
        m_lastFailure = why;
        qCWarning(lcRedis).noquote()
            << QStringLiteral("%1: cannot connect to %2 (%3); retrying, at most %4 ms apart")
                   .arg(m_options.name, where, why)
                   .arg(m_options.maxBackoff.count());
    }
    emit stateChanged(state);
}

} // namespace rill
