#include "pacedsseserver.h"

#include "server/protocol/message.h"
#include "server/protocol/sseencoder.h"

#include <QUuid>

using namespace rill;

PacedSseServer::PacedSseServer(int eventsPerSecond, int steps)
    : m_eventsPerSecond(eventsPerSecond)
    , m_steps(steps)
    , m_server(this) // children, so that moveToThread() takes them along
    , m_timer(this)
{
    connect(&m_server, &QTcpServer::newConnection, this, &PacedSseServer::accept);
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(1);
    connect(&m_timer, &QTimer::timeout, this, &PacedSseServer::tick);
}

quint16 PacedSseServer::listen()
{
    m_server.listen(QHostAddress::LocalHost, 0);
    return m_server.serverPort();
}

void PacedSseServer::accept()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        // One stream at a time, as the window has: a new one replaces the old.
        if (m_client)
            m_client->deleteLater();
        m_client = socket;
        m_headSent = false;
        m_index = 0;
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        // The request itself does not matter: answer once its head is in.
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
            if (socket != m_client || m_headSent || !socket->readAll().contains("\r\n\r\n"))
                return;
            m_headSent = true;
            socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
                          "Cache-Control: no-cache\r\nConnection: close\r\n\r\nretry: 1000\n\n");
            if (!m_clock.isValid()) {
                m_clock.start();
                m_timer.start();
            }
        });
    }
}

void PacedSseServer::tick()
{
    const qint64 due = m_clock.elapsed() * m_eventsPerSecond / 1000;
    if (!m_client || !m_headSent) {
        m_sent = due; // no stream open: nothing owed for the gap
        return;
    }
    QByteArray out;
    while (m_sent < due && m_headSent) {
        out += nextEvent();
        ++m_sent;
    }
    m_client->write(out);
    m_client->flush();
    if (!m_headSent) // the run ended with `done`
        m_client->disconnectFromHost();
}

QByteArray PacedSseServer::nextEvent()
{
    const int total = 3 * m_steps + 3;
    const int i = m_index++;
    Message message;
    if (i == 0) {
        message = Message::make(
            MessageType::Assistant, QStringLiteral("好的，我来为您准备《晴天》。"), 200);
    } else if (i <= m_steps) {
        message = Message::make(MessageType::Planning, QStringLiteral("%1. 下载歌曲").arg(i),
            std::nullopt, { { QStringLiteral("step"), i } });
    } else if (i < total - 2) {
        const int step = (i - m_steps - 1) / 2 + 1;
        const bool running = (i - m_steps - 1) % 2 == 0;
        message = Message::make(MessageType::Step,
            running ? QStringLiteral("正在分析歌曲…") : QStringLiteral("节奏 137 BPM，E 调"),
            std::nullopt,
            { { QStringLiteral("step"), step },
                { QStringLiteral("state"),
                    running ? QStringLiteral("running") : QStringLiteral("done") } });
    } else if (i == total - 2) {
        message = Message::make(MessageType::Assistant,
            QStringLiteral("**《晴天》** 已准备好：\n\n- 时长 4:29\n- 节奏 137 BPM，E 调"), 200);
    } else {
        message = Message::done();
        m_headSent = false; // end of the run: the client will ask again
    }
    message.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    message.sessionId = QStringLiteral("bench-ui");
    message.timestamp = QDateTime::currentDateTimeUtc();
    return SseEncoder::encode(message.toJson(), "bench-ui:" + QByteArray::number(++m_seq));
}
