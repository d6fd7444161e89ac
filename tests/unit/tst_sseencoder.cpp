#include "server/protocol/message.h"
#include "server/protocol/sseencoder.h"
#include "server/protocol/sseparser.h"

#include <QDebug>
#include <QTest>

using namespace Qt::StringLiterals;
using rill::SseEvent;
using rill::SseParser;
namespace SseEncoder = rill::SseEncoder;

static_assert(
    sizeof("请") == 4, "the test sources must be compiled with a UTF-8 execution charset");

namespace {

struct Parsed
{
    QList<SseEvent> events;
    QString lastEventId;
    std::optional<int> retryMs;
};

// Parses a whole stream at once, then again one byte at a time; both must agree.
Parsed parse(QByteArrayView stream)
{
    SseParser whole;
    Parsed result;
    result.events = whole.feed(stream);
    result.lastEventId = whole.lastEventId();
    result.retryMs = whole.reconnectionTimeMs();

    SseParser bytewise;
    QList<SseEvent> events;
    for (qsizetype i = 0; i < stream.size(); ++i)
        events += bytewise.feed(stream.sliced(i, 1));
    if (events != result.events)
        qWarning() << "byte-by-byte parse differs from whole-stream parse";
    return events == result.events ? result : Parsed {};
}

// The lines of an encoded event, without the terminating blank line.
QList<QByteArray> lines(const QByteArray &encoded)
{
    QList<QByteArray> out = encoded.split('\n');
    // "...\n\n" splits into [..., "", ""].
    while (!out.isEmpty() && out.constLast().isEmpty())
        out.removeLast();
    return out;
}

// The data as a client sees it: every line break becomes LF.
QString normalised(QString text)
{
    return text.replace(u"\r\n"_s, u"\n"_s).replace(u'\r', u'\n');
}

} // namespace

class TestSseEncoder : public QObject
{
    Q_OBJECT
private slots:
    void encode_framing_data();
    void encode_framing();
    void encode_seedMessage();
    void encode_lineBreaksInData_data();
    void encode_lineBreaksInData();
    void encode_singleLineFieldsCannotInject_data();
    void encode_singleLineFieldsCannotInject();
    void encodeEvent_data();
    void encodeEvent();
    void encodeEvent_roundTrip_data();
    void encodeEvent_roundTrip();
    void encodeEvent_nulInIdDropped();
    void retryField();
    void comment_data();
    void comment();
    void streamOfEvents_roundTrip();
};

void TestSseEncoder::encode_framing_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QByteArray>("id");
    QTest::addColumn<QByteArray>("type");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("data only") << QByteArrayLiteral("{\"a\":1}") << QByteArray() << QByteArray()
                               << QByteArrayLiteral("data: {\"a\":1}\n\n");
    QTest::newRow("id and data") << QByteArrayLiteral("{\"type\":\"done\"}")
                                 << QByteArrayLiteral("x") << QByteArray()
                                 << QByteArrayLiteral("id: x\ndata: {\"type\":\"done\"}\n\n");
    QTest::newRow("id, event and data")
        << QByteArrayLiteral("payload") << QByteArrayLiteral("s:7") << QByteArrayLiteral("step")
        << QByteArrayLiteral("id: s:7\nevent: step\ndata: payload\n\n");
    QTest::newRow("event without id")
        << QByteArrayLiteral("p") << QByteArray() << QByteArrayLiteral("ping")
        << QByteArrayLiteral("event: ping\ndata: p\n\n");
    QTest::newRow("empty data") << QByteArray() << QByteArray() << QByteArray()
                                << QByteArrayLiteral("data: \n\n");
    QTest::newRow("leading space kept") << QByteArrayLiteral(" x") << QByteArray() << QByteArray()
                                        << QByteArrayLiteral("data:  x\n\n");
    QTest::newRow("colon in data") << QByteArrayLiteral("a: b") << QByteArray() << QByteArray()
                                   << QByteArrayLiteral("data: a: b\n\n");
    QTest::newRow("UTF-8 raw") << QByteArrayLiteral("完成") << QByteArrayLiteral("会话:1")
                               << QByteArray() << QByteArrayLiteral("id: 会话:1\ndata: 完成\n\n");
}

void TestSseEncoder::encode_framing()
{
    QFETCH(QByteArray, data);
    QFETCH(QByteArray, id);
    QFETCH(QByteArray, type);
    QFETCH(QByteArray, expected);

    const QByteArray encoded = SseEncoder::encode(data, id, type);
    QCOMPARE(encoded, expected);

    const Parsed parsed = parse(encoded);
    QCOMPARE(parsed.events.size(), 1);
    QCOMPARE(parsed.events.first().data, QString::fromUtf8(data));
    QCOMPARE(parsed.events.first().lastEventId, QString::fromUtf8(id));
    QCOMPARE(parsed.events.first().type, type.isEmpty() ? u"message"_s : QString::fromUtf8(type));
}

void TestSseEncoder::encode_seedMessage()
{
    rill::Message message;
    message.type = rill::MessageType::Planning;
    message.id = u"e2"_s;
    message.sessionId = u"s1"_s;
    message.timestamp = QDateTime(QDate(2026, 11, 24), QTime(12, 0, 0, 123), Qt::UTC);
    message.content = u"1. 下载歌曲"_s;
    message.extra.insert(u"step"_s, 1);

    const QByteArray encoded = SseEncoder::encode(message.toJson(), "s1:2");
    QCOMPARE(encoded,
        QByteArrayLiteral("id: s1:2\n"
                          "data: {\"type\":\"planning\",\"id\":\"e2\",\"sessionId\":\"s1\","
                          "\"timestamp\":\"2026-11-24T12:00:00.123Z\",\"content\":\"1. 下载歌曲\","
                          "\"status\":null,\"step\":1}\n\n"));

    const Parsed parsed = parse(encoded);
    QCOMPARE(parsed.events.size(), 1);
    QCOMPARE(parsed.events.first().type, u"message"_s); // browsers' onmessage fires
    const std::optional<rill::Message> back
        = rill::Message::fromJson(parsed.events.first().data.toUtf8());
    QVERIFY(back.has_value());
    QVERIFY(*back == message);
}

void TestSseEncoder::encode_lineBreaksInData_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("LF") << QByteArrayLiteral("a\nb") << QByteArrayLiteral("data: a\ndata: b\n\n");
    QTest::newRow("CRLF") << QByteArrayLiteral("a\r\nb")
                          << QByteArrayLiteral("data: a\ndata: b\n\n");
    QTest::newRow("lone CR") << QByteArrayLiteral("a\rb")
                             << QByteArrayLiteral("data: a\ndata: b\n\n");
    QTest::newRow("CR CR LF is two breaks")
        << QByteArrayLiteral("a\r\r\nb") << QByteArrayLiteral("data: a\ndata: \ndata: b\n\n");
    QTest::newRow("LF CR is two breaks")
        << QByteArrayLiteral("a\n\rb") << QByteArrayLiteral("data: a\ndata: \ndata: b\n\n");
    QTest::newRow("blank line inside")
        << QByteArrayLiteral("a\n\nb") << QByteArrayLiteral("data: a\ndata: \ndata: b\n\n");
    QTest::newRow("trailing LF") << QByteArrayLiteral("a\n")
                                 << QByteArrayLiteral("data: a\ndata: \n\n");
    QTest::newRow("trailing CR") << QByteArrayLiteral("a\r")
                                 << QByteArrayLiteral("data: a\ndata: \n\n");
    QTest::newRow("leading CRLF") << QByteArrayLiteral("\r\na")
                                  << QByteArrayLiteral("data: \ndata: a\n\n");
    QTest::newRow("only a break") << QByteArrayLiteral("\n")
                                  << QByteArrayLiteral("data: \ndata: \n\n");
    QTest::newRow("markdown answer")
        << QByteArrayLiteral("**《晴天》**\r\n\r\n- 时长 4:01\n- 祝您聆听愉快！")
        << QByteArrayLiteral(
               "data: **《晴天》**\ndata: \ndata: - 时长 4:01\ndata: - 祝您聆听愉快！\n\n");
    QTest::newRow("text that looks like fields")
        << QByteArrayLiteral("x\nid: evil\r\nevent: evil\rretry: 1\n\ndata: evil")
        << QByteArrayLiteral("data: x\ndata: id: evil\ndata: event: evil\ndata: retry: 1\n"
                             "data: \ndata: data: evil\n\n");
}

void TestSseEncoder::encode_lineBreaksInData()
{
    QFETCH(QByteArray, data);
    QFETCH(QByteArray, expected);

    const QByteArray encoded = SseEncoder::encode(data, "id-1");
    QCOMPARE(encoded, "id: id-1\n" + expected);

    // Exactly one blank line: the one that ends the event.
    QCOMPARE(encoded.count("\n\n"), 1);
    QVERIFY(encoded.endsWith("\n\n"));
    QVERIFY(!encoded.contains('\r'));

    const Parsed parsed = parse(encoded);
    QCOMPARE(parsed.events.size(), 1);
    QCOMPARE(parsed.events.first().data, normalised(QString::fromUtf8(data)));
    QCOMPARE(parsed.events.first().lastEventId, u"id-1"_s);
    QCOMPARE(parsed.events.first().type, u"message"_s);
    QCOMPARE(parsed.retryMs, std::nullopt);
}

void TestSseEncoder::encode_singleLineFieldsCannotInject_data()
{
    QTest::addColumn<QByteArray>("id");
    QTest::addColumn<QByteArray>("type");

    QTest::newRow("id with LF data") << QByteArrayLiteral("x\ndata: evil") << QByteArray();
    QTest::newRow("id ending the event")
        << QByteArrayLiteral("x\n\ndata: evil\n\n") << QByteArray();
    QTest::newRow("id with CRLF retry") << QByteArrayLiteral("x\r\nretry: 1") << QByteArray();
    QTest::newRow("id with lone CR event") << QByteArrayLiteral("x\revent: evil") << QByteArray();
    QTest::newRow("type with LF data")
        << QByteArrayLiteral("i") << QByteArrayLiteral("step\ndata: evil");
    QTest::newRow("type ending the event")
        << QByteArray() << QByteArrayLiteral("step\r\n\r\ndata: evil\r\n\r\n");
    QTest::newRow("type with lone CR id") << QByteArray() << QByteArrayLiteral("step\rid: evil");
    QTest::newRow("both") << QByteArrayLiteral("a\nid: evil")
                          << QByteArrayLiteral("b\revent: evil");
}

void TestSseEncoder::encode_singleLineFieldsCannotInject()
{
    QFETCH(QByteArray, id);
    QFETCH(QByteArray, type);

    const QByteArray data = QByteArrayLiteral("{\"type\":\"done\"}");
    const QByteArray encoded = SseEncoder::encode(data, id, type);

    QVERIFY2(!encoded.contains('\r'), encoded.constData());
    QCOMPARE(encoded.count("\n\n"), 1);
    const QList<QByteArray> fields = lines(encoded);
    QCOMPARE(fields.size(), 1 + (id.isEmpty() ? 0 : 1) + (type.isEmpty() ? 0 : 1));
    QCOMPARE(fields.constLast(), "data: " + data);
    if (!id.isEmpty())
        QVERIFY(fields.first().startsWith("id: "));
    if (!type.isEmpty())
        QVERIFY(fields.at(id.isEmpty() ? 0 : 1).startsWith("event: "));

    const Parsed parsed = parse(encoded);
    QCOMPARE(parsed.events.size(), 1);
    const SseEvent &event = parsed.events.first();
    QCOMPARE(event.data, QString::fromLatin1(data));
    QVERIFY2(!event.lastEventId.contains(u'\n') && !event.lastEventId.contains(u'\r'),
        qPrintable(event.lastEventId));
    QVERIFY(!event.type.contains(u'\n') && !event.type.contains(u'\r'));
    // The text of the value is kept, only its breaks are gone.
    if (!id.isEmpty())
        QCOMPARE(event.lastEventId, QString::fromLatin1(id).remove(u'\r').remove(u'\n'));
    if (!type.isEmpty())
        QCOMPARE(event.type, QString::fromLatin1(type).remove(u'\r').remove(u'\n'));
    QCOMPARE(parsed.retryMs, std::nullopt);
}

void TestSseEncoder::encodeEvent_data()
{
    QTest::addColumn<SseEvent>("event");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("default type omitted") << SseEvent { u"message"_s, u"hi"_s, u"s:1"_s,
        std::nullopt } << QByteArrayLiteral("id: s:1\ndata: hi\n\n");
    QTest::newRow("empty type omitted") << SseEvent { QString(), u"hi"_s, QString(), std::nullopt }
                                        << QByteArrayLiteral("data: hi\n\n");
    QTest::newRow("custom type") << SseEvent { u"done"_s, u"完成"_s, QString(), std::nullopt }
                                 << QByteArrayLiteral("event: done\ndata: 完成\n\n");
    QTest::newRow("retry first") << SseEvent { u"step"_s, u"a\nb"_s, u"7"_s,
        3000 } << QByteArrayLiteral("retry: 3000\nid: 7\nevent: step\ndata: a\ndata: b\n\n");
    QTest::newRow("retry zero") << SseEvent { QString(), u"x"_s, QString(), 0 }
                                << QByteArrayLiteral("retry: 0\ndata: x\n\n");
    QTest::newRow("id line break dropped") << SseEvent { QString(), u"x"_s, u"a\r\nb"_s,
        std::nullopt } << QByteArrayLiteral("id: ab\ndata: x\n\n");
}

void TestSseEncoder::encodeEvent()
{
    QFETCH(SseEvent, event);
    QFETCH(QByteArray, expected);

    QCOMPARE(SseEncoder::encode(event), expected);
}

void TestSseEncoder::encodeEvent_roundTrip_data()
{
    QTest::addColumn<SseEvent>("event");

    QTest::newRow("plain") << SseEvent { u"message"_s, u"hello"_s, u"s1:0"_s, std::nullopt };
    QTest::newRow("typed") << SseEvent { u"step"_s, u"{\"a\":1}"_s, u"s1:1"_s, std::nullopt };
    QTest::newRow("Chinese") << SseEvent { u"消息"_s, u"请问您想听什么曲子？"_s, u"会话:2"_s,
        std::nullopt };
    QTest::newRow("LF") << SseEvent { u"message"_s, u"one\ntwo\nthree"_s, u"3"_s, std::nullopt };
    QTest::newRow("CRLF") << SseEvent { u"message"_s, u"one\r\ntwo"_s, u"4"_s, std::nullopt };
    QTest::newRow("lone CR") << SseEvent { u"message"_s, u"one\rtwo"_s, u"5"_s, std::nullopt };
    QTest::newRow("mixed breaks") << SseEvent { u"message"_s, u"\ra\n\r\nb\r"_s, u"6"_s,
        std::nullopt };
    QTest::newRow("empty data") << SseEvent { u"message"_s, QString(), u"7"_s, std::nullopt };
    QTest::newRow("spaces") << SseEvent { u" spaced"_s, u"  two leading"_s, u" id"_s,
        std::nullopt };
    QTest::newRow("with retry") << SseEvent { u"message"_s, u"r"_s, u"8"_s, 2500 };
}

void TestSseEncoder::encodeEvent_roundTrip()
{
    QFETCH(SseEvent, event);

    const QByteArray encoded = SseEncoder::encode(event);
    const Parsed parsed = parse(encoded);
    QCOMPARE(parsed.events.size(), 1);
    const SseEvent &back = parsed.events.first();
    QCOMPARE(back.type, event.type);
    QCOMPARE(back.data, normalised(event.data));
    QCOMPARE(back.lastEventId, event.lastEventId);
    QCOMPARE(parsed.lastEventId, event.lastEventId);
    // The parser keeps retry as stream state rather than on the event.
    QCOMPARE(parsed.retryMs, event.retryMs);
}

void TestSseEncoder::encodeEvent_nulInIdDropped()
{
    // Clients ignore an id containing NUL, which would silently break resume.
    const SseEvent event { QString(), u"x"_s, u"a"_s + QChar(0) + u"b"_s, std::nullopt };
    const QByteArray encoded = SseEncoder::encode(event);
    QCOMPARE(encoded, QByteArrayLiteral("id: ab\ndata: x\n\n"));
    QVERIFY(!encoded.contains('\0'));
    const Parsed parsed = parse(encoded);
    QCOMPARE(parsed.events.size(), 1);
    QCOMPARE(parsed.events.first().lastEventId, u"ab"_s);
}

void TestSseEncoder::retryField()
{
    const QByteArray encoded
        = SseEncoder::encode(SseEvent { QString(), u"{}"_s, QString(), 15000 });
    QVERIFY(encoded.startsWith("retry: 15000\n"));
    QCOMPARE(encoded.count("retry:"), 1);

    const Parsed parsed = parse(encoded);
    QCOMPARE(parsed.events.size(), 1);
    QCOMPARE(parsed.retryMs, std::optional<int>(15000));

    // No retry asked for: no retry field at all.
    QVERIFY(!SseEncoder::encode(SseEvent { QString(), u"{}"_s, QString(), std::nullopt })
                 .contains("retry"));
}

void TestSseEncoder::comment_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("ping") << QByteArrayLiteral("ping") << QByteArrayLiteral(": ping\n\n");
    QTest::newRow("empty") << QByteArray() << QByteArrayLiteral(": \n\n");
    QTest::newRow("LF cannot inject data")
        << QByteArrayLiteral("ping\ndata: evil") << QByteArrayLiteral(": pingdata: evil\n\n");
    QTest::newRow("blank line cannot inject an event") << QByteArrayLiteral(
        "a\r\n\r\ndata: evil\r\n\r\n") << QByteArrayLiteral(": adata: evil\n\n");
    QTest::newRow("lone CR") << QByteArrayLiteral("a\rid: evil")
                             << QByteArrayLiteral(": aid: evil\n\n");
}

void TestSseEncoder::comment()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, expected);

    const QByteArray encoded = SseEncoder::comment(text);
    QCOMPARE(encoded, expected);

    SseParser parser;
    QVERIFY(parser.feed(encoded).isEmpty());
    QVERIFY(parser.lastEventId().isEmpty());
    QCOMPARE(parser.reconnectionTimeMs(), std::nullopt);
    // A comment between events disturbs nothing.
    const QList<SseEvent> events = parser.feed(SseEncoder::encode("after", "9"));
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().data, u"after"_s);
}

void TestSseEncoder::streamOfEvents_roundTrip()
{
    // A whole run as the server writes it: events interleaved with heartbeats.
    QList<rill::Message> messages;
    const QStringList contents { u"请问您想听什么曲子？"_s, u"1. 下载歌曲"_s, u"2. 分析歌曲"_s,
        u"3. 解析参数"_s, u"**好**\n\n- 一\r\n- 二"_s, u"完成"_s };
    QByteArray stream;
    for (qsizetype i = 0; i < contents.size(); ++i) {
        rill::Message message;
        message.type
            = i + 1 == contents.size() ? rill::MessageType::Done : rill::MessageType::Assistant;
        message.sessionId = u"s1"_s;
        message.content = contents.at(i);
        messages.append(message);
        stream += SseEncoder::encode(message.toJson(), "s1:" + QByteArray::number(i));
        stream += SseEncoder::comment("ping");
    }

    const Parsed parsed = parse(stream);
    QCOMPARE(parsed.events.size(), messages.size());
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const SseEvent &event = parsed.events.at(i);
        QCOMPARE(event.lastEventId, u"s1:"_s + QString::number(i));
        const std::optional<rill::Message> back = rill::Message::fromJson(event.data.toUtf8());
        QVERIFY(back.has_value());
        // JSON escapes the line breaks, so the content comes back byte for byte.
        QCOMPARE(back->content, messages.at(i).content);
        QCOMPARE(back->type, messages.at(i).type);
    }
    QCOMPARE(parsed.lastEventId, u"s1:5"_s);
}

QTEST_GUILESS_MAIN(TestSseEncoder)
#include "tst_sseencoder.moc"
