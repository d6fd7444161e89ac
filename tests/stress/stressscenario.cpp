#include "stressscenario.h"

#include "rawsseclient.h"

#include <QJsonObject>
#include <QMetaEnum>
#include <QTimer>

namespace {
constexpr int kDemoEvents = 12; // greeting, 3 plan, 6 step, answer, done
}

void StressContext::fail(const QString &what)
{
    failures.append(what);
}

StressScenario::StressScenario(StressContext &context, Plan plan, QObject *parent)
    : QObject(parent)
    , m_context(context)
    , m_plan(plan)
{ }

QString StressScenario::describe() const
{
    return QStringLiteral("[%1 session=%2 lastSeq=%3 resuming=%4 stream=%5 status=%6 taken=%7]")
        .arg(QString::fromLatin1(QMetaEnum::fromType<Plan>().valueToKey(int(m_plan))),
            m_sessionId.isEmpty() ? QStringLiteral("?") : m_sessionId)
        .arg(m_lastSeq)
        .arg(int(m_resuming))
        .arg(QLatin1String(m_stream ? (m_stream->isClosed() ? "closed" : "open") : "none"))
        .arg(m_stream ? m_stream->status() : 0)
        .arg(m_taken);
}

void StressScenario::start()
{
    switch (m_plan) {
    case Plan::ReadToEnd:
        break;
    case Plan::CutAfterEvents:
        m_cutAfter = m_context.between(0, kDemoEvents - 2);
        break;
    case Plan::CutAtRandomTime:
        break;
    case Plan::Resume:
        m_cutAfter = m_context.between(1, kDemoEvents - 2);
        m_resumesLeft = m_context.between(1, 3);
        break;
    case Plan::Delete:
        m_deleteAfter = m_context.between(1, kDemoEvents - 1);
        break;
    case Plan::HalfRequest:
        startHalfRequest();
        return;
    case Plan::Garbage:
        startGarbage();
        return;
    }
    openPost();
}

void StressScenario::watch(RawSseClient *client)
{
    m_stream = client;
    m_taken = 0;
    m_sawDone = false;
    m_sawCancelled = false;
    ++m_context.opened;
    connect(client, &RawSseClient::progressed, this, &StressScenario::onProgress);
}

void StressScenario::openPost()
{
    m_nextSeq = m_lastSeq + 1;
    auto *client = new RawSseClient(m_context.clock, this);
    watch(client);
    const QByteArray body = m_sessionId.isEmpty()
        ? QByteArray("{\"message\":\"stress\"}")
        : "{\"sessionId\":\"" + m_sessionId.toUtf8() + "\",\"message\":\"again\"}";
    client->request(m_context.port, "POST", "/chat", body, { "Content-Type: application/json" });
    if (m_plan == Plan::CutAtRandomTime) {
        QTimer::singleShot(m_context.between(0, 60), this, [this, client = QPointer(client)] {
            if (client && client == m_stream && !client->isClosed())
                cut();
        });
    }
}

void StressScenario::openResume()
{
    m_resuming = true;
    ++m_context.resumed;
    // Usually from the last event read, as a client would; sometimes from further back,
    // which the server must replay again.
    const qint64 from = m_context.chance(20) ? m_context.between(0, int(m_lastSeq)) : m_lastSeq;
    m_nextSeq = from + 1;
    m_cutAfter = m_resumesLeft > 0 ? m_context.between(1, 6) : -1;
    auto *client = new RawSseClient(m_context.clock, this);
    watch(client);
    client->request(m_context.port, "GET", "/chat", {},
        { "Last-Event-ID: " + m_sessionId.toUtf8() + ':' + QByteArray::number(from) });
}

void StressScenario::onProgress()
{
    if (!m_stream || m_ended || !takeEvents())
        return;
    if (m_stream->isClosed() && !m_closing) {
        // The socket reports the close (errorOccurred) before handing over the last bytes
        // (disconnected): judge the stream once both have been delivered.
        m_closing = true;
        QTimer::singleShot(0, this, &StressScenario::onServerClosed);
    }
}

// Checks the events that arrived since the last call. Returns false when the scenario
// moved on (the stream was cut, or something was wrong).
bool StressScenario::takeEvents()
{
    const auto &arrivals = m_stream->arrivals();
    while (m_taken < arrivals.size()) {
        const QString id = arrivals.at(m_taken).event.lastEventId;
        const QJsonObject json = m_stream->jsonAt(m_taken);
        ++m_taken;
        ++m_context.events;
        if (m_sawDone) {
            fail(QStringLiteral("event %1 after done").arg(id));
            return false;
        }
        const qsizetype colon = id.lastIndexOf(u':');
        bool ok = false;
        const qint64 seq = colon > 0 ? QStringView(id).mid(colon + 1).toLongLong(&ok) : -1;
        const QString sessionId = id.left(colon);
        if (!ok || (!m_sessionId.isEmpty() && sessionId != m_sessionId)
            || json.value(u"sessionId").toString() != sessionId) {
            fail(QStringLiteral("event id %1 does not belong here").arg(id));
            return false;
        }
        m_sessionId = sessionId;
        if (seq != m_nextSeq) {
            fail(QStringLiteral("expected seq %1, got %2").arg(m_nextSeq).arg(seq));
            return false;
        }
        m_nextSeq = seq + 1;
        m_lastSeq = qMax(m_lastSeq, seq);
        m_sawDone = json.value(u"type").toString() == QLatin1String("done");
        m_sawCancelled = m_sawDone && json.value(u"state").toString() == QLatin1String("cancelled");
        if (m_cutAfter >= 0 && m_taken >= m_cutAfter && !m_sawDone) {
            cut();
            return false;
        }
        if (m_deleteAfter >= 0 && m_taken >= m_deleteAfter && !m_delete && !m_sawDone)
            sendDelete();
    }
    if (m_cutAfter == 0 && m_stream->headReceived()) {
        cut();
        return false;
    }
    return true;
}

void StressScenario::onServerClosed()
{
    m_closing = false;
    if (!m_stream || m_ended || !takeEvents())
        return;
    if (m_stream->status() != 200) {
        fail(QStringLiteral("stream answered %1: %2")
                 .arg(m_stream->status())
                 .arg(QString::fromUtf8(m_stream->body().left(200))));
        return;
    }
    if (m_delete && m_deleteStatus == 0)
        return; // onDeleteAnswered() takes it from here
    if (m_deleteStatus == 204) {
        // A stopped run ends with a done marked cancelled, never a completed one.
        if (m_sawDone && !m_sawCancelled)
            fail(QStringLiteral("a completed done arrived although DELETE stopped the run"));
        ++m_context.deletedLive;
        end();
        return;
    }
    if (!m_sawDone) {
        fail(QStringLiteral("the server ended the stream without done"));
        return;
    }
    ++m_context.completed;
    m_context.heartbeats += m_stream->comments().size();
    if (m_deleteStatus == 404)
        ++m_context.deletedLate;
    if (m_resuming)
        ++m_context.resumedCompleted;
    if (m_plan == Plan::ReadToEnd && !m_followUpDone && m_context.chance(25)) {
        m_followUpDone = true;
        ++m_context.followUps;
        m_stream->deleteLater();
        openPost();
        return;
    }
    end();
}

void StressScenario::cut()
{
    ++m_context.cut;
    RawSseClient *stream = m_stream;
    m_stream = nullptr;
    m_context.heartbeats += stream->comments().size();
    stream->disconnect(this);
    stream->abort();
    stream->deleteLater();
    if (m_plan == Plan::Resume && m_resumesLeft > 0 && !m_sessionId.isEmpty()) {
        --m_resumesLeft;
        QTimer::singleShot(
            m_context.between(0, m_context.resumeDelayMaxMs), this, &StressScenario::openResume);
        return;
    }
    end();
}

void StressScenario::sendDelete()
{
    m_delete = new RawSseClient(m_context.clock, this);
    connect(m_delete, &RawSseClient::progressed, this, &StressScenario::onDeleteAnswered);
    m_delete->request(m_context.port, "DELETE", "/chat?sessionId=" + m_sessionId.toUtf8());
}

void StressScenario::onDeleteAnswered()
{
    if (m_deleteStatus != 0 || m_ended || !m_delete->isComplete())
        return;
    m_deleteStatus = m_delete->status();
    if (m_deleteStatus != 204 && m_deleteStatus != 404) {
        fail(QStringLiteral("DELETE answered %1").arg(m_deleteStatus));
        return;
    }
    // A 404 means the run finished before the DELETE arrived: its done must be on the way.
    if (m_stream && m_stream->isClosed() && !m_closing)
        onServerClosed();
}

// A client that goes away before its request is complete: half a head, or a head whose
// body never fully arrives.
void StressScenario::startHalfRequest()
{
    ++m_context.halfRequests;
    m_half = new QTcpSocket(this);
    m_half->connectToHost(QHostAddress::LocalHost, m_context.port);
    const QByteArray full = "POST /chat HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            "Content-Type: application/json\r\nContent-Length: 40\r\n\r\n"
                            "{\"message\":\"never fin";
    m_half->write(full.left(m_context.between(1, int(full.size()))));
    QTimer::singleShot(m_context.between(0, 30), this, [this] {
        m_half->abort();
        end();
    });
}

// Random bytes, sometimes after a valid request line: the server may answer or close, but
// must not fall over. The connection is dropped after at most 100 ms either way.
void StressScenario::startGarbage()
{
    ++m_context.garbage;
    m_half = new QTcpSocket(this);
    m_half->connectToHost(QHostAddress::LocalHost, m_context.port);
    QByteArray bytes = m_context.chance(50) ? "POST /chat HTTP/1.1\r\n" : "";
    const int size = m_context.between(1, 512);
    for (int i = 0; i < size; ++i)
        bytes.append(char(m_context.between(0, 255)));
    m_half->write(bytes);
    connect(m_half, &QTcpSocket::disconnected, this, &StressScenario::end);
    QTimer::singleShot(m_context.between(0, 100), this, [this] {
        m_half->abort();
        end();
    });
}

void StressScenario::fail(const QString &what)
{
    m_context.fail(what + u' ' + describe());
    if (m_stream) {
        m_stream->disconnect(this);
        m_stream->abort();
    }
    end();
}

void StressScenario::end()
{
    if (m_ended)
        return;
    m_ended = true;
    emit finished();
}
