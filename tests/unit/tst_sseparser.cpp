#include "server/protocol/sseparser.h"

#include <QDebug>
#include <QRandomGenerator>
#include <QTest>

#include <climits>

using namespace Qt::StringLiterals;

namespace rill {
// Lets QCOMPARE print events and event lists when they differ.
QDebug operator<<(QDebug debug, const SseEvent &e)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "SseEvent(type=" << e.type << ", data=" << e.data << ", id=" << e.lastEventId
                    << ", retry=" << e.retryMs.value_or(-1) << ')';
    return debug;
}
} // namespace rill

using rill::SseEvent;
using rill::SseParser;

namespace {

SseEvent sse(const QString &data, const QString &type = u"message"_s, const QString &id = {})
{
    return SseEvent { type, data, id, std::nullopt };
}

struct Parsed
{
    QList<SseEvent> events;
    QString lastEventId;
    std::optional<int> retryMs;
};

// Feeds `stream` in chunks of the given sizes (the last one repeating), then finishes it.
Parsed parse(QByteArrayView stream, const QList<qsizetype> &chunkSizes = {})
{
    SseParser parser;
    Parsed result;
    qsizetype pos = 0;
    for (qsizetype i = 0; pos < stream.size(); ++i) {
        const qsizetype size = chunkSizes.isEmpty()
            ? stream.size()
            : qMin(chunkSizes.at(qMin(i, chunkSizes.size() - 1)), stream.size() - pos);
        result.events += parser.feed(stream.sliced(pos, size));
        pos += size;
    }
    parser.finish();
    result.lastEventId = parser.lastEventId();
    result.retryMs = parser.reconnectionTimeMs();
    return result;
}

QList<SseEvent> events(QByteArrayView stream)
{
    return parse(stream).events;
}

// A stream exercising every rule at once; the chunking property test re-splits it everywhere.
QByteArray mixedStream()
{
    return "\xEF\xBB\xBF"
           ": leading comment\r\n"
           "retry: 2500\n"
           "id: first\r"
           "event: greeting\r\n"
           "data: 你好，世界\n"
           "data:  two spaces keep one\r"
           "\r\n"
           "data\n"
           "\n"
           "event: no-data\n"
           "id\n"
           "\r"
           "data: 请问您想听什么曲子？ 🎵\r"
           "foo: unknown\n"
           "retry: 12a\n"
           "id: with\0nul\n"
           "\n"
           "data: bad \xFF utf8 \xE4\xBD\n"
           "id: 42\n"
           ":\n"
           "data:x\r\n"
           "retry: 99999999999\r\n"
           "\r\n"
           "data: \xEF\xBB\xBF"
           "bom inside value\n"
           "\n"
           "event: trailing\n"
           "data: never dispatched"_ba;
}

} // namespace

class TestSseParser : public QObject
{
    Q_OBJECT

private slots:
    void bomIgnored()
    {
        QCOMPARE(events("\xEF\xBB\xBF"
                        "data: x\n\n"),
            QList { sse(u"x"_s) });
    }

    void secondBomKept()
    {
        // The second U+FEFF becomes part of the field name, so the line is an unknown field.
        QCOMPARE(events("\xEF\xBB\xBF\xEF\xBB\xBF"
                        "data: x\n\n"),
            QList<SseEvent>());
    }

    void bomOnlyAtStreamStart()
    {
        QCOMPARE(events("data: a\n\n\xEF\xBB\xBF"
                        "data: b\n\n"),
            QList { sse(u"a"_s) });
        // A blank first line means the stream did not start with a BOM.
        QCOMPARE(events("\n\xEF\xBB\xBF"
                        "data: b\n\n"),
            QList<SseEvent>());
    }

    void bomSplitAcrossChunks()
    {
        const QByteArray stream = "\xEF\xBB\xBF"
                                  "data: x\n\n"_ba;
        QCOMPARE(parse(stream, { 1 }).events, QList { sse(u"x"_s) });
    }

    void bomInsideValueKept()
    {
        QCOMPARE(events("data: \xEF\xBB\xBF"
                        "x\n\n"),
            QList { sse(u"\uFEFFx"_s) });
    }

    void lineEndings_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::newRow("LF") << "data: a\ndata: b\n\n"_ba;
        QTest::newRow("CRLF") << "data: a\r\ndata: b\r\n\r\n"_ba;
        QTest::newRow("CR") << "data: a\rdata: b\r\r"_ba;
        QTest::newRow("mixed") << "data: a\rdata: b\r\n\n"_ba;
    }
    void lineEndings()
    {
        QFETCH(QByteArray, stream);
        QCOMPARE(events(stream), QList { sse(u"a\nb"_s) });
    }

    void crLfSplitAcrossChunks()
    {
        SseParser parser;
        QCOMPARE(parser.feed("data: a\r"), QList<SseEvent>());
        QCOMPARE(parser.feed(""), QList<SseEvent>()); // an empty chunk must not lose the CR
        QCOMPARE(parser.feed("\ndata: b\r"), QList<SseEvent>());
        QCOMPARE(parser.feed("\n\r"), QList { sse(u"a\nb"_s) });
        QCOMPARE(parser.feed("\ndata: c\r"), QList<SseEvent>()); // LF completes the blank CRLF
        QCOMPARE(parser.feed("\r"), QList { sse(u"c"_s) }); // CR CR is two line endings
    }

    void commentsIgnored()
    {
        QCOMPARE(events(": comment\ndata: a\n:\n: data: b\ndata: c\n\n"), QList { sse(u"a\nc"_s) });
        QCOMPARE(events(": only a comment\n\n"), QList<SseEvent>());
    }

    void fieldWithoutColon()
    {
        // "data" appends an empty line, so the buffer is "\n" and the event dispatches with "".
        QCOMPARE(events("data\n\n"), QList { sse(QString()) });
        QCOMPARE(events("data\ndata\n\n"), QList { sse(u"\n"_s) });
        QCOMPARE(events("event: custom\nevent\ndata: x\n\n"), QList { sse(u"x"_s) });
    }

    void leadingSpaceStripping_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<QString>("data");
        QTest::newRow("no space") << "data:x\n\n"_ba << u"x"_s;
        QTest::newRow("one space") << "data: x\n\n"_ba << u"x"_s;
        QTest::newRow("two spaces") << "data:  x\n\n"_ba << u" x"_s;
        QTest::newRow("trailing space") << "data: x \n\n"_ba << u"x "_s;
        QTest::newRow("tab kept") << "data:\tx\n\n"_ba << u"\tx"_s;
        QTest::newRow("only space") << "data: \n\n"_ba << QString();
        QTest::newRow("later colons") << "data: a: b\n\n"_ba << u"a: b"_s;
    }
    void leadingSpaceStripping()
    {
        QFETCH(QByteArray, stream);
        QFETCH(QString, data);
        QCOMPARE(events(stream), QList { sse(data) });
    }

    void dataLinesJoined()
    {
        QCOMPARE(
            events("data: one\ndata: two\ndata: three\n\n"), QList { sse(u"one\ntwo\nthree"_s) });
        // Only the final LF is removed.
        QCOMPARE(events("data: a\ndata\n\n"), QList { sse(u"a\n"_s) });
    }

    void eventType()
    {
        QCOMPARE(events("data: a\n\n"), QList { sse(u"a"_s, u"message"_s) });
        QCOMPARE(events("event: update\ndata: a\n\n"), QList { sse(u"a"_s, u"update"_s) });
        QCOMPARE(
            events("event: first\nevent: second\ndata: a\n\n"), QList { sse(u"a"_s, u"second"_s) });
        QCOMPARE(events("event:\ndata: a\n\n"), QList { sse(u"a"_s, u"message"_s) });
    }

    void eventTypeResetAfterDispatch()
    {
        QCOMPARE(events("event: update\ndata: a\n\ndata: b\n\n"),
            QList({ sse(u"a"_s, u"update"_s), sse(u"b"_s) }));
    }

    void eventTypeChangesBetweenEvents()
    {
        QCOMPARE(events("event: a\ndata: 1\n\nevent: b\ndata: 2\n\nevent: a\ndata: 3\n\n"
                        "event: 曲\ndata: 4\n\nevent:\ndata: 5\n\nevent: a\ndata: 6\n\n"),
            QList({ sse(u"1"_s, u"a"_s), sse(u"2"_s, u"b"_s), sse(u"3"_s, u"a"_s),
                sse(u"4"_s, u"曲"_s), sse(u"5"_s), sse(u"6"_s, u"a"_s) }));
    }

    void idPersistsAcrossEvents()
    {
        const Parsed parsed = parse("id: 1\ndata: a\n\ndata: b\n\nid: 2\ndata: c\n\n");
        QCOMPARE(parsed.events,
            QList({ sse(u"a"_s, u"message"_s, u"1"_s), sse(u"b"_s, u"message"_s, u"1"_s),
                sse(u"c"_s, u"message"_s, u"2"_s) }));
        QCOMPARE(parsed.lastEventId, u"2"_s);
    }

    void idWithNulIgnored()
    {
        const Parsed parsed = parse("id: 1\n\nid: 2\0x\ndata: a\n\n"_ba);
        QCOMPARE(parsed.events, QList { sse(u"a"_s, u"message"_s, u"1"_s) });
        QCOMPARE(parsed.lastEventId, u"1"_s);
    }

    void emptyIdResets_data()
    {
        QTest::addColumn<QByteArray>("reset");
        QTest::newRow("id:") << "id:\n"_ba;
        QTest::newRow("id: ") << "id: \n"_ba;
        QTest::newRow("id") << "id\n"_ba;
    }
    void emptyIdResets()
    {
        QFETCH(QByteArray, reset);
        const Parsed parsed = parse("id: 1\ndata: a\n\n"_ba + reset + "data: b\n\n"_ba);
        QCOMPARE(parsed.events,
            QList({ sse(u"a"_s, u"message"_s, u"1"_s), sse(u"b"_s, u"message"_s, QString()) }));
        QVERIFY(parsed.lastEventId.isEmpty());
    }

    void retry_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<std::optional<int>>("expected");
        const std::optional<int> unchanged = 7;
        QTest::newRow("valid") << "retry: 3000"_ba << std::optional<int>(3000);
        QTest::newRow("zero") << "retry: 0"_ba << std::optional<int>(0);
        QTest::newRow("leading zeros") << "retry: 000000000000000012"_ba << std::optional<int>(12);
        QTest::newRow("no space") << "retry:15"_ba << std::optional<int>(15);
        QTest::newRow("INT_MAX") << "retry: 2147483647"_ba << std::optional<int>(INT_MAX);
        QTest::newRow("trailing letter") << "retry: 12a"_ba << unchanged;
        QTest::newRow("extra leading space") << "retry:  12"_ba << unchanged;
        QTest::newRow("trailing space") << "retry: 12 "_ba << unchanged;
        QTest::newRow("negative") << "retry: -5"_ba << unchanged;
        QTest::newRow("fraction") << "retry: 1.5"_ba << unchanged;
        QTest::newRow("empty") << "retry:"_ba << unchanged;
        QTest::newRow("no colon") << "retry"_ba << unchanged;
        QTest::newRow("INT_MAX + 1 ignored") << "retry: 2147483648"_ba << unchanged;
        QTest::newRow("huge ignored") << "retry: 99999999999999999999"_ba << unchanged;
        QTest::newRow("fullwidth digits") << "retry: １２"_ba << unchanged;
    }
    void retry()
    {
        QFETCH(QByteArray, line);
        QFETCH(std::optional<int>, expected);
        const Parsed parsed = parse("retry: 7\n"_ba + line + "\ndata: a\n\n"_ba);
        QCOMPARE(parsed.retryMs, expected);
        // The reconnection time is parser state, not part of any event.
        QCOMPARE(parsed.events, QList { sse(u"a"_s) });
    }

    void noRetryByDefault() { QCOMPARE(parse("data: a\n\n").retryMs, std::nullopt); }

    void unknownFieldsIgnored()
    {
        QCOMPARE(
            events("foo: bar\nData: x\ndata : y\nDATA: z\ndata: a\n\n"), QList { sse(u"a"_s) });
        QCOMPARE(events("foo: bar\n\n"), QList<SseEvent>());
    }

    void noDispatchOnEmptyDataBuffer()
    {
        const Parsed parsed = parse("event: x\nid: 5\n\n\n\ndata: y\n\n");
        // The event type does not leak into the next event, but the id does.
        QCOMPARE(parsed.events, QList { sse(u"y"_s, u"message"_s, u"5"_s) });
    }

    void unterminatedEventDiscardedAtFinish()
    {
        QCOMPARE(events("data: a\n\ndata: b\n"), QList { sse(u"a"_s) });
        QCOMPARE(events("data: a\n\ndata: b"), QList { sse(u"a"_s) });

        SseParser parser;
        QCOMPARE(parser.feed("event: x\ndata: b\nda"), QList<SseEvent>());
        parser.finish();
        QCOMPARE(parser.feed("ta: c\n\n"), QList<SseEvent>()); // neither "da" nor "data: b" survive
        QCOMPARE(parser.feed("data: d\n\n"), QList { sse(u"d"_s) });
    }

    // The WHATWG Encoding standard's UTF-8 decoder, as browsers' EventSource uses it: one
    // U+FFFD per maximal ill-formed subpart (Unicode 15, section 3.9, "U+FFFD Substitution
    // of Maximal Subparts"). Input in hex, expected output as code points.
    void utf8LikeBrowsers_data()
    {
        QTest::addColumn<QByteArray>("hex");
        QTest::addColumn<QList<char32_t>>("expected");
        constexpr char32_t R = 0xFFFD;
        const auto row = [](const char *hex, QList<char32_t> expected) {
            QTest::newRow(hex) << QByteArray(hex) << expected;
        };
        row("e282", { R }); // truncated 3-byte sequence
        row("f09f98", { R }); // truncated 4-byte sequence
        row("f18080", { R });
        row("c2", { R });
        row("e28241", { R, 'A' }); // the byte that ends a subpart is read again
        row("f09f9841", { R, 'A' });
        row("c241", { R, 'A' });
        row("e228a1", { R, '(', R });
        row("eda080", { R, R, R }); // a surrogate: ED takes 80..9F only
        row("edbfbf", { R, R, R });
        row("c0af", { R, R }); // overlongs: C0 and C1 never lead
        row("c1bf", { R, R });
        row("e080af", { R, R, R }); // E0 takes A0..BF only
        row("e09f80", { R, R, R });
        row("f08080af", { R, R, R, R }); // F0 takes 90..BF only
        row("f08fbfbf", { R, R, R, R });
        row("f4908080", { R, R, R, R }); // past U+10FFFF: F4 takes 80..8F only
        row("f490", { R, R });
        row("f888808080", { R, R, R, R, R }); // 5-byte forms do not exist
        row("80", { R }); // lone continuation bytes
        row("bfbf", { R, R });
        row("fe", { R });
        row("ff", { R });
        row("e180e2f09192f1bf41", { R, R, R, R, 'A' });
        // The Unicode Standard's own example (Table 3-8's neighbour in section 3.9).
        row("61f18080e180c262806380bf64", { 'a', R, R, R, 'b', R, 'c', R, R, 'd' });
        // Well-formed, at the edges of the ranges.
        row("e282ac", { 0x20AC });
        row("f09f9880", { 0x1F600 });
        row("f48fbfbf", { 0x10FFFF });
        row("ed9fbf", { 0xD7FF });
        row("ee8080", { 0xE000 });
        row("efbbbf41", { 0xFEFF, 'A' }); // a BOM inside a value is kept
    }

    void utf8LikeBrowsers()
    {
        QFETCH(QByteArray, hex);
        QFETCH(QList<char32_t>, expected);
        const QByteArray bytes = QByteArray::fromHex(hex);
        QString text; // not QString::fromUcs4, which drops a leading U+FEFF
        for (const char32_t codePoint : expected)
            text += QChar::fromUcs4(codePoint);
        // In data and in id (whose last value the parser keeps), split at every byte.
        const QByteArray stream = "data: " + bytes + "\nid: " + bytes + "\n\n";
        const QList expectedEvents { sse(text, u"message"_s, text) };
        QCOMPARE(parse(stream).events, expectedEvents);
        QCOMPARE(parse(stream, { 1 }).events, expectedEvents);
        for (qsizetype split = 1; split < stream.size(); ++split)
            QCOMPARE(parse(stream, { split, stream.size() }).events, expectedEvents);
    }

    void utf8EndsAtLineEnd()
    {
        // A sequence cut short by the line end is one ill-formed subpart, as for a stateful
        // decoder over the whole stream, and the line end still ends the line.
        QCOMPARE(events("data: \xE4\xBD\ndata: ok\n\n"), QList { sse(u"\uFFFD\nok"_s) });
        QCOMPARE(events("data: \xF0\x9F\x98\r\n\n"), QList { sse(u"\uFFFD"_s) });
        // Bytes that do not decode to a known field name leave it unknown.
        QCOMPARE(events("\xFF"
                        "data: x\n\n"),
            QList<SseEvent>());
    }

    void utf8SplitAcrossChunks()
    {
        const QByteArray stream = "id: 曲\ndata: 你好 🎵 ok\n\n"_ba;
        const QList expected { sse(u"你好 🎵 ok"_s, u"message"_s, u"曲"_s) };
        for (qsizetype split = 0; split <= stream.size(); ++split) {
            SseParser parser;
            QList<SseEvent> got = parser.feed(QByteArrayView(stream).first(split));
            got += parser.feed(QByteArrayView(stream).sliced(split));
            QCOMPARE(got, expected);
        }
        QCOMPARE(parse(stream, { 1 }).events, expected);
    }

    void nulInDataKept()
    {
        QCOMPARE(events("data: a\0b\n\n"_ba), QList { sse(QStringView(u"a\0b", 3).toString()) });
    }

    void resetConnectionKeepsLastEventIdAndRetry()
    {
        SseParser parser;
        QCOMPARE(
            parser.feed("id: 7\nretry: 100\nevent: stale\ndata: partial\nda"), QList<SseEvent>());
        parser.resetConnection();
        QCOMPARE(parser.lastEventId(), u"7"_s);
        QCOMPARE(parser.reconnectionTimeMs(), 100);
        // The new stream may start with its own BOM; nothing of the old partial event remains.
        QCOMPARE(parser.feed("\xEF\xBB\xBF"
                             "data: y\n\n"),
            QList { sse(u"y"_s, u"message"_s, u"7"_s) });

        // A CR ending the old stream must not swallow an LF opening the new one: that LF is a
        // blank first line, so the BOM after it is not at the start of the stream.
        QCOMPARE(parser.feed("data: z\r"), QList<SseEvent>());
        parser.resetConnection();
        QCOMPARE(parser.feed("\n\xEF\xBB\xBF"
                             "data: w\n\ndata: v\n\n"),
            QList { sse(u"v"_s, u"message"_s, u"7"_s) });
    }

    void seedFormatStream()
    {
        const QByteArray stream
            = "data: {\"type\":\"assistant\",\"index\":0,\"content\":\"请问\",\"status\":200}\n\n"
              "data: {\"type\":\"assistant\",\"index\":1,\"content\":\"您想听\",\"status\":200}\n\n"
              "data: "
              "{\"type\":\"assistant\",\"index\":2,\"content\":\"什么曲子？\",\"status\":200}\n\n"
              "data: {\"type\":\"assistant\",\"index\":3,\"content\":\"请问您想听什么曲子？\","
              "\"status\":200}\n\n"_ba;
        const QList expected {
            sse(u"{\"type\":\"assistant\",\"index\":0,\"content\":\"请问\",\"status\":200}"_s),
            sse(u"{\"type\":\"assistant\",\"index\":1,\"content\":\"您想听\",\"status\":200}"_s),
            sse(u"{\"type\":\"assistant\",\"index\":2,\"content\":\"什么曲子？\",\"status\":200}"_s),
            sse(u"{\"type\":\"assistant\",\"index\":3,\"content\":\"请问您想听什么曲子？\","
                "\"status\":200}"_s),
        };
        QCOMPARE(parse(stream).events, expected);
        QCOMPARE(parse(stream, { 1 }).events, expected);
        QCOMPARE(parse(stream, { 3, 5, 7 }).events, expected);
    }

    void mixedStreamReference()
    {
        // Pins down the whole-stream result the chunking test compares against.
        const Parsed parsed = parse(mixedStream());
        const QList expected {
            sse(u"你好，世界\n two spaces keep one"_s, u"greeting"_s, u"first"_s),
            sse(QString(), u"message"_s, u"first"_s),
            sse(u"请问您想听什么曲子？ 🎵"_s),
            sse(u"bad \uFFFD utf8 \uFFFD\nx"_s, u"message"_s, u"42"_s),
            sse(u"\uFEFFbom inside value"_s, u"message"_s, u"42"_s),
        };
        QCOMPARE(parsed.events, expected);
        QCOMPARE(parsed.lastEventId, u"42"_s);
        QCOMPARE(parsed.retryMs, 2500);
    }

    void chunkingDoesNotMatter()
    {
        const QByteArray stream = mixedStream();
        const Parsed whole = parse(stream);
        QCOMPARE(whole.events.size(), 5);

        const auto check = [&](const Parsed &chunked, const QList<qsizetype> &sizes) {
            QVERIFY2(chunked.events == whole.events && chunked.lastEventId == whole.lastEventId
                    && chunked.retryMs == whole.retryMs,
                qPrintable(u"chunk sizes: "_s + QDebug::toString(sizes)));
        };
        check(parse(stream, { 1 }), { 1 });

        QRandomGenerator rng(20240601);
        for (int iteration = 0; iteration < 500; ++iteration) {
            QList<qsizetype> sizes;
            for (qsizetype total = 0; total < stream.size(); total += sizes.last())
                sizes.append(rng.bounded(1, 18));
            check(parse(stream, sizes), sizes);
            if (QTest::currentTestFailed())
                return;
        }
    }

    void longLineInTinyChunks()
    {
        // A line spanning many chunks must be accumulated, not rescanned from its start.
        const QByteArray payload(4 << 20, 'x');
        const QByteArray stream = "data: "_ba + payload + "\n\n"_ba;
        const QList<SseEvent> got = parse(stream, { 3 }).events;
        QCOMPARE(got.size(), 1);
        QCOMPARE(got.first().data, QString::fromLatin1(payload));
    }
};

QTEST_APPLESS_MAIN(TestSseParser)

#include "tst_sseparser.moc"
