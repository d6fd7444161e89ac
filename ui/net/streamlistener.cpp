#include "ui/net/streamlistener.h"

#include "server/protocol/jsonwriter.h"

#include <QIODevice>
#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace rill {

StreamListener::StreamListener(Options options, QIODevice *out, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_out(out)
    , m_network(new QNetworkAccessManager(this))
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &StreamListener::open);
}

void StreamListener::start()
{
    m_clock.start();
    open();
}

QByteArray StreamListener::formatEvent(const SseEvent &event, const EventTiming *timing)
{
    QByteArray line = "{";
    JsonWriter::appendKey(line, QLatin1StringView("type"));
    JsonWriter::appendString(line, event.type);
    JsonWriter::appendKey(line, QLatin1StringView("data"));
    JsonWriter::appendString(line, event.data);
    JsonWriter::appendKey(line, QLatin1StringView("lastEventId"));
    JsonWriter::appendString(line, event.lastEventId);
    if (timing) {
        JsonWriter::appendKey(line, QLatin1StringView("t_ms"));
        line.append(QByteArray::number(timing->sinceRequestMs));
        JsonWriter::appendKey(line, QLatin1StringView("gap_ms"));
        line.append(QByteArray::number(timing->gapMs));
    }
    line.append('}');
    return line;
}

void StreamListener::open()
{
    QNetworkRequest request(m_options.url);
    request.setRawHeader("Accept", "text/event-stream");
    request.setRawHeader("Cache-Control", "no-cache");
    request.setAttribute(
        QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    for (const auto &[name, value] : m_options.headers)
        request.setRawHeader(name, value);
    if (!m_lastEventId.isEmpty())
        request.setRawHeader("Last-Event-ID", m_lastEventId.toUtf8());
    m_checkedHead = false;
    m_parser.resetConnection();
    if (m_options.post || !m_options.body.isEmpty()) {
        if (!request.hasRawHeader("Content-Type") && !m_options.body.isEmpty())
            request.setHeader(
                QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        m_reply = m_network->post(request, m_options.body);
    } else {
        m_reply = m_network->get(request);
    }
    m_timing.requestSent(m_clock.elapsed());
    if (m_answer.thinkingPieces() + m_answer.answerPieces() == 0)
        m_answer.start(m_clock.elapsed());
    connect(m_reply, &QNetworkReply::readyRead, this, &StreamListener::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &StreamListener::onFinished);
}

void StreamListener::onReadyRead()
{
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200)
        return; // an error answer is reported whole once it is complete
    if (!m_checkedHead) {
        const QString type = m_reply->header(QNetworkRequest::ContentTypeHeader).toString();
        if (!type.startsWith(QLatin1String("text/event-stream"), Qt::CaseInsensitive)) {
            QNetworkReply *reply = m_reply;
            m_reply = nullptr;
            reply->abort();
            reply->deleteLater();
            emit failed(tr("%1 answered with Content-Type \"%2\", not text/event-stream")
                            .arg(m_options.url.toDisplayString(), type));
            return;
        }
        m_checkedHead = true;
    }
    // Every event in this chunk arrived now, however long writing the lines takes.
    const qint64 arrivedAt = m_clock.elapsed();
    for (const SseEvent &event : m_parser.feed(m_reply->readAll())) {
        m_lastEventId = event.lastEventId;
        const EventTiming timing = m_timing.eventArrived(arrivedAt);
        m_out->write(formatEvent(event, m_options.timing ? &timing : nullptr) + '\n');
        if (event.type == QLatin1String("message")) {
            if (const auto message = Message::fromJson(event.data.toUtf8())) {
                m_answer.add(*message, arrivedAt);
                emit messageReceived(*message);
            }
        }
    }
}

void StreamListener::onFinished()
{
    QNetworkReply *reply = m_reply;
    if (!reply || sender() != reply)
        return;
    m_reply = nullptr;
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 204) {
        emit finished(); // the spec's way of saying "do not reconnect"
        return;
    }
    if (status != 200) {
        const QString body = QString::fromUtf8(reply->readAll().left(300)).trimmed();
        emit failed(status == 0
                ? tr("cannot reach %1: %2")
                      .arg(m_options.url.toDisplayString(), reply->errorString())
                : tr("%1 answered HTTP %2%3")
                      .arg(m_options.url.toDisplayString())
                      .arg(status)
                      .arg(body.isEmpty() ? QString() : QStringLiteral(": ") + body));
        return;
    }
    m_parser.finish();
    if (m_options.reconnect) {
        m_retryTimer.start(m_parser.reconnectionTimeMs().value_or(1000));
        return;
    }
    if (reply->error() != QNetworkReply::NoError
        && reply->error() != QNetworkReply::RemoteHostClosedError) {
        emit failed(tr("the stream broke: %1").arg(reply->errorString()));
        return;
    }
    emit finished();
}

} // namespace rill
