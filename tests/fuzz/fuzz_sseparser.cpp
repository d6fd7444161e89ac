// libFuzzer target for SseParser: whatever bytes a server (or a proxy, or an attacker)
// sends, the parser must not crash, and what it makes of them must not depend on how the
// bytes were split into reads, nor on a reconnect in between.
//
// Input layout: byte 0 seeds the chunk sizes, the rest is the stream.
#include "server/protocol/message.h"
#include "server/protocol/sseencoder.h"
#include "server/protocol/sseparser.h"
#include "server/protocol/utf8decoder.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QStringDecoder>
#include <QStringEncoder>
#include <QStringList>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace Qt::StringLiterals;
using rill::SseEvent;
using rill::SseParser;

namespace {

struct Parsed
{
    QList<SseEvent> events;
    QString lastEventId;
    std::optional<int> retryMs;
};

void check(bool condition, const char *what)
{
    if (!condition) {
        std::fprintf(stderr, "invariant violated: %s\n", what);
        std::abort();
    }
}

// A small deterministic generator, so that a crashing input replays exactly.
struct Chunker
{
    quint32 state;
    qsizetype next(qsizetype remaining)
    {
        state = state * 1664525u + 1013904223u;
        // Mostly tiny chunks (splits inside CRLF, UTF-8 and field names), sometimes big ones.
        const quint32 r = state >> 16;
        const qsizetype size = (r & 7) == 0 ? qsizetype(r % 512) + 1 : qsizetype(r % 4) + 1;
        return qMin(size, remaining);
    }
};

Parsed parseWith(SseParser &parser, QByteArrayView stream, Chunker *chunker)
{
    Parsed result;
    if (!chunker) {
        result.events = parser.feed(stream);
    } else {
        for (qsizetype pos = 0; pos < stream.size();) {
            const qsizetype size = chunker->next(stream.size() - pos);
            result.events += parser.feed(stream.sliced(pos, size));
            pos += size;
        }
    }
    parser.finish();
    result.lastEventId = parser.lastEventId();
    result.retryMs = parser.reconnectionTimeMs();
    return result;
}

// How the parser decodes one field value: the WHATWG decoder (a leading U+FEFF is kept: it
// is not at the start of the stream).
QString decoded(QByteArrayView utf8)
{
    return rill::decodeUtf8(utf8);
}

// The WHATWG decoder against Qt's where they must agree, and against itself: well-formed
// input decodes as Qt decodes it; whatever the input, what comes out is well-formed (no lone
// surrogate), has at most one unit per byte, and survives encoding and decoding again.
void checkDecoder(QByteArrayView input)
{
    const QString text = rill::decodeUtf8(input);
    check(text.size() <= input.size(), "never more UTF-16 units than bytes");
    if (input.isValidUtf8()) {
        QStringDecoder qt(QStringDecoder::Utf8,
            QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
        check(text == qt(input), "well-formed UTF-8 decodes as Qt decodes it");
    }
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i].isHighSurrogate())
            check(i + 1 < text.size() && text[++i].isLowSurrogate(), "surrogates come in pairs");
        else
            check(!text[i].isLowSurrogate(), "no lone low surrogate");
    }
    const QByteArray again = text.toUtf8();
    check(again.isValidUtf8() && rill::decodeUtf8(again) == text, "decoding is stable");
}

// The server writes whatever an agent says through the encoder: whatever the bytes, they
// must come out as exactly one event with the same data (line breaks become LF), and an id
// and type that lost only their line breaks and NULs, never as extra fields or events.
void checkEncoderRoundTrip(QByteArrayView input)
{
    const qsizetype third = input.size() / 3;
    const QByteArrayView id = input.first(third);
    const QByteArrayView type = input.sliced(third, third);
    const QByteArrayView payload = input.sliced(2 * third);
    const QByteArray encoded = rill::SseEncoder::encode(payload, id, type);

    SseParser parser;
    const QList<SseEvent> events = parser.feed(encoded);
    check(events.size() == 1, "an encoded event parses as exactly one event");

    QStringList lines;
    qsizetype start = 0;
    for (qsizetype i = 0; i < payload.size(); ++i) {
        if (payload[i] != '\n' && payload[i] != '\r')
            continue;
        lines << decoded(payload.sliced(start, i - start));
        if (payload[i] == '\r' && i + 1 < payload.size() && payload[i + 1] == '\n')
            ++i;
        start = i + 1;
    }
    lines << decoded(payload.sliced(start));
    check(events.first().data == lines.join(u'\n'), "the data comes back, line for line");

    const auto oneLine = [](QByteArrayView value) {
        QByteArray out = value.toByteArray();
        out.replace('\r', "").replace('\n', "").replace('\0', "");
        return out;
    };
    check(events.first().lastEventId == decoded(oneLine(id)), "the id comes back, one line");
    const QString expectedType = decoded(oneLine(type));
    check(events.first().type == (expectedType.isEmpty() ? u"message"_s : expectedType),
        "the type comes back, one line");
}

// A client turns each event's data into a Message; the server writes Messages with its own
// JSON writer. Whatever JSON came in, writing it and reading it back must be stable.
void checkMessageRoundTrip(const QString &data)
{
    const std::optional<rill::Message> message = rill::Message::fromJson(data.toUtf8());
    if (!message)
        return;
    const QByteArray written = message->toJson();
    const std::optional<rill::Message> again = rill::Message::fromJson(written);
    check(again.has_value(), "the JSON writer writes JSON that parses");
    // Read back, the fixed fields are what was written (no duplicate key overrides them),
    // except that UTF-8 has no lone surrogates (JSON's "\ud800"): they become U+FFFD.
    // (Decoded keeping a leading U+FEFF: QString::fromUtf8 would drop it.)
    const auto utf8 = [](const QString &text) {
        QStringEncoder encoder(QStringEncoder::Utf8, QStringEncoder::Flag::Stateless);
        return decoded(QByteArray(encoder.encode(text))); // U+FFFD, as the writer does
    };
    check(again->type == utf8(message->type) && again->id == utf8(message->id)
            && again->sessionId == utf8(message->sessionId)
            && again->content == utf8(message->content) && again->status == message->status,
        "a message written and read back keeps its fields");
    // Key order may differ (Qt sorts keys), the object may not. (Qt reads a raw U+FEFF at the
    // start of a key or string back without it; the writer escapes it so nothing is lost.)
    check(QJsonDocument::fromJson(again->toJson()).object()
            == QJsonDocument::fromJson(written).object(),
        "writing a message read back gives the same JSON object");
}

bool sameContent(const QList<SseEvent> &a, const QList<SseEvent> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a[i].type != b[i].type || a[i].data != b[i].data)
            return false;
    }
    return true;
}

void checkEvent(const SseEvent &event)
{
    // Line terminators end fields, so none survives into a value; only data joins its
    // lines with LF.
    check(!event.type.isEmpty(), "an event has a type (\"message\" by default)");
    check(!event.type.contains(u'\r') && !event.type.contains(u'\n'), "type is one line");
    check(!event.data.contains(u'\r'), "data holds no CR");
    check(
        !event.lastEventId.contains(u'\r') && !event.lastEventId.contains(u'\n'), "id is one line");
    check(!event.lastEventId.contains(QChar(0)), "an id with NUL is ignored");
    check(!event.retryMs, "retry is a parser state, not part of an event");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const QByteArrayView stream(reinterpret_cast<const char *>(data) + 1, qsizetype(size) - 1);

    SseParser whole;
    const Parsed reference = parseWith(whole, stream, nullptr);
    for (const SseEvent &event : reference.events) {
        checkEvent(event);
        checkMessageRoundTrip(event.data);
    }
    if (reference.retryMs)
        check(*reference.retryMs >= 0, "retry is never negative");

    // Split anywhere: the same events.
    SseParser split;
    Chunker chunker { data[0] };
    const Parsed chunked = parseWith(split, stream, &chunker);
    check(chunked.events == reference.events, "chunked parse gives the same events");
    check(chunked.lastEventId == reference.lastEventId, "chunked parse gives the same last id");
    check(chunked.retryMs == reference.retryMs, "chunked parse gives the same retry");

    // Byte by byte (bounded, it is quadratic in the worst case of a long partial line).
    if (stream.size() <= 4096) {
        SseParser bytewise;
        QList<SseEvent> events;
        for (qsizetype i = 0; i < stream.size(); ++i)
            events += bytewise.feed(stream.sliced(i, 1));
        bytewise.finish();
        check(events == reference.events, "byte-by-byte parse gives the same events");
        check(bytewise.lastEventId() == reference.lastEventId, "byte-by-byte last id");
    }

    // A reconnect replays the stream on the same parser: the same events (ids aside, they
    // carry over per the spec), the same final id and retry. A half-fed stream cut by
    // resetConnection() must leave nothing behind: no partial line, no half event.
    SseParser reconnecting;
    reconnecting.feed(stream.first(stream.size() / 2));
    reconnecting.resetConnection();
    const Parsed again = parseWith(reconnecting, stream, nullptr);
    check(sameContent(again.events, reference.events), "after a reset, the same events");
    // Complete lines of the first half are lines of the whole stream too, so the id and
    // retry they set are set (or overridden) again by the replay.
    check(again.lastEventId == reference.lastEventId, "after a reset, the same last id");
    check(again.retryMs == reference.retryMs, "after a reset, the same retry");
    reconnecting.resetConnection();
    const Parsed third = parseWith(reconnecting, stream, nullptr);
    check(sameContent(third.events, reference.events), "after two resets, the same events");
    check(third.lastEventId == again.lastEventId, "the id survives reconnects");

    checkEncoderRoundTrip(stream);
    checkDecoder(stream);

    // What the parser produced, the encoder writes back so that it parses the same.
    for (const SseEvent &event : reference.events) {
        SseEvent expected = event;
        expected.type.remove(QChar(0)); // the encoder drops NUL from one-line fields
        if (expected.type.isEmpty())
            expected.type = QStringLiteral("message");
        SseParser roundTrip;
        const QList<SseEvent> back = roundTrip.feed(rill::SseEncoder::encode(event));
        check(back.size() == 1, "an encoded event parses as one event");
        check(back.first() == expected, "encode then parse gives the event back");
    }
    return 0;
}
