// ChatClient's side of tool calls: their detail from the events, and the
// answer to an approval (POST /chat/approval). Apart from chatclient.cpp,
// which follows the stream.
#include "ui/net/chatclient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace rill {

void ChatClient::answerApproval(const QString &callId, const QString &decision)
{
    QNetworkRequest request(m_serverUrl.resolved(QUrl(QStringLiteral("chat/approval"))));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (!m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    const QJsonObject body { { QStringLiteral("sessionId"), m_sessionId },
        { QStringLiteral("callId"), callId }, { QStringLiteral("decision"), decision } };
    QNetworkReply *reply
        = m_network->post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        // 409: another client answered first, and its answer stands.
        if ((status >= 200 && status < 300) || status == 409)
            return;
        const QString reason = QJsonDocument::fromJson(reply->readAll())
                                   .object()
                                   .value(QLatin1String("error"))
                                   .toString();
        emit approvalAnswerFailed(status == 0
                ? tr("Your answer could not be sent: %1").arg(reply->errorString())
                : tr("The server did not take your answer (%1): %2")
                      .arg(status)
                      .arg(reason.isEmpty() ? reply->errorString() : reason));
    });
}

void ChatClient::emitToolDetail(const Message &message)
{
    const QString tool = message.extra.value(QLatin1String("tool")).toString();
    if (tool.isEmpty() || message.stepIndex() <= 0)
        return;
    const QJsonValue result = message.extra.value(QLatin1String("result"));
    std::optional<QString> text;
    if (result.isString())
        text = result.toString()
            + (message.extra.value(QLatin1String("truncated")).toBool() ? tr("\n… (cut short)")
                                                                        : QString());
    emit stepToolReceived(
        message.stepIndex(), tool, message.extra.value(QLatin1String("arguments")), text);
}

} // namespace rill
