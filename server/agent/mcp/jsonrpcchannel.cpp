#include "server/agent/mcp/jsonrpcchannel.h"

#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTimer>

Q_LOGGING_CATEGORY(lcJsonRpc, "rill.mcp.jsonrpc")

namespace rill {

namespace {

const QString kJsonRpc = QStringLiteral("jsonrpc");
const QString kVersion = QStringLiteral("2.0");

QString quoted(QByteArrayView bytes)
{
    QString text
        = QString::fromUtf8(bytes.first(std::min<qsizetype>(bytes.size(), 200))).simplified();
    if (text.size() > 80 || bytes.size() > 200)
        text = text.left(77) + QStringLiteral("...");
    return text;
}

JsonRpcResponse failure(int code, const QString &message)
{
    JsonRpcResponse response;
    response.errorCode = code;
    response.errorMessage = message;
    return response;
}

} // namespace

JsonRpcChannel::JsonRpcChannel(QIODevice *device, QObject *parent)
    : QObject(parent)
    , m_device(device)
{
    connect(device, &QIODevice::readyRead, this, &JsonRpcChannel::onReadyRead);
}

JsonRpcChannel::~JsonRpcChannel() = default;

namespace {

// A call's timer may be the one whose timeout is being handled.
void dropTimer(QTimer *timer)
{
    timer->stop();
    timer->deleteLater();
}

} // namespace

qint64 JsonRpcChannel::call(const QString &method, const QJsonObject &params,
    std::chrono::milliseconds timeout, QObject *context, Callback callback)
{
    const qint64 id = m_nextId++;
    if (m_broken) {
        // Answered from the event loop, like any other response.
        QTimer::singleShot(0, context, [callback] {
            callback(failure(
                JsonRpcResponse::ChannelBroken, QStringLiteral("the connection is closed")));
        });
        return id;
    }
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, this, [this, id, timeout] {
        finish(id,
            failure(JsonRpcResponse::TimedOut,
                QStringLiteral("no answer within %1 s").arg(double(timeout.count()) / 1000.0)));
    });
    timer->start(timeout);
    m_pending.insert(id, Pending { context, std::move(callback), timer });
    QJsonObject message { { kJsonRpc, kVersion }, { QStringLiteral("id"), id },
        { QStringLiteral("method"), method } };
    if (!params.isEmpty())
        message.insert(QStringLiteral("params"), params);
    send(message);
    return id;
}

void JsonRpcChannel::notify(const QString &method, const QJsonObject &params)
{
    if (m_broken)
        return;
    QJsonObject message { { kJsonRpc, kVersion }, { QStringLiteral("method"), method } };
    if (!params.isEmpty())
        message.insert(QStringLiteral("params"), params);
    send(message);
}

void JsonRpcChannel::abandon(qint64 id)
{
    const auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    dropTimer(it->timer);
    m_pending.erase(it);
}

void JsonRpcChannel::breakWith(const QString &reason)
{
    if (m_broken)
        return;
    m_broken = true;
    m_buffer.clear();
    // The owner hears first, so that a caller that calls again from its
    // failed call's callback finds the channel already given up.
    emit broken(reason);
    const QList<qint64> ids = m_pending.keys();
    for (qint64 id : ids)
        finish(id, failure(JsonRpcResponse::ChannelBroken, reason));
}

void JsonRpcChannel::send(const QJsonObject &message)
{
    if (m_device)
        m_device->write(QJsonDocument(message).toJson(QJsonDocument::Compact) + '\n');
}

void JsonRpcChannel::onReadyRead()
{
    if (!m_device)
        return;
    while (!m_broken && m_device->bytesAvailable() > 0) {
        m_buffer += m_device->read(kMaxLineBytes);
        qsizetype start = 0;
        qsizetype newline;
        while (!m_broken && (newline = m_buffer.indexOf('\n', start)) >= 0) {
            const QByteArray line = m_buffer.mid(start, newline - start);
            start = newline + 1;
            if (line.size() > kMaxLineBytes) {
                breakWith(QStringLiteral("the server wrote a line longer than 1 MiB"));
                return;
            }
            handleLine(line);
        }
        if (m_broken)
            return;
        m_buffer.remove(0, start);
        if (m_buffer.size() > kMaxLineBytes) {
            breakWith(QStringLiteral("the server wrote a line longer than 1 MiB"));
            return;
        }
    }
}

void JsonRpcChannel::handleLine(const QByteArray &rawLine)
{
    const QByteArray line = rawLine.trimmed(); // also a CR before the newline
    if (line.isEmpty())
        return;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(line, &error);
    if (document.isObject()) {
        handleMessage(document.object(), line);
        return;
    }
    if (document.isArray()) { // a batch (MCP before 2025-06-18)
        const QJsonArray batch = document.array();
        for (const QJsonValue &element : batch) {
            if (m_broken)
                return;
            if (!element.isObject()) {
                breakWith(QStringLiteral("the server wrote a batch holding a non-object: %1")
                              .arg(quoted(line)));
                return;
            }
            handleMessage(element.toObject(), line);
        }
        return;
    }
    breakWith(QStringLiteral("the server wrote a line that is not JSON-RPC: %1").arg(quoted(line)));
}

void JsonRpcChannel::handleMessage(const QJsonObject &message, const QByteArray &line)
{
    if (message.value(kJsonRpc).toString() != kVersion) {
        breakWith(QStringLiteral("the server wrote a message without \"jsonrpc\": \"2.0\": %1")
                      .arg(quoted(line)));
        return;
    }
    const QJsonValue id = message.value(QStringLiteral("id"));
    const QJsonValue method = message.value(QStringLiteral("method"));
    if (method.isString()) {
        if (id.isUndefined() || id.isNull())
            emit notificationReceived(
                method.toString(), message.value(QStringLiteral("params")).toObject());
        else
            handleServerRequest(id, method.toString());
        return;
    }
    const bool isResult = message.contains(QStringLiteral("result"));
    const QJsonValue errorValue = message.value(QStringLiteral("error"));
    if (!isResult && !errorValue.isObject()) {
        breakWith(QStringLiteral("the server wrote a message that is neither a request, a "
                                 "notification nor a response: %1")
                      .arg(quoted(line)));
        return;
    }
    if (!id.isDouble()) {
        // An error about a request the server could not even read (id null):
        // not an answer to any call, so it is only logged.
        qCWarning(lcJsonRpc).noquote() << "response without a known id:" << quoted(line);
        return;
    }
    const qint64 callId = qint64(id.toDouble());
    if (!m_pending.contains(callId)) {
        qCInfo(lcJsonRpc) << "dropped a response to call" << callId << "(timed out or abandoned)";
        return;
    }
    JsonRpcResponse response;
    if (isResult) {
        response.ok = true;
        response.result = message.value(QStringLiteral("result"));
    } else {
        const QJsonObject error = errorValue.toObject();
        response.errorCode = error.value(QStringLiteral("code")).toInt();
        response.errorMessage = error.value(QStringLiteral("message")).toString();
        response.errorData = error.value(QStringLiteral("data"));
    }
    finish(callId, response);
}

void JsonRpcChannel::handleServerRequest(const QJsonValue &id, const QString &method)
{
    QJsonObject reply { { kJsonRpc, kVersion }, { QStringLiteral("id"), id } };
    if (method == QLatin1String("ping")) {
        reply.insert(QStringLiteral("result"), QJsonObject {});
    } else {
        // Rill declares no client capabilities (roots, sampling, elicitation).
        reply.insert(QStringLiteral("error"),
            QJsonObject { { QStringLiteral("code"), JsonRpcResponse::MethodNotFound },
                { QStringLiteral("message"),
                    QStringLiteral("Method not found: %1").arg(method) } });
    }
    send(reply);
}

void JsonRpcChannel::finish(qint64 id, const JsonRpcResponse &response)
{
    const auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    Pending pending = std::move(*it);
    m_pending.erase(it);
    dropTimer(pending.timer);
    if (pending.context)
        pending.callback(response);
}

} // namespace rill
