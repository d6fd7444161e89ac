#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace rillbench {

// Reads one HTTP/1.1 response from raw socket bytes: the head, then the body
// as the server framed it (Content-Length, chunked, or until the connection
// closes). Rill closes the connection after a stream; uvicorn and Node chunk it.
class HttpResponseReader
{
public:
    enum class State { Head, Body, Done, Failed };

    // Consumes `bytes`, appending the decoded body bytes to `body`.
    State feed(QByteArrayView bytes, QByteArray &body);

    State state() const { return m_state; }
    int status() const { return m_status; }

private:
    enum class Framing { UntilClose, Length, Chunked };
    enum class Chunk { Size, Data, DataEnd, Trailer };

    void parseHead(QByteArrayView head);
    qsizetype feedChunked(QByteArrayView bytes, QByteArray &body);

    State m_state = State::Head;
    QByteArray m_head;
    int m_status = 0;
    Framing m_framing = Framing::UntilClose;
    qint64 m_remaining = 0; // of the Content-Length body, or of the current chunk
    Chunk m_chunk = Chunk::Size;
    QByteArray m_line; // a chunk-size or trailer line in progress
};

} // namespace rillbench
