#pragma once

#include "server/protocol/sseparser.h"
#include "ui/net/answertally.h"
#include "ui/net/streamtiming.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;
class QIODevice;

namespace rill {

// `rill listen`: reads any SSE endpoint and writes each dispatched event as one
// JSON line {"type", "data", "lastEventId"} the moment it arrives. Nothing but
// those lines goes to `out` (give it an unbuffered device, so that a pipe gets
// each line at once); problems are reported through failed(). With `timing`,
// each line also carries "t_ms" (since the request was sent) and "gap_ms"
// (since the previous event), and timing() judges whether the stream was live.
class StreamListener : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QUrl url;
        bool post = false;
        QByteArray body; // sent with POST, as application/json
        QList<std::pair<QByteArray, QByteArray>> headers;
        bool reconnect = false; // follow the SSE reconnection rules until told to stop
        bool timing = false; // add t_ms and gap_ms to each line
    };

    StreamListener(Options options, QIODevice *out, QObject *parent = nullptr);

    void start();

    // One output line for an event, without the newline.
    static QByteArray formatEvent(const SseEvent &event, const EventTiming *timing = nullptr);

    // When each event arrived; fed whether or not the lines show it.
    const StreamTiming &timing() const { return m_timing; }
    // What came of the answer: thinking and answer pieces, the final stats.
    const AnswerTally &answer() const { return m_answer; }
    qint64 elapsedMs() const { return m_clock.elapsed(); }

signals:
    void finished(); // the stream ended (without --reconnect), or a 204 said stop
    void failed(const QString &reason);
    // Each event of the default type that is a message, after its line is out.
    void messageReceived(const rill::Message &message);

private:
    void open();
    void onReadyRead();
    void onFinished();

    Options m_options;
    QIODevice *m_out;
    QNetworkAccessManager *m_network;
    QPointer<QNetworkReply> m_reply;
    SseParser m_parser;
    QString m_lastEventId;
    QTimer m_retryTimer;
    QElapsedTimer m_clock;
    StreamTiming m_timing;
    AnswerTally m_answer;
    bool m_checkedHead = false;
};

} // namespace rill
