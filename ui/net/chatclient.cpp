#include "ui/net/chatclient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrlQuery>

namespace rill {

namespace {

// Used when the stream never said `retry:`; short, as the server keeps a run
// alive only briefly for a client that dropped.
constexpr int kDefaultRetryMs = 1000;

// The seed's planning events carry the step only in their text ("1. 下载歌曲").
int stepFromTitle(const QString &title)
{
    const qsizetype dot = title.indexOf(u'.');
    return dot > 0 ? title.left(dot).trimmed().toInt() : 0;
}

QString errorFromBody(const QByteArray &body)
{
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    const QString error = object.value(QLatin1String("error")).toString();
    return error.isEmpty() ? QString::fromUtf8(body.left(200)).trimmed() : error;
}

} // namespace

ChatClient::ChatClient(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{
    m_idleTimer.setSingleShot(true);
    m_idleTimer.setInterval(std::chrono::seconds(30));
    connect(&m_idleTimer, &QTimer::timeout, this, [this] {
        dropReply();
        connectionLost(
            tr("no data from the server for %1 s").arg(m_idleTimer.interval() / 1000.0, 0, 'g', 3));
    });
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, [this] { openStream(true); });
}

ChatClient::~ChatClient()
{
    dropReply();
}

void ChatClient::setServerUrl(const QUrl &url)
{
    m_serverUrl = url;
}

void ChatClient::setIdleTimeout(std::chrono::milliseconds timeout)
{
    m_idleTimer.setInterval(timeout);
}

void ChatClient::send(const QString &message, const QJsonArray &history, const ChatOptions &options)
{
    if (isBusy())
        return;
    m_pendingMessage = message;
    m_pendingHistory = history;
    m_pendingOptions = options;
    m_failure = Failure::None;
    m_reconnects = 0;
    m_parser = SseParser();
    m_lastEventId.clear();
    openStream(false);
}

QByteArray ChatClient::requestBody(const QString &sessionId, const QString &message,
    const QJsonArray &history, const ChatOptions &options)
{
    QJsonObject body;
    if (!sessionId.isEmpty())
        body.insert(QStringLiteral("sessionId"), sessionId);
    if (!message.isEmpty())
        body.insert(QStringLiteral("message"), message);
    if (!history.isEmpty())
        body.insert(QStringLiteral("history"), history);
    // Only what was chosen: an unset field leaves it to the server's defaults.
    const QJsonObject asked = options.toJson();
    if (!asked.isEmpty())
        body.insert(QStringLiteral("options"), asked);
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

void ChatClient::retry()
{
    if (!m_pendingMessage.isEmpty())
        send(m_pendingMessage, m_pendingHistory, m_pendingOptions);
}

void ChatClient::stop()
{
    if (!isBusy())
        return;
    // Aborting is what tells the server to stop: it sees the disconnect.
    // Say so explicitly too, so the run ends now instead of after the grace
    // period the server allows for reconnects.
    if (!m_sessionId.isEmpty()) {
        QUrl url = m_serverUrl.resolved(QUrl(QStringLiteral("chat")));
        url.setQuery(QUrlQuery { { QStringLiteral("sessionId"), m_sessionId } });
        QNetworkRequest request(url);
        if (!m_token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
        QNetworkReply *cancel = m_network->deleteResource(request);
        connect(cancel, &QNetworkReply::finished, cancel, &QObject::deleteLater);
    }
    finish();
}

void ChatClient::startNewSession()
{
    stop();
    m_sessionId.clear();
}

void ChatClient::openStream(bool resume)
{
    dropReply();
    m_headersChecked = false;
    m_sawDone = false;
    m_parser.resetConnection();

    QUrl url = m_serverUrl.resolved(QUrl(QStringLiteral("chat")));
    QNetworkRequest request;
    request.setRawHeader("Accept", "text/event-stream");
    request.setRawHeader("Cache-Control", "no-cache");
    request.setRawHeader("Accept-Language", m_language.toUtf8().replace('_', '-'));
    if (!m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    request.setAttribute(
        QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);

    m_requestClock.start();
    if (resume) {
        url.setQuery(QUrlQuery { { QStringLiteral("sessionId"), m_sessionId } });
        request.setUrl(url);
        request.setRawHeader("Last-Event-ID", m_lastEventId.toUtf8());
        m_reply = m_network->get(request);
        setState(State::Reconnecting);
    } else {
        request.setUrl(url);
        request.setHeader(
            QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        m_reply = m_network->post(request,
            requestBody(m_sessionId, m_pendingMessage, m_pendingHistory, m_pendingOptions));
        setState(State::Connecting);
    }
    connect(m_reply, &QNetworkReply::readyRead, this, &ChatClient::onReadyRead);
    // Headers can arrive long before the first event: show Streaming as soon as they do.
    connect(m_reply, &QNetworkReply::metaDataChanged, this, [this] {
        if (m_reply && m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200)
            acceptHead();
    });
    connect(m_reply, &QNetworkReply::finished, this, &ChatClient::onReplyFinished);
    m_idleTimer.start();
    emit requestSent(resume);
}

bool ChatClient::acceptHead()
{
    if (m_headersChecked)
        return true;
    const QString type = m_reply->header(QNetworkRequest::ContentTypeHeader).toString();
    if (!type.startsWith(QLatin1String("text/event-stream"), Qt::CaseInsensitive)) {
        finish(
            tr("The server at %1 does not send Rill's event stream (it answered with %2). "
               "Check the server's address in Settings.")
                .arg(m_serverUrl.toDisplayString(), type.isEmpty() ? tr("no content type") : type));
        return false;
    }
    m_headersChecked = true;
    m_reconnects = 0;
    setState(State::Streaming);
    return true;
}

void ChatClient::onReadyRead()
{
    QNetworkReply *reply = m_reply;
    if (!reply)
        return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200)
        return; // an error answer: its body is read once it is complete
    if (!acceptHead())
        return;
    m_idleTimer.start();
    // Taken before any receiver runs: the events of one read arrived together.
    const qint64 arrivedMs = m_requestClock.elapsed();
    const QList<SseEvent> events = m_parser.feed(reply->readAll());
    for (const SseEvent &event : events) {
        handleEvent(event, arrivedMs);
        if (m_reply != reply)
            return; // a receiver stopped the stream, or `done` ended it
    }
}

void ChatClient::handleEvent(const SseEvent &event, qint64 arrivedMs)
{
    m_lastEventId = event.lastEventId;
    emit rawEventReceived(event, arrivedMs);
    if (event.type != QLatin1String("message"))
        return; // named events are not part of the chat protocol
    QString parseError;
    const std::optional<Message> message = Message::fromJson(event.data.toUtf8(), &parseError);
    if (!message) {
        emit errorOccurred(tr("The server sent an event that is not a JSON object (%1): %2")
                               .arg(parseError, event.data.left(120)));
        return;
    }
    handleMessage(*message);
}

void ChatClient::handleMessage(const Message &message)
{
    if (!message.sessionId.isEmpty())
        m_sessionId = message.sessionId;
    emit messageReceived(message);
    if (message.type == MessageType::Assistant) {
        emit assistantMessageReceived(message.content);
        if (const auto stats = RunStats::fromJson(message.extra.value(QLatin1String("stats"))))
            emit answerStatsReceived(*stats);
    } else if (message.type == MessageType::Planning) {
        const int step
            = message.stepIndex() > 0 ? message.stepIndex() : stepFromTitle(message.content);
        emit planningStepReceived(step, message.content);
        emitToolDetail(message);
    } else if (message.type == MessageType::Step) {
        emit stepStateChanged(message.stepIndex(), message.stepState(), message.content);
        emitToolDetail(message);
    } else if (message.type == MessageType::Approval) {
        emitToolDetail(message);
        emit approvalRequested(
            message.stepIndex(), message.extra.value(QLatin1String("callId")).toString());
    } else if (message.type == MessageType::Delta) {
        emit deltaReceived(message.content);
    } else if (message.type == MessageType::Reasoning) {
        emit reasoningReceived(message.content);
    } else if (message.type == MessageType::Error) {
        m_failure = Failure::Agent;
        emit errorOccurred(message.content);
    } else if (message.type == MessageType::Done) {
        m_sawDone = true;
        finish();
    }
}

void ChatClient::onReplyFinished()
{
    QNetworkReply *reply = m_reply;
    if (!reply || sender() != reply)
        return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 204) {
        finish(); // the run is over and nothing was left to replay
        return;
    }
    if (status == 404 && m_state == State::Reconnecting) {
        // The server restarted or forgot the session while the stream was
        // down. It takes the conversation again from the history the window
        // keeps, in a new session.
        m_sessionId.clear();
        finish(tr("The server no longer knows this conversation (it may have restarted). "
                  "Retry, or send your next message: either starts it again with its history."),
            Failure::SessionUnknown);
        return;
    }
    if (status >= 300 || (status == 0 && !m_headersChecked)) {
        if (m_state == State::Reconnecting && status == 0 && m_reconnects < m_maxReconnects) {
            connectionLost(reply->errorString());
            return;
        }
        if (status >= 300) {
            finish(httpErrorText(status, reply));
        } else if (m_state == State::Reconnecting) {
            finish(tr("The connection to the server was lost, and it could not be resumed (%1).")
                       .arg(reply->errorString()),
                Failure::ConnectionLost);
        } else {
            finish(tr("Rill cannot reach the server at %1 (%2). Check that it is running, then "
                      "retry.")
                       .arg(m_serverUrl.toDisplayString(), reply->errorString()),
                Failure::Unreachable);
        }
        return;
    }
    // An answer with no body never signals readyRead, so its head is checked here.
    if (status == 200 && !acceptHead())
        return;
    // Bytes may still be waiting when the connection closes.
    if (reply->bytesAvailable() > 0)
        onReadyRead();
    if (m_reply != reply)
        return;
    const bool endedCleanly = reply->error() == QNetworkReply::NoError;
    m_parser.finish();
    if (endedCleanly && m_lastEventId.isEmpty()) {
        // A server that gives no ids (the seed's) cannot be resumed: its stream
        // ending is the end of the run.
        finish();
        return;
    }
    dropReply();
    connectionLost(
        endedCleanly ? tr("the stream ended before its done event") : reply->errorString());
}

QString ChatClient::httpErrorText(int status, QNetworkReply *reply)
{
    const QString detail = errorFromBody(reply->readAll());
    switch (status) {
    case 401:
        return m_token.isEmpty()
            ? tr("The server needs a token (401): %1. Enter it in Settings, or start Rill with "
                 "--connect URL --token TOKEN.")
                  .arg(detail)
            : tr("The server did not accept the token (401): %1. Check the token in Settings.")
                  .arg(detail);
    case 403:
        return tr("The server refused this request (403): %1").arg(detail);
    case 503: {
        const QByteArray retryAfter = reply->rawHeader("Retry-After");
        return retryAfter.isEmpty()
            ? tr("The server is busy (503): %1. Try again later.").arg(detail)
            : tr("The server is busy (503): %1. Try again in %2 s.")
                  .arg(detail, QString::fromLatin1(retryAfter));
    }
    default:
        return tr("The server could not take this message (HTTP %1: %2).").arg(status).arg(detail);
    }
}

void ChatClient::connectionLost(const QString &why)
{
    if (m_lastEventId.isEmpty() || m_reconnects >= m_maxReconnects) {
        finish(tr("The connection to the server was lost (%1).").arg(why), Failure::ConnectionLost);
        return;
    }
    ++m_reconnects;
    setState(State::Reconnecting);
    m_reconnectTimer.start(m_parser.reconnectionTimeMs().value_or(kDefaultRetryMs));
}

void ChatClient::finish(const QString &error, Failure failure)
{
    if (!error.isEmpty())
        m_failure = failure;
    dropReply();
    m_reconnectTimer.stop();
    m_idleTimer.stop();
    if (!error.isEmpty())
        emit errorOccurred(error);
    setState(State::Idle);
    emit streamFinished();
}

void ChatClient::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void ChatClient::dropReply()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    disconnect(reply, nullptr, this, nullptr);
    reply->abort();
    reply->deleteLater();
}

} // namespace rill
