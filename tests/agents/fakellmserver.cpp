#include "fakellmserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

namespace {

QByteArray chunk(const QJsonObject &delta, const QJsonValue &finishReason = QJsonValue::Null)
{
    const QJsonObject choice { { QStringLiteral("index"), 0 }, { QStringLiteral("delta"), delta },
        { QStringLiteral("finish_reason"), finishReason } };
    const QJsonObject object { { QStringLiteral("id"), QStringLiteral("chatcmpl-1") },
        { QStringLiteral("object"), QStringLiteral("chat.completion.chunk") },
        { QStringLiteral("model"), QStringLiteral("fake") },
        { QStringLiteral("choices"), QJsonArray { choice } } };
    return "data: " + QJsonDocument(object).toJson(QJsonDocument::Compact) + "\n\n";
}

QByteArray contentChunk(const QString &text)
{
    return chunk({ { QStringLiteral("content"), text } });
}

const QByteArray kStreamHead = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                               "Cache-Control: no-cache\r\nConnection: close\r\n\r\n";

} // namespace

FakeLlmServer::FakeLlmServer(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FakeLlmServer::onNewConnection);
    if (!m_server.listen(QHostAddress::LocalHost, 0))
        qFatal("fake LLM server cannot listen: %s", qPrintable(m_server.errorString()));
}

QJsonObject FakeLlmServer::toolCallDelta(
    int index, const QString &id, const QString &name, const QString &argumentsPiece)
{
    QJsonObject function { { QStringLiteral("arguments"), argumentsPiece } };
    QJsonObject call { { QStringLiteral("index"), index },
        { QStringLiteral("function"), function } };
    if (!id.isEmpty()) {
        call.insert(QStringLiteral("id"), id);
        call.insert(QStringLiteral("type"), QStringLiteral("function"));
        function.insert(QStringLiteral("name"), name);
        call.insert(QStringLiteral("function"), function);
    }
    return { { QStringLiteral("tool_calls"), QJsonArray { call } } };
}

QUrl FakeLlmServer::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(m_server.serverPort()));
}

QByteArray FakeLlmServer::lastHeader(const QByteArray &name) const
{
    for (const QByteArray &line : m_lastHead.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

void FakeLlmServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            emit connectionClosed();
            socket->deleteLater();
        });
    }
}

void FakeLlmServer::onReadyRead(QTcpSocket *socket)
{
    QByteArray buffer = socket->property("buffer").toByteArray() + socket->readAll();
    socket->setProperty("buffer", buffer);
    const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
    if (headEnd < 0 || socket->property("answered").toBool())
        return;
    const QByteArray head = buffer.left(headEnd);
    qsizetype length = 0;
    for (const QByteArray &line : head.split('\n')) {
        if (line.toLower().startsWith("content-length:"))
            length = line.mid(15).trimmed().toLongLong();
    }
    if (buffer.size() < headEnd + 4 + length)
        return;
    socket->setProperty("answered", true);
    ++m_requests;
    m_lastHead = head;
    m_lastPath = head.left(head.indexOf('\r')).split(' ').value(1);
    m_lastBody = QJsonDocument::fromJson(buffer.mid(headEnd + 4, length)).object();
    m_bodies.append(m_lastBody);
    emit requestReceived();
    respond(socket);
}

void FakeLlmServer::respond(QTcpSocket *socket)
{
    const QByteArray role = chunk({ { QStringLiteral("role"), QStringLiteral("assistant") },
        { QStringLiteral("content"), QString() } });
    switch (mode) {
    case Mode::Stream: {
        QList<QByteArray> steps { kStreamHead + role };
        for (const QString &piece : std::as_const(pieces))
            steps.append(contentChunk(piece));
        steps.append(chunk({}, QStringLiteral("stop")) + "data: [DONE]\n\n");
        sendSteps(socket, steps, true);
        return;
    }
    case Mode::Error500: {
        const QByteArray body = "{\"error\":{\"message\":\"the model is not loaded\","
                                "\"type\":\"server_error\",\"code\":500}}";
        socket->write("HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\n"
                      "Content-Length: "
            + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
        socket->disconnectFromHost();
        return;
    }
    case Mode::Stall:
        sendSteps(socket, { kStreamHead + role }, false);
        return;
    case Mode::Drop:
        sendSteps(socket, { kStreamHead + role, contentChunk(pieces.value(0)) }, true);
        return;
    case Mode::Script: {
        const Turn turn = script.value(m_requests - 1);
        QList<QByteArray> steps { kStreamHead + role };
        for (const QJsonObject &delta : turn.deltas)
            steps.append(chunk(delta));
        steps.append(chunk({}, turn.finishReason) + "data: [DONE]\n\n");
        sendSteps(socket, steps, true);
        return;
    }
    case Mode::Malformed:
        sendSteps(socket, { kStreamHead + role, "data: {\"choices\": [oops\n\n" }, false);
        return;
    }
}

// Writes the steps one per gap (the first at once), then closes if asked.
void FakeLlmServer::sendSteps(QTcpSocket *socket, QList<QByteArray> steps, bool closeAtEnd)
{
    if (steps.isEmpty()) {
        if (closeAtEnd)
            socket->disconnectFromHost();
        return;
    }
    socket->write(steps.takeFirst());
    socket->flush();
    QPointer<QTcpSocket> guard(socket);
    QTimer::singleShot(gapMs, this, [this, guard, steps, closeAtEnd] {
        if (guard)
            sendSteps(guard, steps, closeAtEnd);
    });
}
