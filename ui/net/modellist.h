#pragma once

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace rill {

// The models an OpenAI-compatible server offers (llama-server, Ollama, vLLM,
// OpenAI): GET {base}/v1/models, {"data": [{"id": "…"}, …]}. One request at a
// time; a new fetch replaces the one under way. What goes wrong is told in a
// sentence that says what to do, and the list is then empty: the window falls
// back to typing the model's name.
class ModelList : public QObject
{
    Q_OBJECT
public:
    explicit ModelList(QObject *parent = nullptr);

    // The list's URL for a server's base URL, as the OpenAI agent finds
    // /v1/chat/completions: http://h:8080, http://h:8080/v1/ and
    // http://h:8080/v1/chat/completions all give http://h:8080/v1/models.
    static QUrl modelsUrl(const QUrl &baseUrl);

    // Asks `url` (already a models URL) with `apiKey` as a bearer token when set.
    void fetch(const QUrl &url, const QString &apiKey = {});
    // Forgets the list asked for last: finished() will not come for it (the
    // window has moved to a server whose models are not that list).
    void cancel();
    bool isFetching() const;
    QStringList models() const { return m_models; }

signals:
    // The answer: the model names, sorted as the server sent them, and a note
    // for the user when there are none or they could not be read.
    void finished(const QStringList &models, const QString &note);

private:
    void onFinished(QNetworkReply *reply);

    QNetworkAccessManager *m_network;
    QPointer<QNetworkReply> m_reply;
    QStringList m_models;
};

} // namespace rill
