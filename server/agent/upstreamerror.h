#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace rill {

// What the user is told when an OpenAI-compatible server refuses a run: the
// failures a real model gives (context too long, unknown model, a refused key,
// a model still loading) in plain words saying what to do, from the JSON
// shapes llama-server, OpenAI, Ollama and vLLM send.
struct UpstreamError
{
    int status; // for the error event: the server's own status, 502 in a stream
    QString reason;

    // A non-200 answer with `body`, for a request that asked for `model`
    // (empty: the server's default) at `server`.
    static UpstreamError fromResponse(
        int httpStatus, const QByteArray &body, const QString &model, const QUrl &server);
    // An {"error": …} chunk inside a 200 stream.
    static UpstreamError fromStreamChunk(
        const QByteArray &chunk, const QString &model, const QUrl &server);

    // The message of an error body in any of the usual shapes: {"error":
    // {"message": …}}, {"error": "…"}, {"message": …}, {"detail": …}; else its start.
    static QString messageOf(const QByteArray &body);
};

} // namespace rill
