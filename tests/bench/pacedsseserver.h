#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

// A stand-in for `rill --serve` that keeps an exact pace, for bench_ui: each
// connection gets the demo agent's events (greeting, a plan of `steps` steps,
// each running then done, the answer, done) at `eventsPerSecond`, on a fixed
// schedule so that late timer ticks are caught up rather than lost (the demo
// agent's own step delay is between events, so it drifts below 1 000/s on a
// busy machine). Meant to run in a thread of its own.
class PacedSseServer : public QObject
{
    Q_OBJECT
public:
    PacedSseServer(int eventsPerSecond, int steps);

    // Listens on 127.0.0.1 and returns the port; call from the server's thread.
    quint16 listen();

private:
    void accept();
    void tick();
    QByteArray nextEvent();

    int m_eventsPerSecond;
    int m_steps;
    QTcpServer m_server;
    QPointer<QTcpSocket> m_client;
    bool m_headSent = false;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_sent = 0; // events sent since the clock started
    int m_index = 0; // position in the current run
    qint64 m_seq = 0;
};
