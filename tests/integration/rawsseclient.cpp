#include "rawsseclient.h"

#include <QJsonDocument>
#include <QJsonObject>

RawSseClient::RawSseClient(const QElapsedTimer &clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
{
    connect(&m_socket, &QTcpSocket::readyRead, this, &RawSseClient::onReadyRead);
    connect(&m_socket, &QTcpSocket::disconnected, this, [this] {
        if (m_socket.isOpen())
            onReadyRead();
        m_closed = true;
        emit progressed();
    });
    connect(&m_socket, &QTcpSocket::errorOccurred, this, [this] {
        m_closed = true;
        emit progressed();
    });
}

void RawSseClient::request(quint16 port, const QByteArray &method, const QByteArray &target,
    const QByteArray &body, const QList<QByteArray> &extraHeaders)
{
    m_socket.connectToHost(QHostAddress::LocalHost, port);
    QByteArray head = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (const QByteArray &header : extraHeaders)
        head += header + "\r\n";
    if (!body.isEmpty() || method == "POST")
        head += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    head += "\r\n";
    m_socket.write(head + body);
}

bool RawSseClient::isComplete() const
{
    if (m_closed)
        return true;
    if (m_status == 204 || m_status == 304)
        return true;
    bool ok = false;
    const qsizetype length = header("Content-Length").toLongLong(&ok);
    return ok && m_body.size() >= length;
}

QJsonObject RawSseClient::jsonAt(qsizetype index) const
{
    return QJsonDocument::fromJson(m_arrivals.at(index).event.data.toUtf8()).object();
}

void RawSseClient::onReadyRead()
{
    const qint64 now = m_clock.elapsed();
    QByteArray bytes = m_socket.readAll();
    if (m_status == 0) {
        m_headBuffer += bytes;
        const qsizetype end = m_headBuffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QList<QByteArray> lines = m_headBuffer.left(end).split('\n');
        m_status = lines.first().split(' ').value(1).toInt();
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                m_headers.insert(
                    lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
        }
        bytes = m_headBuffer.mid(end + 4);
        m_headBuffer.clear();
        m_chunked = header("transfer-encoding").toLower() == "chunked";
    }
    m_body += bytes;
    if (m_chunked) {
        m_chunkBuffer += bytes;
        bytes = takeChunks();
    }
    // Comments never reach the parser's output, so they are picked out here.
    m_lineTail += bytes;
    qsizetype lineEnd;
    while ((lineEnd = m_lineTail.indexOf('\n')) >= 0) {
        const QByteArray line = m_lineTail.left(lineEnd);
        if (line.startsWith(':'))
            m_comments.append(line);
        m_lineTail.remove(0, lineEnd + 1);
    }
    for (const rill::SseEvent &event : m_parser.feed(bytes))
        m_arrivals.append({ event, now });
    emit progressed();
}

QByteArray RawSseClient::takeChunks()
{
    // Strict: "<hex size>\r\n<payload>\r\n", no extensions, nothing after the last chunk
    // but its blank line.
    QByteArray payloads;
    while (m_framingError.isEmpty() && !m_chunkBuffer.isEmpty()) {
        if (m_lastChunk) {
            if (m_chunkBuffer.size() >= 2 && !m_chunkBuffer.startsWith("\r\n"))
                m_framingError = QStringLiteral("bytes after the last chunk");
            if (m_chunkBuffer.size() < 2 || !m_framingError.isEmpty())
                break;
            m_chunkBuffer.remove(0, 2);
            if (!m_chunkBuffer.isEmpty())
                m_framingError = QStringLiteral("bytes after the last chunk");
            break;
        }
        const qsizetype lineEnd = m_chunkBuffer.indexOf("\r\n");
        if (lineEnd < 0)
            break;
        bool ok = false;
        const QByteArray sizeLine = m_chunkBuffer.left(lineEnd);
        const qsizetype size = sizeLine.toLongLong(&ok, 16);
        if (!ok || sizeLine.isEmpty() || size < 0) {
            m_framingError = QStringLiteral("bad chunk size line: %1")
                                 .arg(QString::fromLatin1(sizeLine.left(40).toPercentEncoding()));
            break;
        }
        if (size == 0) {
            m_lastChunk = true;
            m_chunkBuffer.remove(0, lineEnd + 2);
            continue;
        }
        if (m_chunkBuffer.size() < lineEnd + 2 + size + 2)
            break;
        if (m_chunkBuffer.mid(lineEnd + 2 + size, 2) != "\r\n") {
            m_framingError = QStringLiteral("a chunk does not end with CRLF");
            break;
        }
        const QByteArray payload = m_chunkBuffer.mid(lineEnd + 2, size);
        m_chunks.append(payload);
        payloads += payload;
        m_chunkBuffer.remove(0, lineEnd + 2 + size + 2);
    }
    return payloads;
}
