#pragma once

#include "server/protocol/sseparser.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QMap>
#include <QObject>
#include <QTcpSocket>

// A deliberately plain HTTP/1.1 client over QTcpSocket: it writes the request
// by hand, reads the head and records when each SSE event's bytes arrive. No
// QNetworkAccessManager in between, so what it measures is what the server put
// on the wire and when.
class RawSseClient : public QObject
{
    Q_OBJECT
public:
    struct Arrival
    {
        rill::SseEvent event;
        qint64 atMs; // since the shared clock's start
    };

    explicit RawSseClient(const QElapsedTimer &clock, QObject *parent = nullptr);

    void request(quint16 port, const QByteArray &method, const QByteArray &target,
        const QByteArray &body = {}, const QList<QByteArray> &extraHeaders = {});
    void abort() { m_socket.abort(); }
    void sendRaw(const QByteArray &bytes) { m_socket.write(bytes); }

    bool headReceived() const { return m_status != 0; }
    int status() const { return m_status; }
    QByteArray header(const QByteArray &name) const { return m_headers.value(name.toLower()); }
    bool hasHeader(const QByteArray &name) const { return m_headers.contains(name.toLower()); }
    QByteArray body() const { return m_body; } // the raw body bytes, as received
    // With Transfer-Encoding: chunked, each chunk's payload as it came, whether
    // the zero-size last chunk came, and what was wrong with the framing if anything.
    bool isChunked() const { return m_chunked; }
    const QList<QByteArray> &chunks() const { return m_chunks; }
    bool lastChunkReceived() const { return m_lastChunk; }
    QString framingError() const { return m_framingError; }
    const QList<Arrival> &arrivals() const { return m_arrivals; }
    QList<QByteArray> comments() const { return m_comments; }
    bool isClosed() const { return m_closed; }
    // The server closed the connection, or a response of known length is all in.
    bool isComplete() const;
    QJsonObject jsonAt(qsizetype index) const;

signals:
    // Bytes arrived or the connection ended: a cue to look at the state again.
    void progressed();

private:
    void onReadyRead();
    // Takes whole chunks out of m_chunkBuffer; returns their payloads joined.
    QByteArray takeChunks();

    const QElapsedTimer &m_clock;
    QTcpSocket m_socket;
    QByteArray m_headBuffer;
    QByteArray m_body;
    QByteArray m_lineTail; // for picking out comment lines across reads
    rill::SseParser m_parser;
    int m_status = 0;
    QMap<QByteArray, QByteArray> m_headers;
    QList<Arrival> m_arrivals;
    QList<QByteArray> m_comments;
    bool m_closed = false;
    bool m_chunked = false;
    QByteArray m_chunkBuffer;
    QList<QByteArray> m_chunks;
    bool m_lastChunk = false;
    QString m_framingError;
};
