#include "server/agent/upstreamerror.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace rill {

namespace {

QString snippet(const QString &text)
{
    const QString simple = text.simplified();
    return simple.size() > 200 ? simple.left(197) + QStringLiteral("...") : simple;
}

struct Details
{
    QString message;
    QString type; // error.type: "exceed_context_size_error", "invalid_request_error"...
    QString code; // error.code when it is a string: "context_length_exceeded"...
    qint64 promptTokens = 0; // llama-server's n_prompt_tokens
    qint64 contextTokens = 0; // llama-server's n_ctx
};

Details detailsOf(const QByteArray &body)
{
    Details details;
    details.message = UpstreamError::messageOf(body);
    const QJsonObject error
        = QJsonDocument::fromJson(body).object().value(QLatin1String("error")).toObject();
    details.type = error.value(QLatin1String("type")).toString();
    details.code = error.value(QLatin1String("code")).toString();
    details.promptTokens = qint64(error.value(QLatin1String("n_prompt_tokens")).toDouble());
    details.contextTokens = qint64(error.value(QLatin1String("n_ctx")).toDouble());
    return details;
}

bool isContextTooLong(const Details &details)
{
    static const QRegularExpression wording(
        QStringLiteral("context (length|size|window)|maximum context|too many tokens"),
        QRegularExpression::CaseInsensitiveOption);
    return details.type == QLatin1String("exceed_context_size_error")
        || details.code == QLatin1String("context_length_exceeded")
        || wording.match(details.message).hasMatch();
}

bool mentionsModel(const Details &details)
{
    return details.code == QLatin1String("model_not_found")
        || details.message.contains(QLatin1String("model"), Qt::CaseInsensitive);
}

QString contextTooLong(const Details &details)
{
    const QString sizes = details.promptTokens > 0 && details.contextTokens > 0
        ? QStringLiteral(" (%1 tokens; the model holds %2)")
              .arg(details.promptTokens)
              .arg(details.contextTokens)
        : QString();
    return QStringLiteral("The conversation is too long for the model's context%1. Start a new "
                          "conversation, or lower max tokens, or give the model a larger "
                          "context (llama-server --ctx-size). The server said: %2")
        .arg(sizes, details.message);
}

} // namespace

QString UpstreamError::messageOf(const QByteArray &body)
{
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    const QJsonValue error = object.value(QLatin1String("error"));
    if (error.isObject()) {
        const QString message = error.toObject().value(QLatin1String("message")).toString();
        if (!message.isEmpty())
            return message;
    }
    for (const QJsonValue &value :
        { error, object.value(QLatin1String("message")), object.value(QLatin1String("detail")) }) {
        if (value.isString() && !value.toString().isEmpty())
            return value.toString();
    }
    return snippet(QString::fromUtf8(body));
}

UpstreamError UpstreamError::fromResponse(
    int httpStatus, const QByteArray &body, const QString &model, const QUrl &server)
{
    const Details details = detailsOf(body);
    const QString where = server.toDisplayString();
    if (isContextTooLong(details))
        return { httpStatus, contextTooLong(details) };
    switch (httpStatus) {
    case 401:
        return { httpStatus,
            QStringLiteral("The LLM server at %1 refused the API key (401). Set the right key in "
                           "Settings ▸ Agent (or --api-key, or $RILL_LLM_API_KEY). The server "
                           "said: %2")
                .arg(where, details.message) };
    case 403:
        return { httpStatus,
            QStringLiteral("The LLM server at %1 refused access (403): this API key may not use "
                           "the model or the server. Check the key in Settings ▸ Agent, or pick "
                           "another model. The server said: %2")
                .arg(where, details.message) };
    case 404:
        if (mentionsModel(details))
            return { httpStatus,
                QStringLiteral("The LLM server at %1 has no model \"%2\". Pick one of its models "
                               "in Settings ▸ Model or in the bar above the chat. The server "
                               "said: %3")
                    .arg(where, model.isEmpty() ? QStringLiteral("(default)") : model,
                        details.message) };
        return { httpStatus,
            QStringLiteral("The LLM server at %1 has no /v1/chat/completions (404). Check the "
                           "LLM server URL in Settings ▸ Agent. The server said: %2")
                .arg(where, details.message) };
    case 503:
        return { httpStatus,
            QStringLiteral("The LLM server at %1 is still loading the model, or is busy (503). "
                           "Wait a moment and send the message again. The server said: %2")
                .arg(where, details.message) };
    default:
        return { httpStatus,
            QStringLiteral("The LLM server at %1 answered %2: %3")
                .arg(where)
                .arg(httpStatus)
                .arg(details.message) };
    }
}

UpstreamError UpstreamError::fromStreamChunk(
    const QByteArray &chunk, const QString &model, const QUrl &server)
{
    const Details details = detailsOf(chunk);
    const QJsonValue code = QJsonDocument::fromJson(chunk).object().value(
        QLatin1String("error"))[QLatin1String("code")];
    // llama-server puts the HTTP status it would have sent in error.code.
    const int status = code.isDouble() ? code.toInt() : 0;
    if (isContextTooLong(details) || status == 401 || status == 403 || status == 404
        || status == 503)
        return { 502, fromResponse(status, chunk, model, server).reason };
    return { 502, QStringLiteral("The LLM server reported an error: %1").arg(details.message) };
}

} // namespace rill
