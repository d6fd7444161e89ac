#include "ui/net/serverhealth.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace rill {

ServerHealth::ServerHealth(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{ }

void ServerHealth::check(const QUrl &serverUrl, const QString &token)
{
    if (m_reply) {
        QNetworkReply *old = m_reply;
        m_reply = nullptr;
        old->disconnect(this);
        old->abort();
        old->deleteLater();
    }
    if (serverUrl.isEmpty())
        return;
    QNetworkRequest request(serverUrl.resolved(QUrl(QStringLiteral("health"))));
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    request.setTransferTimeout(5000);
    QNetworkReply *reply = m_network->get(request);
    m_reply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        if (reply != m_reply)
            return;
        m_reply = nullptr;
        const QJsonObject health = QJsonDocument::fromJson(reply->readAll()).object();
        m_locked = health.value(QLatin1String("optionsLocked")).toBool(false);
        emit checked(m_locked);
    });
}

} // namespace rill
