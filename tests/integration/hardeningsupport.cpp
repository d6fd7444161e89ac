#include "hardeningsupport.h"

#include "server/protocol/message.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTest>

namespace hardening {

QJsonObject RawAnswer::json() const
{
    return QJsonDocument::fromJson(body).object();
}

namespace {

// Splits off the head once it is all in; returns false while it is not.
bool parseHead(QByteArray &buffer, RawAnswer &answer)
{
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0)
        return false;
    const QList<QByteArray> lines = buffer.left(end).split('\n');
    answer.status = lines.first().split(' ').value(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0)
            answer.headers.insert(
                lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
    }
    answer.body = buffer.mid(end + 4);
    return true;
}

} // namespace

RawAnswer exchange(quint16 port, const QByteArray &bytes, int timeoutMs)
{
    RawAnswer answer;
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(timeoutMs))
        return answer;
    socket.write(bytes);
    QByteArray buffer;
    bool headDone = false;
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < timeoutMs) {
        QTest::qWait(5);
        const QByteArray chunk = socket.readAll();
        if (headDone)
            answer.body += chunk;
        else
            buffer += chunk;
        if (!headDone && parseHead(buffer, answer))
            headDone = true;
        bool ok = false;
        const qsizetype length = answer.header("content-length").toLongLong(&ok);
        if (headDone && ((ok && answer.body.size() >= length) || answer.status == 204))
            break;
        if (socket.state() != QAbstractSocket::ConnectedState) {
            answer.closed = true;
            answer.body += headDone ? socket.readAll() : QByteArray();
            break;
        }
    }
    return answer;
}

QByteArray request(quint16 port, const QByteArray &method, const QByteArray &target,
    const QList<QByteArray> &headers, const QByteArray &body)
{
    QByteArray bytes = method + ' ' + target
        + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port) + "\r\n";
    for (const QByteArray &header : headers)
        bytes += header + "\r\n";
    if (!body.isEmpty() || method == "POST")
        bytes += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    return bytes + "\r\n" + body;
}

bool streamsNormally(quint16 port, const QList<QByteArray> &headers)
{
    QElapsedTimer clock;
    clock.start();
    RawSseClient client(clock);
    client.request(port, "POST", "/chat", {}, headers);
    if (!QTest::qWaitFor([&] { return client.isComplete(); }, 10000)) {
        qWarning("the stream did not end");
        return false;
    }
    if (client.status() != 200 || client.arrivals().isEmpty()) {
        qWarning("no stream: status %d", client.status());
        return false;
    }
    const QString last = client.jsonAt(client.arrivals().size() - 1).value(u"type").toString();
    if (last != u"done") {
        qWarning("the stream ended with %s, not done", qPrintable(last));
        return false;
    }
    return true;
}

FloodAgent::FloodAgent(int count, int size, QObject *parent)
    : rill::Agent(parent)
    , m_content(size, u'x')
    , m_count(count)
{
    m_timer.setInterval(0);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (m_produced == m_count) {
            m_timer.stop();
            emit finished();
            return;
        }
        ++m_produced;
        emit messageProduced(rill::Message::make(rill::MessageType::Assistant, m_content));
    });
}

} // namespace hardening
