#include "ui/net/modellist.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace rill {

namespace {

// A list is small; a server that takes longer is not going to answer.
constexpr int kTimeoutMs = 5000;

} // namespace

ModelList::ModelList(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{ }

QUrl ModelList::modelsUrl(const QUrl &baseUrl)
{
    QUrl url = baseUrl;
    QString path = url.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    if (path.endsWith(QLatin1String("/chat/completions")))
        path.chop(int(QLatin1String("/chat/completions").size()));
    if (!path.endsWith(QLatin1String("/v1")))
        path += QLatin1String("/v1");
    url.setPath(path + QLatin1String("/models"));
    url.setQuery(QString());
    return url;
}

void ModelList::cancel()
{
    if (!m_reply)
        return;
    QNetworkReply *old = m_reply;
    m_reply = nullptr;
    old->disconnect(this);
    old->abort();
    old->deleteLater();
}

void ModelList::fetch(const QUrl &url, const QString &apiKey)
{
    cancel();
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/json");
    if (!apiKey.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + apiKey.toUtf8());
    request.setTransferTimeout(kTimeoutMs);
    QNetworkReply *reply = m_network->get(request);
    m_reply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onFinished(reply); });
}

bool ModelList::isFetching() const
{
    return !m_reply.isNull();
}

void ModelList::onFinished(QNetworkReply *reply)
{
    reply->deleteLater();
    if (reply != m_reply)
        return;
    m_reply = nullptr;
    const QString where = reply->url().toDisplayString();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    QString note;
    QStringList models;
    if (status == 0) {
        note = tr("The LLM server at %1 could not be reached (%2). Check that it runs and its "
                  "URL in Settings ▸ Agent, or type the model's name.")
                   .arg(where, reply->errorString());
    } else if (status == 401 || status == 403) {
        note = tr("The LLM server at %1 refused to list its models (%2). Check the API key in "
                  "Settings ▸ Agent, or type the model's name.")
                   .arg(where)
                   .arg(status);
    } else if (status != 200) {
        note = tr("The server at %1 does not list its models (HTTP %2). Type the model's name.")
                   .arg(where)
                   .arg(status);
    } else {
        const QJsonValue data
            = QJsonDocument::fromJson(reply->readAll()).object().value(QLatin1String("data"));
        if (!data.isArray()) {
            note = tr("The server at %1 answered, but not with a list of models. Type the "
                      "model's name.")
                       .arg(where);
        } else {
            for (const QJsonValue &model : data.toArray()) {
                const QString id = model.toObject().value(QLatin1String("id")).toString();
                if (!id.isEmpty() && !models.contains(id))
                    models.append(id);
            }
            if (models.isEmpty())
                note
                    = tr("The LLM server at %1 lists no models. Type the model's name.").arg(where);
        }
    }
    m_models = models;
    emit finished(models, note);
}

} // namespace rill
