// JSON-RPC 2.0 as MCP's stdio transport carries it: one message per line, in
// UTF-8, no embedded newlines. The channel sends requests and notifications,
// matches responses to requests by id, times calls out, answers the requests
// a server may send (`ping`; anything else gets -32601, since Rill offers no
// client features) and hands notifications on. Anything on the line that is
// not JSON-RPC, or a line over 1 MiB, breaks the channel: MCP forbids a
// server to write anything else on its stdout, so what follows cannot be
// trusted either.
#pragma once

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QObject>
#include <QPointer>

#include <chrono>
#include <functional>

class QIODevice;
class QTimer;

namespace rill {

struct JsonRpcResponse
{
    // JSON-RPC's own codes, and Rill's for what went wrong on its side.
    enum Code {
        MethodNotFound = -32601,
        TimedOut = -32001, // no answer within the call's timeout
        ChannelBroken = -32002, // the peer broke the protocol, or went away
    };

    bool ok = false;
    QJsonValue result; // when ok
    int errorCode = 0; // when not ok
    QString errorMessage;
    QJsonValue errorData;
};

class JsonRpcChannel final : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const JsonRpcResponse &)>;

    static constexpr qsizetype kMaxLineBytes = 1 << 20;

    // Reads and writes `device`, which must outlive the channel or be its
    // parent's; a QProcess reads its stdout and writes its stdin.
    explicit JsonRpcChannel(QIODevice *device, QObject *parent = nullptr);
    ~JsonRpcChannel() override;

    // Sends a request; `callback` runs once with its response, its timeout or
    // the channel's breaking, unless `context` is gone by then or the call
    // was abandoned. Returns the request's id.
    qint64 call(const QString &method, const QJsonObject &params, std::chrono::milliseconds timeout,
        QObject *context, Callback callback);
    void notify(const QString &method, const QJsonObject &params = {});
    // Forgets a pending call: its callback will not run, and its response, if
    // one still comes, is dropped.
    void abandon(qint64 id);
    // Fails every pending call with `reason` and stops reading.
    void breakWith(const QString &reason);

    bool isBroken() const { return m_broken; }
    qsizetype pendingCalls() const { return m_pending.size(); }

signals:
    void notificationReceived(const QString &method, const QJsonObject &params);
    // The peer wrote something that is not JSON-RPC, or a line too long.
    void broken(const QString &reason);

private:
    struct Pending
    {
        QPointer<QObject> context;
        Callback callback;
        QTimer *timer = nullptr;
    };

    void onReadyRead();
    void handleLine(const QByteArray &line);
    void handleMessage(const QJsonObject &message, const QByteArray &line);
    void handleServerRequest(const QJsonValue &id, const QString &method);
    void finish(qint64 id, const JsonRpcResponse &response);
    void send(const QJsonObject &message);

    QPointer<QIODevice> m_device;
    QByteArray m_buffer; // the start of a line whose newline has not come yet
    QHash<qint64, Pending> m_pending;
    qint64 m_nextId = 1;
    bool m_broken = false;
};

} // namespace rill
