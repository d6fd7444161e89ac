// SSE parser throughput (target ≥ 500 MB/s, docs/benchmarks.md): Rill-shaped
// events, 32 MiB of them, fed to SseParser in 16 KiB chunks as a socket
// would deliver them. Not a CTest test; run by scripts/bench, or by hand:
//   build/tests/bench/bench_sseparser            (Qt Test's report, then one JSON line)
#include "server/protocol/message.h"
#include "server/protocol/sseencoder.h"
#include "server/protocol/sseparser.h"

#include <QElapsedTimer>
#include <QTest>

#include <cstdio>

using namespace rill;

class BenchSseParser : public QObject
{
    Q_OBJECT

    QByteArray m_stream;
    qsizetype m_eventsPerPass = 0;
    qint64 m_bytes = 0;
    qint64 m_events = 0;
    qint64 m_nanoseconds = 0;
    static constexpr qsizetype kChunk = 16 * 1024;

private slots:
    void initTestCase()
    {
        // Events as Rill sends them: an id line and one data line of JSON with
        // Chinese content, a few padded ones, and a heartbeat now and then.
        int seq = 0;
        while (m_stream.size() < 32 * 1024 * 1024) {
            Message message = Message::make(MessageType::Step,
                QStringLiteral("正在分析歌曲… step %1 ").arg(seq) + QString(seq % 7 * 40, u'x'),
                std::nullopt,
                { { QStringLiteral("step"), seq % 50 },
                    { QStringLiteral("state"), QStringLiteral("running") } });
            message.id = QStringLiteral("54e91e40-f5c8-400f-a206-1076917248b3");
            message.sessionId = QStringLiteral("7749a2e6-ca2d-4741-acae-919e75d625c9");
            message.timestamp = QDateTime::currentDateTimeUtc();
            m_stream += SseEncoder::encode(message.toJson(),
                "7749a2e6-ca2d-4741-acae-919e75d625c9:" + QByteArray::number(++seq));
            if (seq % 100 == 0)
                m_stream += ": ping\n\n";
        }
        m_eventsPerPass = seq;
    }

    void feedLargeStream()
    {
        QBENCHMARK
        {
            QElapsedTimer clock;
            clock.start();
            SseParser parser;
            qsizetype events = 0;
            for (qsizetype at = 0; at < m_stream.size(); at += kChunk)
                events += parser
                              .feed(QByteArrayView(m_stream).sliced(
                                  at, qMin(kChunk, m_stream.size() - at)))
                              .size();
            m_nanoseconds += clock.nsecsElapsed();
            m_bytes += m_stream.size();
            m_events += events;
            QCOMPARE(events, m_eventsPerPass);
        }
    }

    void cleanupTestCase()
    {
        const double seconds = double(m_nanoseconds) / 1e9;
        const double mbPerS = double(m_bytes) / 1e6 / seconds;
        std::printf("SSE parser: %.0f MB/s, %.0f events/s\n", mbPerS, double(m_events) / seconds);
        std::printf("{\"mb_per_s\":%.1f,\"events_per_s\":%.0f,\"mb\":%.1f,\"chunk\":%lld}\n",
            mbPerS, double(m_events) / seconds, double(m_stream.size()) / 1e6, qlonglong(kChunk));
    }
};

QTEST_GUILESS_MAIN(BenchSseParser)
#include "bench_sseparser.moc"
