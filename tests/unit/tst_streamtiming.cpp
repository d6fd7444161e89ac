// The timing analyser behind `rill listen --timing` and the stream inspector,
// fed synthetic timelines: live streams, buffered ones, and the cases between.
#include "ui/net/streamtiming.h"

#include <QTest>

#include <initializer_list>

using rill::EventTiming;
using rill::StreamTiming;

namespace {

// Feeds a request at 0 and events at the given times; returns the last timing.
QList<EventTiming> feed(StreamTiming &timing, std::initializer_list<qint64> times)
{
    QList<EventTiming> out;
    for (const qint64 at : times)
        out.append(timing.eventArrived(at));
    return out;
}

} // namespace

class TestStreamTiming : public QObject
{
    Q_OBJECT

private slots:
    void liveStreamIsLive()
    {
        StreamTiming timing;
        timing.requestSent(100);
        const QList<EventTiming> events = feed(timing, { 103, 403, 703, 1003, 1303, 1303 });
        QCOMPARE(events.at(0).sequence, 0);
        QCOMPARE(events.at(0).sinceRequestMs, 3);
        QCOMPARE(events.at(0).gapMs, 3); // the first gap is the wait for the first event
        QCOMPARE(events.at(2).sinceRequestMs, 603);
        QCOMPARE(events.at(2).gapMs, 300);
        QCOMPARE(events.at(5).gapMs, 0);
        for (const EventTiming &event : events)
            QVERIFY(!event.burst);
        QVERIFY(!timing.isBuffered());
        QCOMPARE(timing.eventCount(), 6);
        QCOMPARE(timing.verdict(), QStringLiteral("live (6 events over 1.2 s)"));
    }

    void everythingAtTheEndIsBuffered()
    {
        // The seed's bug: five events produced over a second, sent in one write.
        StreamTiming timing;
        timing.requestSent(0);
        const QList<EventTiming> events = feed(timing, { 1004, 1004, 1004, 1005, 1005 });
        QVERIFY(!events.at(0).burst);
        QVERIFY(!events.at(1).burst); // two are not enough yet
        QVERIFY(events.at(2).burst); // the third makes the run a burst...
        QCOMPARE(events.at(2).burst->firstEvent, 0); // ...from its start
        QCOMPARE(events.at(4).burst->events, 5);
        QCOMPARE(events.at(4).burst->spanMs, 1);
        QCOMPARE(events.at(4).burst->silenceMs, 1004);
        QVERIFY(timing.isBuffered());
        QCOMPARE(timing.burstCount(), 1);
        QCOMPARE(
            timing.verdict(), QStringLiteral("buffered: 5 events in 1 ms after 1.0 s of silence"));
    }

    void fastServerWithoutSilenceIsLive()
    {
        // Step delay 0: everything comes at once, but at once after the request.
        StreamTiming timing;
        timing.requestSent(0);
        feed(timing, { 2, 2, 3, 3, 4, 4, 5 });
        QVERIFY(!timing.isBuffered());
        QVERIFY(timing.verdict().startsWith(QStringLiteral("live")));
    }

    void twoEventsAfterSilenceAreNotABurst()
    {
        // A last answer and its `done` often travel together after a step.
        StreamTiming timing;
        timing.requestSent(0);
        feed(timing, { 10, 2000, 2000 });
        QVERIFY(!timing.isBuffered());
    }

    void burstAfterALiveStart()
    {
        // A proxy that lets the greeting through, then holds the rest back.
        StreamTiming timing;
        timing.requestSent(0);
        const QList<EventTiming> events = feed(timing, { 5, 300, 2000, 2001, 2002, 2003 });
        QVERIFY(!events.at(1).burst);
        QVERIFY(events.at(5).burst);
        QCOMPARE(events.at(5).burst->firstEvent, 2);
        QCOMPARE(events.at(5).burst->events, 4);
        QCOMPARE(events.at(5).burst->spanMs, 3);
        QCOMPARE(events.at(5).burst->silenceMs, 1700);
        QCOMPARE(
            timing.verdict(), QStringLiteral("buffered: 4 events in 3 ms after 1.7 s of silence"));
    }

    void pingsDoNotBreakTheSilence()
    {
        // Heartbeat comments are not events and are never fed: the silence
        // before the burst is measured between events.
        StreamTiming timing;
        timing.requestSent(0);
        feed(timing, { 20, 3000, 3000, 3000 });
        QCOMPARE(timing.largestBurst()->silenceMs, 2980);
    }

    void gapsJustOverTheLimitBreakTheRun()
    {
        StreamTiming timing;
        timing.requestSent(0);
        feed(timing, { 1000, 1006, 1012, 1018 });
        QVERIFY(!timing.isBuffered());
    }

    void silenceJustUnderTheLimitIsLive()
    {
        StreamTiming timing;
        timing.requestSent(0);
        feed(timing, { 499, 499, 499 });
        QVERIFY(!timing.isBuffered());
        StreamTiming exactly;
        exactly.requestSent(0);
        feed(exactly, { 500, 500, 500 });
        QVERIFY(exactly.isBuffered());
    }

    void severalBurstsReportTheLargest()
    {
        // A proxy flushing whenever its buffer fills: burst, silence, burst.
        StreamTiming timing;
        timing.requestSent(0);
        feed(timing, { 800, 800, 800, 1600, 1600, 1600, 1601, 1601 });
        QCOMPARE(timing.burstCount(), 2);
        QCOMPARE(timing.largestBurst()->firstEvent, 3);
        QCOMPARE(timing.largestBurst()->events, 5);
        QCOMPARE(timing.verdict(),
            QStringLiteral("buffered: 5 events in 1 ms after 0.8 s of silence, 2 bursts"));
    }

    void reconnectStartsANewRun()
    {
        StreamTiming timing;
        timing.requestSent(0);
        feed(timing, { 5, 305 });
        // The connection drops; the client comes back a second later and the
        // server replays what it missed at once: a replay, not buffering.
        timing.requestSent(1400);
        const QList<EventTiming> events = feed(timing, { 1410, 1410, 1410 });
        QCOMPARE(events.at(0).sinceRequestMs, 10);
        QCOMPARE(events.at(0).gapMs, 1105);
        QVERIFY(!timing.isBuffered());
        // A resumed stream that then goes quiet and bursts is buffered again.
        feed(timing, { 2600, 2600, 2601 });
        QVERIFY(timing.isBuffered());
        QCOMPARE(timing.largestBurst()->silenceMs, 1190);
    }

    void optionsChangeTheThresholds()
    {
        StreamTiming strict({ .minBurstEvents = 2, .maxBurstGapMs = 20, .minSilenceMs = 100 });
        strict.requestSent(0);
        feed(strict, { 150, 165 });
        QVERIFY(strict.isBuffered());
        QCOMPARE(strict.largestBurst()->spanMs, 15);
    }

    void noEventsSaysSo()
    {
        StreamTiming timing;
        timing.requestSent(0);
        QCOMPARE(timing.verdict(), QStringLiteral("no events"));
        // Without a request, the first event starts the clock.
        StreamTiming unannounced;
        QCOMPARE(unannounced.eventArrived(7000).gapMs, 0);
    }
};

QTEST_APPLESS_MAIN(TestStreamTiming)
#include "tst_streamtiming.moc"
