#include "server/protocol/message.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using rill::Message;

// The expected bytes below are written as plain string literals holding Chinese text;
// they are only meaningful if the compiler stores them as UTF-8.
static_assert(
    sizeof("请") == 4, "the test sources must be compiled with a UTF-8 execution charset");

namespace {

QDateTime seedTime()
{
    return QDateTime(QDate(2026, 11, 24), QTime(12, 0, 0, 123), Qt::UTC);
}

Message make(const QString &type, const QString &content, std::optional<int> status,
    const QJsonObject &extra = {})
{
    Message message;
    message.type = type;
    message.id = u"m-1"_s;
    message.sessionId = u"s-1"_s;
    message.timestamp = seedTime();
    message.content = content;
    message.status = status;
    message.extra = extra;
    return message;
}

// Position of the `"key":` of a top-level field in the compact output, or -1.
qsizetype keyPos(const QByteArray &json, const char *key)
{
    return json.indexOf(QByteArray("\"") + key + "\":");
}

} // namespace

class TestMessage : public QObject
{
    Q_OBJECT
private slots:
    void toJson_seedShapeNullStatus();
    void toJson_seedShapeNumericStatus();
    void toJson_defaultMessageKeepsAllSeedKeys();
    void toJson_chineseStaysRawUtf8();
    void toJson_escaping_data();
    void toJson_escaping();
    void toJson_parsesBackWithQJsonDocument();
    void toJson_extraFieldsFollowStatus();
    void toJson_extraKeysAndValuesEscaped();
    void toJson_extraNeverDuplicatesFixedFields();
    void timestampFormat_data();
    void timestampFormat();
    void fromJson_roundTrip_data();
    void fromJson_roundTrip();
    void fromJson_rejects_data();
    void fromJson_rejects();
    void fromJson_rejectsWithoutErrorPointer();
    void fromJson_unknownFieldsKeptInExtra();
    void fromJson_seedMinimalDone();
    void fromJson_pythonJsonDumps();
    void fromJson_timestamp();
};

void TestMessage::toJson_seedShapeNullStatus()
{
    const Message message
        = make(rill::MessageType::Planning, u"1. 下载歌曲"_s, std::nullopt, { { u"step"_s, 1 } });
    QCOMPARE(message.toJson(),
        QByteArrayLiteral("{\"type\":\"planning\",\"id\":\"m-1\",\"sessionId\":\"s-1\","
                          "\"timestamp\":\"2026-11-24T12:00:00.123Z\",\"content\":\"1. 下载歌曲\","
                          "\"status\":null,\"step\":1}"));
}

void TestMessage::toJson_seedShapeNumericStatus()
{
    const Message message = make(rill::MessageType::Assistant, u"请问您想听什么曲子？"_s, 200);
    QCOMPARE(message.toJson(),
        QByteArrayLiteral("{\"type\":\"assistant\",\"id\":\"m-1\",\"sessionId\":\"s-1\","
                          "\"timestamp\":\"2026-11-24T12:00:00.123Z\","
                          "\"content\":\"请问您想听什么曲子？\",\"status\":200}"));

    Message negative = make(rill::MessageType::Error, u"x"_s, -1);
    QVERIFY(negative.toJson().endsWith(",\"status\":-1}"));
    negative.status = 0;
    QVERIFY(negative.toJson().endsWith(",\"status\":0}"));
}

void TestMessage::toJson_defaultMessageKeepsAllSeedKeys()
{
    // Agents leave id, sessionId and timestamp empty for the transport to stamp; the
    // output must still carry every seed key in order and stay valid JSON.
    QCOMPARE(Message().toJson(),
        QByteArrayLiteral("{\"type\":\"\",\"id\":\"\",\"sessionId\":\"\",\"timestamp\":\"\","
                          "\"content\":\"\",\"status\":null}"));
}

void TestMessage::toJson_chineseStaysRawUtf8()
{
    const QString greeting = u"请问您想听什么曲子？"_s;
    const QByteArray json = make(rill::MessageType::Assistant, greeting, 200).toJson();
    // 请 is E8 AF B7 in UTF-8; spell the first bytes out so the check does not depend on
    // the same conversion as the code under test.
    QVERIFY(json.contains("\xE8\xAF\xB7\xE9\x97\xAE"));
    QVERIFY(json.contains(greeting.toUtf8()));
    QVERIFY2(!json.contains("\\u"), json.constData());
    QCOMPARE(QString::fromUtf8(json).count(greeting), 1);
}

void TestMessage::toJson_escaping_data()
{
    QTest::addColumn<QString>("content");
    QTest::addColumn<QByteArray>("escaped");

    QTest::newRow("newline") << u"a\nb"_s << QByteArrayLiteral("a\\nb");
    QTest::newRow("carriage return") << u"a\r\nb"_s << QByteArrayLiteral("a\\r\\nb");
    QTest::newRow("tab") << u"a\tb"_s << QByteArrayLiteral("a\\tb");
    QTest::newRow("quote") << u"say \"hi\""_s << QByteArrayLiteral("say \\\"hi\\\"");
    QTest::newRow("backslash") << u"C:\\music\\"_s << QByteArrayLiteral("C:\\\\music\\\\");
    QTest::newRow("U+0001") << QString(QChar(0x0001)) << QByteArrayLiteral("\\u0001");
    QTest::newRow("U+001F") << (u"x"_s + QChar(0x001F)) << QByteArrayLiteral("x\\u001f");
    QTest::newRow("NUL") << QString(QChar(0x0000)) << QByteArrayLiteral("\\u0000");
    QTest::newRow("backspace and form feed") << u"\b\f"_s << QByteArrayLiteral("\\b\\f");
    QTest::newRow("slash and DEL stay") << (u"a/b"_s + QChar(0x7F)) << QByteArrayLiteral("a/b\x7F");
    QTest::newRow("mixed with Chinese")
        << u"**《晴天》**\n\t\"引号\" \\ 完"_s
        << QByteArrayLiteral("**《晴天》**\\n\\t\\\"引号\\\" \\\\ 完");
    QTest::newRow("emoji (surrogate pair)") << u"🎵"_s << QByteArrayLiteral("\xF0\x9F\x8E\xB5");
    // Qt's reader drops a raw U+FEFF at the start of a string; escaped, it is kept.
    QTest::newRow("leading U+FEFF") << u"\uFEFF\uFEFFx"_s << QByteArrayLiteral("\\ufeff\\ufeffx");
    QTest::newRow("U+FEFF inside") << u"a\uFEFF"_s << QByteArrayLiteral("a\\ufeff");
    QTest::newRow("other EF-led characters stay raw")
        << u"好，\uFEFE"_s << QByteArrayLiteral("\xE5\xA5\xBD\xEF\xBC\x8C\xEF\xBB\xBE");
}

void TestMessage::toJson_escaping()
{
    QFETCH(QString, content);
    QFETCH(QByteArray, escaped);

    const QByteArray json = make(rill::MessageType::Assistant, content, 200).toJson();
    QVERIFY2(json.contains("\"content\":\"" + escaped + "\",\"status\":200}"), json.constData());
    // No raw control character may survive: they are illegal inside JSON strings.
    for (const char c : json)
        QVERIFY2(static_cast<unsigned char>(c) >= 0x20, json.toHex(' ').constData());

    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(document.object().value(u"content"_s).toString(), content);
}

void TestMessage::toJson_parsesBackWithQJsonDocument()
{
    const QJsonObject extra { { u"step"_s, 2 }, { u"state"_s, u"running"_s }, { u"ratio"_s, 0.5 },
        { u"flag"_s, true }, { u"nothing"_s, QJsonValue::Null },
        { u"list"_s, QJsonArray { 1, u"二"_s } },
        { u"nested"_s, QJsonObject { { u"k"_s, u"值"_s } } } };
    const Message message = make(rill::MessageType::Step, u"正在分析歌曲…\n\"ok\""_s, 201, extra);
    const QByteArray json = message.toJson();

    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QVERIFY(document.isObject());
    const QJsonObject object = document.object();
    QCOMPARE(object.value(u"type"_s).toString(), message.type);
    QCOMPARE(object.value(u"id"_s).toString(), message.id);
    QCOMPARE(object.value(u"sessionId"_s).toString(), message.sessionId);
    QCOMPARE(object.value(u"timestamp"_s).toString(), u"2026-11-24T12:00:00.123Z"_s);
    QCOMPARE(object.value(u"content"_s).toString(), message.content);
    QCOMPARE(object.value(u"status"_s).toInt(), 201);
    for (auto it = extra.constBegin(); it != extra.constEnd(); ++it)
        QCOMPARE(object.value(it.key()), it.value());
    QCOMPARE(object.size(), 6 + extra.size());
    // Compact: no whitespace between tokens (the only spaces are inside strings here).
    QVERIFY(!json.contains(": "));
    QVERIFY(!json.contains(", "));
    QVERIFY(!json.contains('\n'));
}

void TestMessage::toJson_extraFieldsFollowStatus()
{
    const Message message = make(rill::MessageType::Step, u"正在下载歌曲…"_s, std::nullopt,
        { { u"step"_s, 1 }, { u"state"_s, u"running"_s }, { u"aardvark"_s, 0 } });
    const QByteArray json = message.toJson();

    const char *const seedKeys[] = { "type", "id", "sessionId", "timestamp", "content", "status" };
    qsizetype previous = -1;
    for (const char *key : seedKeys) {
        const qsizetype pos = keyPos(json, key);
        QVERIFY2(pos > previous, key);
        previous = pos;
    }
    // Even a key sorting before "type" comes after the seed's six.
    for (const char *key : { "step", "state", "aardvark" })
        QVERIFY2(keyPos(json, key) > previous, key);
    QVERIFY(json.contains("\"status\":null,"));
    QVERIFY(json.contains("\"state\":\"running\""));
    QVERIFY(json.contains("\"step\":1"));
}

void TestMessage::toJson_extraKeysAndValuesEscaped()
{
    const Message message = make(rill::MessageType::Step, u"x"_s, std::nullopt,
        { { u"we\"ird\nkey"_s, u"line\nbreak 中"_s },
            { u"obj"_s, QJsonObject { { u"t"_s, u"a\tb"_s } } } });
    const QByteArray json = message.toJson();
    QVERIFY2(json.contains("\"we\\\"ird\\nkey\":\"line\\nbreak 中\""), json.constData());
    QVERIFY2(json.contains("\"obj\":{\"t\":\"a\\tb\"}"), json.constData());

    const QJsonObject object = QJsonDocument::fromJson(json).object();
    QCOMPARE(object.value(u"we\"ird\nkey"_s).toString(), u"line\nbreak 中"_s);
    QCOMPARE(object.value(u"obj"_s).toObject().value(u"t"_s).toString(), u"a\tb"_s);
}

void TestMessage::toJson_extraNeverDuplicatesFixedFields()
{
    const auto countOf = [](const QByteArray &json, const char *key) {
        return json.count(QByteArray("\"") + key + "\":");
    };
    // Through make()...
    const Message made = make(rill::MessageType::Step, u"x"_s, std::nullopt,
        { { u"sessionId"_s, u"someone-else"_s }, { u"type"_s, u"done"_s }, { u"step"_s, 2 } });
    const QByteArray json = made.toJson();
    QCOMPARE(countOf(json, "sessionId"), 1);
    QCOMPARE(countOf(json, "type"), 1);
    QCOMPARE(QJsonDocument::fromJson(json).object().value(u"sessionId"_s).toString(), u"s-1"_s);
    QCOMPARE(QJsonDocument::fromJson(json).object().value(u"step"_s).toInt(), 2);

    // ...and through JSON: Qt reads the key "\uFEFFtype" back as "type" (found by fuzzing).
    const std::optional<Message> parsed = Message::fromJson(
        "{\"type\":\"assistant\",\"content\":\"hi\",\"\xEF\xBB\xBFtype\":\"error\"}");
    QVERIFY(parsed);
    const QByteArray written = parsed->toJson();
    QCOMPARE(countOf(written, "type"), 1);
    QCOMPARE(Message::fromJson(written)->type, u"assistant"_s);

    // A key that really starts with U+FEFF is written escaped, so it stays its own key.
    const Message withBomKey
        = make(rill::MessageType::Step, u"x"_s, std::nullopt, { { u"\uFEFFtype"_s, u"error"_s } });
    const std::optional<Message> readBack = Message::fromJson(withBomKey.toJson());
    QVERIFY(readBack);
    QCOMPARE(readBack->type, u"step"_s);
    QCOMPARE(readBack->extra.value(u"\uFEFFtype"_s).toString(), u"error"_s);
}

void TestMessage::timestampFormat_data()
{
    QTest::addColumn<QDateTime>("time");
    QTest::addColumn<QString>("expected");

    QTest::newRow("seed") << seedTime() << u"2026-11-24T12:00:00.123Z"_s;
    QTest::newRow("zero ms") << QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC)
                             << u"2026-01-02T03:04:05.000Z"_s;
    QTest::newRow("offset +08:00 converted to UTC")
        << QDateTime(QDate(2026, 11, 24), QTime(20, 0, 0, 123), Qt::OffsetFromUTC, 8 * 3600)
        << u"2026-11-24T12:00:00.123Z"_s;
    QTest::newRow("offset crossing midnight") << QDateTime(QDate(2026, 11, 25), QTime(1, 30, 0, 7),
        Qt::OffsetFromUTC, 2 * 3600) << u"2026-11-24T23:30:00.007Z"_s;
    QTest::newRow("local time converted to UTC")
        << seedTime().toLocalTime() << u"2026-11-24T12:00:00.123Z"_s;
}

void TestMessage::timestampFormat()
{
    QFETCH(QDateTime, time);
    QFETCH(QString, expected);

    QCOMPARE(Message::formatTimestamp(time), expected);
    Message message;
    message.timestamp = time;
    QVERIFY(message.toJson().contains("\"timestamp\":\"" + expected.toUtf8() + "\""));
}

void TestMessage::fromJson_roundTrip_data()
{
    QTest::addColumn<Message>("message");

    QTest::newRow("greeting") << make(rill::MessageType::Assistant, u"请问您想听什么曲子？"_s, 200);
    QTest::newRow("planning") << make(
        rill::MessageType::Planning, u"1. 下载歌曲"_s, std::nullopt, { { u"step"_s, 1 } });
    QTest::newRow("step") << make(rill::MessageType::Step, u"节奏 120 BPM，C 调"_s, std::nullopt,
        { { u"step"_s, 2 }, { u"state"_s, u"done"_s } });
    QTest::newRow("escapes") << make(rill::MessageType::Delta,
        u"a\nb\r\tc\"d\\e"_s + QChar(0x0001) + QChar(0x001F), std::nullopt);
    QTest::newRow("error") << make(rill::MessageType::Error, u"boom"_s, 500);
    QTest::newRow("nested extra") << make(u"custom-type"_s, u""_s, 0,
        { { u"data"_s, QJsonObject { { u"list"_s, QJsonArray { 1, 2.5, u"三"_s } } } } });
    QTest::newRow("empty") << Message();
}

void TestMessage::fromJson_roundTrip()
{
    QFETCH(Message, message);

    QString error;
    const std::optional<Message> parsed = Message::fromJson(message.toJson(), &error);
    QVERIFY2(parsed.has_value(), qPrintable(error));
    QCOMPARE(parsed->type, message.type);
    QCOMPARE(parsed->id, message.id);
    QCOMPARE(parsed->sessionId, message.sessionId);
    QCOMPARE(parsed->timestamp, message.timestamp);
    QCOMPARE(parsed->content, message.content);
    QCOMPARE(parsed->status, message.status);
    QCOMPARE(parsed->extra, message.extra);
    QVERIFY(*parsed == message);
    // Serialising again is stable.
    QCOMPARE(parsed->toJson(), message.toJson());
}

void TestMessage::fromJson_rejects_data()
{
    QTest::addColumn<QByteArray>("json");

    QTest::newRow("empty") << QByteArray();
    QTest::newRow("whitespace") << QByteArrayLiteral("  \n");
    QTest::newRow("array") << QByteArrayLiteral("[{\"type\":\"done\"}]");
    QTest::newRow("empty array") << QByteArrayLiteral("[]");
    QTest::newRow("string") << QByteArrayLiteral("\"done\"");
    QTest::newRow("number") << QByteArrayLiteral("42");
    QTest::newRow("null") << QByteArrayLiteral("null");
    QTest::newRow("truncated") << QByteArrayLiteral("{\"type\":\"done\",\"content\":\"完");
    QTest::newRow("missing value") << QByteArrayLiteral("{\"type\":}");
    QTest::newRow("trailing garbage") << QByteArrayLiteral("{\"type\":\"done\"} x");
    QTest::newRow("single quotes") << QByteArrayLiteral("{'type':'done'}");
    QTest::newRow("SSE framing left on") << QByteArrayLiteral("data: {\"type\":\"done\"}");
}

void TestMessage::fromJson_rejects()
{
    QFETCH(QByteArray, json);

    QString error;
    QVERIFY(!Message::fromJson(json, &error).has_value());
    QVERIFY2(!error.trimmed().isEmpty(), "a rejected message must say why");
}

void TestMessage::fromJson_rejectsWithoutErrorPointer()
{
    QVERIFY(!Message::fromJson(QByteArrayLiteral("[1]")).has_value());
    QVERIFY(!Message::fromJson(QByteArrayLiteral("{")).has_value());
    QVERIFY(Message::fromJson(QByteArrayLiteral("{}")).has_value());
}

void TestMessage::fromJson_unknownFieldsKeptInExtra()
{
    const QByteArray json = QByteArrayLiteral(
        "{\"type\":\"step\",\"id\":\"e1\",\"content\":\"x\",\"status\":null,\"step\":2,"
        "\"state\":\"running\",\"custom\":{\"a\":[1,\"b\"]},\"flag\":false}");
    QString error;
    const std::optional<Message> message = Message::fromJson(json, &error);
    QVERIFY2(message.has_value(), qPrintable(error));
    QCOMPARE(message->type, rill::MessageType::Step);
    QCOMPARE(message->id, u"e1"_s);
    QCOMPARE(message->content, u"x"_s);
    QVERIFY(!message->status.has_value());
    const QJsonObject expected { { u"step"_s, 2 }, { u"state"_s, u"running"_s },
        { u"custom"_s, QJsonObject { { u"a"_s, QJsonArray { 1, u"b"_s } } } },
        { u"flag"_s, false } };
    QCOMPARE(message->extra, expected);
    QCOMPARE(message->stepIndex(), 2);
    QCOMPARE(message->stepState(), u"running"_s);
    // The seed's own fields never leak into extra.
    for (const QString &key :
        { u"type"_s, u"id"_s, u"sessionId"_s, u"timestamp"_s, u"content"_s, u"status"_s })
        QVERIFY2(!message->extra.contains(key), qPrintable(key));
}

void TestMessage::fromJson_seedMinimalDone()
{
    QString error;
    const std::optional<Message> message
        = Message::fromJson(QByteArrayLiteral("{\"type\":\"done\",\"content\":\"完成\"}"), &error);
    QVERIFY2(message.has_value(), qPrintable(error));
    QCOMPARE(message->type, rill::MessageType::Done);
    QCOMPARE(message->content, u"完成"_s);
    QVERIFY(message->id.isEmpty());
    QVERIFY(message->sessionId.isEmpty());
    QVERIFY(!message->timestamp.isValid());
    QVERIFY(!message->status.has_value());
    QVERIFY(message->extra.isEmpty());
    QCOMPARE(message->stepIndex(), 0);
}

void TestMessage::fromJson_pythonJsonDumps()
{
    // The seed's Python server writes json.dumps() defaults: spaced separators and
    // ensure_ascii, so Chinese arrives as \u escapes.
    const QByteArray json = QByteArrayLiteral("{\"type\": \"assistant\", \"content\": "
                                              "\"\\u8bf7\\u95ee\\u60a8\\u60f3\\u542c\\u4ec0\\u4e48"
                                              "\\u66f2\\u5b50\\uff1f\", \"status\": 200}");
    QString error;
    const std::optional<Message> message = Message::fromJson(json, &error);
    QVERIFY2(message.has_value(), qPrintable(error));
    QCOMPARE(message->type, rill::MessageType::Assistant);
    QCOMPARE(message->content, u"请问您想听什么曲子？"_s);
    QCOMPARE(message->status, std::optional<int>(200));
}

void TestMessage::fromJson_timestamp()
{
    const std::optional<Message> message = Message::fromJson(
        QByteArrayLiteral("{\"type\":\"planning\",\"timestamp\":\"2026-11-24T12:00:00.123Z\"}"));
    QVERIFY(message.has_value());
    QVERIFY(message->timestamp.isValid());
    QCOMPARE(message->timestamp, seedTime());
    QCOMPARE(message->timestamp.toUTC().time().msec(), 123);
    QCOMPARE(Message::formatTimestamp(message->timestamp), u"2026-11-24T12:00:00.123Z"_s);

    const std::optional<Message> offset
        = Message::fromJson(QByteArrayLiteral("{\"timestamp\":\"2026-11-24T20:00:00.123+08:00\"}"));
    QVERIFY(offset.has_value());
    QCOMPARE(offset->timestamp, seedTime());
}

QTEST_GUILESS_MAIN(TestMessage)
#include "tst_message.moc"
