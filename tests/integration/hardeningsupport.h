// Helpers for the security and limits tests: raw exchanges, test agents, and
// the check that a server still streams normally after a bad input.
#pragma once

#include "rawsseclient.h"
#include "server/agent/agent.h"

#include <QByteArray>
#include <QJsonObject>
#include <QMap>
#include <QTcpSocket>
#include <QTimer>

namespace hardening {

// One HTTP answer read off a raw socket.
struct RawAnswer
{
    int status = 0;
    QMap<QByteArray, QByteArray> headers; // names lower-cased
    QByteArray body;
    bool closed = false;

    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
    QJsonObject json() const;
};

// Writes `bytes` as is on a new connection to 127.0.0.1:`port` and reads until
// the answer is complete (Content-Length) or the server closes; `finishWriting`
// false leaves the request incomplete.
RawAnswer exchange(quint16 port, const QByteArray &bytes, int timeoutMs = 5000);

// "POST /chat" (or another request) with a Host of 127.0.0.1:port and `headers`.
QByteArray request(quint16 port, const QByteArray &method, const QByteArray &target,
    const QList<QByteArray> &headers = {}, const QByteArray &body = {});

// Fails the calling test unless a normal POST /chat streams to its done event.
// Returns false on failure (use with QVERIFY).
bool streamsNormally(quint16 port, const QList<QByteArray> &headers = {});

// Emits nothing until cancelled: a run that stays live.
class SilentAgent : public rill::Agent
{
    Q_OBJECT
public:
    void start(const rill::AgentRequest &) override { }
    void cancel() override { }
};

// Emits `count` assistant events of `size` characters as fast as the event
// loop allows, then finishes: a stream much faster than a slow reader.
class FloodAgent : public rill::Agent
{
    Q_OBJECT
public:
    FloodAgent(int count, int size, QObject *parent = nullptr);
    void start(const rill::AgentRequest &) override { m_timer.start(); }
    void cancel() override { m_timer.stop(); }
    int produced() const { return m_produced; }

private:
    QTimer m_timer;
    QString m_content;
    int m_count;
    int m_produced = 0;
};

} // namespace hardening
