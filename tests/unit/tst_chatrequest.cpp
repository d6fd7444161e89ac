#include "server/http/chatrequest.h"

#include <QTest>
#include <QUrlQuery>

using namespace Qt::StringLiterals;
using rill::ChatRequest;
using rill::ChatRequestError;
using rill::ChatRequestLimits;
using rill::ChatRequestParts;

static_assert(
    sizeof("请") == 4, "the test sources must be compiled with a UTF-8 execution charset");

namespace {

// `query` is the raw, percent-encoded query string as it arrives in the URL.
ChatRequestParts parts(const QByteArray &contentType, const QByteArray &body,
    const QString &query = {}, const QByteArray &lastEventIdHeader = {},
    const QByteArray &acceptLanguage = {}, const QByteArray &method = QByteArrayLiteral("POST"))
{
    ChatRequestParts p;
    p.method = method;
    p.query = QUrlQuery(query);
    p.contentType = contentType;
    p.body = body;
    p.lastEventIdHeader = lastEventIdHeader;
    p.acceptLanguage = acceptLanguage;
    return p;
}

const QByteArray kJson = QByteArrayLiteral("application/json");
const QByteArray kForm = QByteArrayLiteral("application/x-www-form-urlencoded");
// With a parameter, so that tests about other rules do not depend on how a bare type is read.
const QByteArray kFormUtf8 = QByteArrayLiteral("application/x-www-form-urlencoded; charset=utf-8");

} // namespace

// Makes a failed std::get readable: the test reports the error instead of throwing.
#define EXPECT_REQUEST(result)                                                                     \
    do {                                                                                           \
        if (const auto *error_ = std::get_if<ChatRequestError>(&(result)))                         \
            QFAIL(qPrintable(u"rejected with %1: %2"_s.arg(error_->status).arg(error_->reason)));  \
    } while (false)

#define EXPECT_ERROR(result)                                                                       \
    do {                                                                                           \
        if (const auto *request_ = std::get_if<ChatRequest>(&(result)))                            \
            QFAIL(qPrintable(u"accepted: sessionId=%1 message=%2"_s.arg(                           \
                request_->sessionId, request_->message)));                                         \
    } while (false)

class TestChatRequest : public QObject
{
    Q_OBJECT
private slots:
    void bareRequest_data();
    void bareRequest();
    void accepted_data();
    void accepted();
    void lastEventId_data();
    void lastEventId();
    void language_data();
    void language();
    void rejected_data();
    void rejected();
    void sessionId_data();
    void sessionId();
    void limits_data();
    void limits();
    void defaultLimits();
    void history();
    void historyLimits();
};

void TestChatRequest::bareRequest_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("contentType");

    // The seed's `curl -N -X POST /chat`: no body, no content type, no query.
    QTest::newRow("POST, nothing") << QByteArrayLiteral("POST") << QByteArray();
    QTest::newRow("POST, JSON type, no body") << QByteArrayLiteral("POST") << kJson;
    QTest::newRow("POST, other type, no body")
        << QByteArrayLiteral("POST") << QByteArrayLiteral("text/plain");
    QTest::newRow("GET") << QByteArrayLiteral("GET") << QByteArray();
}

void TestChatRequest::bareRequest()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, contentType);

    const auto result = rill::parseChatRequest(parts(contentType, {}, {}, {}, {}, method));
    EXPECT_REQUEST(result);
    const ChatRequest request = std::get<ChatRequest>(result);
    QVERIFY(request.sessionId.isEmpty());
    QVERIFY(request.message.isEmpty());
    QVERIFY(request.lastEventId.isEmpty());
    QCOMPARE(request.language, u"zh_CN"_s);
}

void TestChatRequest::accepted_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("sessionId");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("language");

    // JSON body
    QTest::newRow("json") << kJson
                          << QByteArrayLiteral("{\"sessionId\":\"abc\",\"message\":\"我想听晴天\"}")
                          << QString() << u"abc"_s << u"我想听晴天"_s << u"zh_CN"_s;
    QTest::newRow("json, charset and spacing")
        << QByteArrayLiteral("Application/JSON; charset=utf-8")
        << QByteArrayLiteral(" {\n  \"message\": \"hi\"\n} \n") << QString() << QString() << u"hi"_s
        << u"zh_CN"_s;
    QTest::newRow("json, escapes")
        << kJson << QByteArrayLiteral("{\"message\":\"\\u6674\\u5929\\n\\\"x\\\"\"}") << QString()
        << QString() << u"晴天\n\"x\""_s << u"zh_CN"_s;
    QTest::newRow("json, +json type") << QByteArrayLiteral("application/vnd.rill+json")
                                      << QByteArrayLiteral("{\"message\":\"hi\"}") << QString()
                                      << QString() << u"hi"_s << u"zh_CN"_s;
    QTest::newRow("json, no content type")
        << QByteArray() << QByteArrayLiteral("{\"message\":\"hi\"}") << QString() << QString()
        << u"hi"_s << u"zh_CN"_s;
    QTest::newRow("json, nulls") << kJson
                                 << QByteArrayLiteral("{\"sessionId\":null,\"message\":null}")
                                 << QString() << QString() << QString() << u"zh_CN"_s;
    QTest::newRow("json, empty object")
        << kJson << QByteArrayLiteral("{}") << QString() << QString() << QString() << u"zh_CN"_s;
    QTest::newRow("json, unknown fields ignored")
        << kJson << QByteArrayLiteral("{\"message\":\"hi\",\"stream\":true,\"n\":[1]}") << QString()
        << QString() << u"hi"_s << u"zh_CN"_s;
    QTest::newRow("json, lang") << kJson
                                << QByteArrayLiteral("{\"message\":\"hi\",\"lang\":\"en\"}")
                                << QString() << QString() << u"hi"_s << u"en"_s;

    // Query only
    QTest::newRow("query") << QByteArray() << QByteArray()
                           << u"sessionId=abc&message=%E6%99%B4%E5%A4%A9"_s << u"abc"_s << u"晴天"_s
                           << u"zh_CN"_s;
    QTest::newRow("query, %2B and %20")
        << QByteArray() << QByteArray() << u"message=a%2Bb%20c%26d%3De"_s << QString()
        << u"a+b c&d=e"_s << u"zh_CN"_s;
    // The web demo page builds its EventSource URL with URLSearchParams, which writes a
    // space as '+' (application/x-www-form-urlencoded, as the seed's Starlette decodes it).
    QTest::newRow("query, + is a space (URLSearchParams)")
        << QByteArray() << QByteArray() << u"message=play+Yesterday"_s << QString()
        << u"play Yesterday"_s << u"zh_CN"_s;
    QTest::newRow("query, lang") << QByteArray() << QByteArray() << u"message=hi&lang=en"_s
                                 << QString() << u"hi"_s << u"en"_s;
    QTest::newRow("query, whitespace-only body")
        << kJson << QByteArrayLiteral(" \r\n ") << u"message=hi"_s << QString() << u"hi"_s
        << u"zh_CN"_s;

    // JSON body with the query as fallback
    QTest::newRow("json message, query sessionId")
        << kJson << QByteArrayLiteral("{\"message\":\"hi\"}") << u"sessionId=abc"_s << u"abc"_s
        << u"hi"_s << u"zh_CN"_s;
    QTest::newRow("json sessionId, query message")
        << kJson << QByteArrayLiteral("{\"sessionId\":\"abc\"}") << u"message=hi"_s << u"abc"_s
        << u"hi"_s << u"zh_CN"_s;
    QTest::newRow("json empty message, query message")
        << kJson << QByteArrayLiteral("{\"message\":\"\"}") << u"message=hi"_s << QString()
        << u"hi"_s << u"zh_CN"_s;
    QTest::newRow("body wins over query")
        << kJson << QByteArrayLiteral("{\"sessionId\":\"body\",\"message\":\"from body\"}")
        << u"sessionId=query&message=from%20query"_s << u"body"_s << u"from body"_s << u"zh_CN"_s;
    QTest::newRow("json body, lang from query")
        << kJson << QByteArrayLiteral("{\"message\":\"hi\"}") << u"lang=en"_s << QString()
        << u"hi"_s << u"en"_s;
    QTest::newRow("json lang wins over query lang")
        << kJson << QByteArrayLiteral("{\"message\":\"hi\",\"lang\":\"zh_CN\"}") << u"lang=en"_s
        << QString() << u"hi"_s << u"zh_CN"_s;

    // Form body
    QTest::newRow("form, + and %2B") << kForm << QByteArrayLiteral("sessionId=abc&message=a+b%2Bc")
                                     << QString() << u"abc"_s << u"a b+c"_s << u"zh_CN"_s;
    QTest::newRow("form, charset, UTF-8 and lang")
        << QByteArrayLiteral("application/x-www-form-urlencoded; charset=UTF-8")
        << QByteArrayLiteral("message=%E6%88%91%E6%83%B3%E5%90%AC+%E6%99%B4%E5%A4%A9&lang=en")
        << QString() << QString() << u"我想听 晴天"_s << u"en"_s;
    QTest::newRow("form, encoded & and =") << kForm << QByteArrayLiteral("message=a%26b%3Dc")
                                           << QString() << QString() << u"a&b=c"_s << u"zh_CN"_s;
}

void TestChatRequest::accepted()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(QString, query);
    QFETCH(QString, sessionId);
    QFETCH(QString, message);
    QFETCH(QString, language);

    const auto result = rill::parseChatRequest(parts(contentType, body, query));
    EXPECT_REQUEST(result);
    const ChatRequest request = std::get<ChatRequest>(result);
    QCOMPARE(request.sessionId, sessionId);
    QCOMPARE(request.message, message);
    QCOMPARE(request.language, language);
    QVERIFY(request.lastEventId.isEmpty());
}

void TestChatRequest::lastEventId_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("expected");

    QTest::newRow("header") << QByteArrayLiteral("abc:3") << QString() << u"abc:3"_s;
    QTest::newRow("query") << QByteArray() << u"lastEventId=abc%3A1"_s << u"abc:1"_s;
    QTest::newRow("header wins over query")
        << QByteArrayLiteral("abc:3") << u"lastEventId=abc:1"_s << u"abc:3"_s;
    QTest::newRow("neither") << QByteArray() << u"sessionId=abc"_s << QString();
}

void TestChatRequest::lastEventId()
{
    QFETCH(QByteArray, header);
    QFETCH(QString, query);
    QFETCH(QString, expected);

    const auto result
        = rill::parseChatRequest(parts({}, {}, query, header, {}, QByteArrayLiteral("GET")));
    EXPECT_REQUEST(result);
    QCOMPARE(std::get<ChatRequest>(result).lastEventId, expected);
}

void TestChatRequest::language_data()
{
    QTest::addColumn<QByteArray>("acceptLanguage");
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("expected");

    QTest::newRow("none") << QByteArray() << QString() << u"zh_CN"_s;
    QTest::newRow("en-US,en;q=0.9") << QByteArrayLiteral("en-US,en;q=0.9") << QString() << u"en"_s;
    QTest::newRow("en") << QByteArrayLiteral("en") << QString() << u"en"_s;
    QTest::newRow("EN-gb, spaced") << QByteArrayLiteral(" EN-gb , fr") << QString() << u"en"_s;
    QTest::newRow("zh-CN first") << QByteArrayLiteral("zh-CN,zh;q=0.9,en;q=0.8") << QString()
                                 << u"zh_CN"_s;
    QTest::newRow("unsupported falls back to zh_CN")
        << QByteArrayLiteral("fr-FR,fr;q=0.9") << QString() << u"zh_CN"_s;
    QTest::newRow("wildcard") << QByteArrayLiteral("*") << QString() << u"zh_CN"_s;
    QTest::newRow("lang=en overrides zh header")
        << QByteArrayLiteral("zh-CN,zh;q=0.9") << u"lang=en"_s << u"en"_s;
    QTest::newRow("lang=zh_CN overrides en header")
        << QByteArrayLiteral("en-US,en;q=0.9") << u"lang=zh_CN"_s << u"zh_CN"_s;
    QTest::newRow("lang=zh overrides en header")
        << QByteArrayLiteral("en-US") << u"lang=zh"_s << u"zh_CN"_s;
    QTest::newRow("lang=en-GB") << QByteArray() << u"lang=en-GB"_s << u"en"_s;
    QTest::newRow("empty lang falls back to header")
        << QByteArrayLiteral("en-US") << u"lang="_s << u"en"_s;
}

void TestChatRequest::language()
{
    QFETCH(QByteArray, acceptLanguage);
    QFETCH(QString, query);
    QFETCH(QString, expected);

    const auto result = rill::parseChatRequest(parts({}, {}, query, {}, acceptLanguage));
    EXPECT_REQUEST(result);
    QCOMPARE(std::get<ChatRequest>(result).language, expected);

    // The same through a JSON body's "lang" field.
    const QUrlQuery q(query);
    if (q.hasQueryItem(u"lang"_s) && !q.queryItemValue(u"lang"_s).isEmpty()) {
        const QByteArray body
            = "{\"lang\":\"" + q.queryItemValue(u"lang"_s).toUtf8() + "\",\"message\":\"hi\"}";
        const auto fromBody = rill::parseChatRequest(parts(kJson, body, {}, {}, acceptLanguage));
        EXPECT_REQUEST(fromBody);
        QCOMPARE(std::get<ChatRequest>(fromBody).language, expected);
    }
}

void TestChatRequest::rejected_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("reasonMentions");

    QTest::newRow("malformed JSON")
        << kJson << QByteArrayLiteral("{\"message\":") << 400 << u"JSON"_s;
    QTest::newRow("malformed JSON, no type")
        << QByteArray() << QByteArrayLiteral("hello") << 400 << u"JSON"_s;
    QTest::newRow("single quotes")
        << kJson << QByteArrayLiteral("{'message':'hi'}") << 400 << u"JSON"_s;
    QTest::newRow("JSON array") << kJson << QByteArrayLiteral("[\"hi\"]") << 400 << u"object"_s;
    QTest::newRow("JSON string") << kJson << QByteArrayLiteral("\"hi\"") << 400 << u"JSON"_s;
    QTest::newRow("message number")
        << kJson << QByteArrayLiteral("{\"message\":42}") << 400 << u"message"_s;
    QTest::newRow("message bool") << kJson << QByteArrayLiteral("{\"message\":true}") << 400
                                  << u"message"_s;
    QTest::newRow("message object")
        << kJson << QByteArrayLiteral("{\"message\":{\"text\":\"hi\"}}") << 400 << u"message"_s;
    QTest::newRow("message array")
        << kJson << QByteArrayLiteral("{\"message\":[\"hi\"]}") << 400 << u"message"_s;
    QTest::newRow("sessionId number")
        << kJson << QByteArrayLiteral("{\"sessionId\":7}") << 400 << u"sessionId"_s;
    QTest::newRow("lang number") << kJson << QByteArrayLiteral("{\"lang\":1}") << 400 << u"lang"_s;
    QTest::newRow("history object")
        << kJson << QByteArrayLiteral("{\"history\":{\"type\":\"user\"}}") << 400 << u"history"_s;
    QTest::newRow("history of strings")
        << kJson << QByteArrayLiteral("{\"history\":[\"hi\"]}") << 400 << u"history"_s;
    QTest::newRow("history bad type") << kJson
                                      << QByteArrayLiteral("{\"history\":[{\"type\":\"step\","
                                                           "\"content\":\"x\"}]}")
                                      << 400 << u"history"_s;
    QTest::newRow("history no content")
        << kJson << QByteArrayLiteral("{\"history\":[{\"type\":\"user\"}]}") << 400 << u"content"_s;
    QTest::newRow("history numeric content")
        << kJson << QByteArrayLiteral("{\"history\":[{\"type\":\"user\",\"content\":1}]}") << 400
        << u"content"_s;
    QTest::newRow("text/plain") << QByteArrayLiteral("text/plain") << QByteArrayLiteral("hi") << 415
                                << u"Content-Type"_s;
    QTest::newRow("multipart") << QByteArrayLiteral("multipart/form-data; boundary=x")
                               << QByteArrayLiteral("--x\r\n") << 415 << u"Content-Type"_s;
    QTest::newRow("xml") << QByteArrayLiteral("application/xml")
                         << QByteArrayLiteral("<message>hi</message>") << 415 << u"Content-Type"_s;
}

void TestChatRequest::rejected()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, reasonMentions);

    const auto result = rill::parseChatRequest(parts(contentType, body));
    EXPECT_ERROR(result);
    const ChatRequestError error = std::get<ChatRequestError>(result);
    QCOMPARE(error.status, status);
    QVERIFY2(error.reason.contains(reasonMentions, Qt::CaseInsensitive), qPrintable(error.reason));
    QVERIFY(error.reason.size() >= 10);
}

void TestChatRequest::sessionId_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("valid");

    QTest::newRow("64 chars") << QString(64, u'a') << true;
    QTest::newRow("64 mixed") << (u"AZaz09_-"_s).repeated(8) << true;
    QTest::newRow("one char") << u"x"_s << true;
    QTest::newRow("uuid") << u"123e4567-e89b-12d3-a456-426614174000"_s << true;
    QTest::newRow("65 chars") << QString(65, u'a') << false;
    QTest::newRow("path traversal") << u"../x"_s << false;
    QTest::newRow("slash") << u"a/b"_s << false;
    QTest::newRow("dot") << u"a.b"_s << false;
    QTest::newRow("colon (id separator)") << u"a:1"_s << false;
    QTest::newRow("space") << u"a b"_s << false;
    QTest::newRow("leading space") << u" ab"_s << false;
    QTest::newRow("tab") << u"a\tb"_s << false;
    QTest::newRow("CRLF injection") << u"abc\r\nSet-Cookie: x=1"_s << false;
    QTest::newRow("LF") << u"abc\n"_s << false;
    QTest::newRow("NUL") << (u"ab"_s + QChar(0)) << false;
    QTest::newRow("non-ASCII") << u"会话"_s << false;
    QTest::newRow("accented letter") << u"caf\u00e9"_s << false;
    QTest::newRow("fullwidth digit") << u"\uff11"_s << false;
}

void TestChatRequest::sessionId()
{
    QFETCH(QString, id);
    QFETCH(bool, valid);

    QCOMPARE(rill::isValidSessionId(id), valid);

    // The same through every way a request can carry it.
    QUrlQuery encoded;
    encoded.addQueryItem(u"sessionId"_s, QString::fromLatin1(QUrl::toPercentEncoding(id)));
    const QString query = encoded.toString(QUrl::FullyEncoded);
    QByteArray jsonId = id.toUtf8();
    jsonId.replace("\\", "\\\\")
        .replace("\"", "\\\"")
        .replace("\r", "\\r")
        .replace("\n", "\\n")
        .replace("\t", "\\t")
        .replace(QByteArray(1, '\0'), "\\u0000");
    const QList<ChatRequestParts> carriers {
        parts({}, {}, query, {}, {}, QByteArrayLiteral("GET")),
        parts(kJson, "{\"sessionId\":\"" + jsonId + "\"}"),
        parts(kFormUtf8, query.toUtf8()),
    };
    for (const ChatRequestParts &p : carriers) {
        const auto result = rill::parseChatRequest(p);
        if (valid) {
            EXPECT_REQUEST(result);
            QCOMPARE(std::get<ChatRequest>(result).sessionId, id);
        } else {
            EXPECT_ERROR(result);
            QCOMPARE(std::get<ChatRequestError>(result).status, 400);
            QVERIFY2(std::get<ChatRequestError>(result).reason.contains(u"sessionId"_s),
                qPrintable(std::get<ChatRequestError>(result).reason));
        }
    }
}

void TestChatRequest::limits_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("maxBody");
    QTest::addColumn<int>("maxMessage");
    QTest::addColumn<int>("status"); // 0: accepted

    const QByteArray body40 = QByteArrayLiteral("{\"message\":\"") + QByteArray(26, 'x') + "\"}";
    QVERIFY(body40.size() == 40);
    QTest::newRow("body at limit") << kJson << body40 << QString() << 40 << 1000 << 0;
    QTest::newRow("body over limit") << kJson << body40 << QString() << 39 << 1000 << 413;
    QTest::newRow("body over limit, even if malformed")
        << kJson << QByteArray(100, '{') << QString() << 99 << 1000 << 413;
    QTest::newRow("body over limit, even if unsupported type")
        << QByteArrayLiteral("text/plain") << QByteArray(100, 'x') << QString() << 99 << 1000
        << 413;
    QTest::newRow("message at limit") << kJson << body40 << QString() << 1000 << 26 << 0;
    QTest::newRow("message over limit (json)") << kJson << body40 << QString() << 1000 << 25 << 413;
    QTest::newRow("message over limit (query)")
        << QByteArray() << QByteArray() << u"message=abcdef"_s << 1000 << 5 << 413;
    QTest::newRow("message over limit (form)")
        << kFormUtf8 << QByteArrayLiteral("message=abcdef") << QString() << 1000 << 5 << 413;
    QTest::newRow("message over limit (query fallback)")
        << kJson << QByteArrayLiteral("{\"sessionId\":\"a\"}") << u"message=abcdef"_s << 1000 << 5
        << 413;
    // The message limit counts characters, not UTF-8 bytes: 5 characters, 15 bytes.
    QTest::newRow("Chinese message at limit")
        << kJson << QByteArrayLiteral("{\"message\":\"晴天晴天晴\"}") << QString() << 1000 << 5
        << 0;
    QTest::newRow("Chinese message over limit")
        << kJson << QByteArrayLiteral("{\"message\":\"晴天晴天晴天\"}") << QString() << 1000 << 5
        << 413;
}

void TestChatRequest::limits()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(QString, query);
    QFETCH(int, maxBody);
    QFETCH(int, maxMessage);
    QFETCH(int, status);

    ChatRequestLimits limits;
    limits.maxBodyBytes = maxBody;
    limits.maxMessageChars = maxMessage;
    const auto result = rill::parseChatRequest(parts(contentType, body, query), limits);
    if (status == 0) {
        EXPECT_REQUEST(result);
        const QString message = std::get<ChatRequest>(result).message;
        QVERIFY(!message.isEmpty());
        QVERIFY(message.size() <= maxMessage);
        QVERIFY(body.contains(message.toUtf8()));
        return;
    }
    EXPECT_ERROR(result);
    const ChatRequestError error = std::get<ChatRequestError>(result);
    QCOMPARE(error.status, status);
    QVERIFY2(error.reason.contains(QString::number(body.size() > maxBody ? maxBody : maxMessage)),
        qPrintable(error.reason)); // the reason names the limit
}

void TestChatRequest::defaultLimits()
{
    const ChatRequestLimits limits;
    QCOMPARE(limits.maxBodyBytes, 64 * 1024);
    QCOMPARE(limits.maxMessageChars, 16 * 1024);

    const auto overBody = rill::parseChatRequest(
        parts(kJson, "{\"message\":\"" + QByteArray(64 * 1024, 'x') + "\"}"));
    EXPECT_ERROR(overBody);
    QCOMPARE(std::get<ChatRequestError>(overBody).status, 413);

    const auto overMessage = rill::parseChatRequest(
        parts(kJson, "{\"message\":\"" + QByteArray(16 * 1024 + 1, 'x') + "\"}"));
    EXPECT_ERROR(overMessage);
    QCOMPARE(std::get<ChatRequestError>(overMessage).status, 413);

    const auto atMessage = rill::parseChatRequest(
        parts(kJson, "{\"message\":\"" + QByteArray(16 * 1024, 'x') + "\"}"));
    EXPECT_REQUEST(atMessage);
    QCOMPARE(std::get<ChatRequest>(atMessage).message.size(), 16 * 1024);
}

void TestChatRequest::history()
{
    const auto result = rill::parseChatRequest(parts(kJson,
        u"{\"sessionId\":\"s1\",\"message\":\"again\",\"history\":["
        "{\"type\":\"user\",\"content\":\"我想听晴天\"},"
        "{\"type\":\"assistant\",\"content\":\"**好的**\",\"extra\":1},"
        "{\"type\":\"user\",\"content\":\"\"}]}"_s.toUtf8()));
    EXPECT_REQUEST(result);
    const ChatRequest request = std::get<ChatRequest>(result);
    QCOMPARE(request.message, u"again"_s);
    QCOMPARE(request.history.size(), 3);
    QCOMPARE(request.history.at(0).type, u"user"_s);
    QCOMPARE(request.history.at(0).content, u"我想听晴天"_s);
    QCOMPARE(request.history.at(1).type, u"assistant"_s);
    QCOMPARE(request.history.at(1).content, u"**好的**"_s);
    QCOMPARE(request.history.at(2).content, QString());

    const auto none = rill::parseChatRequest(parts(kJson, "{\"history\":null}"));
    EXPECT_REQUEST(none);
    QVERIFY(std::get<ChatRequest>(none).history.isEmpty());
}

void TestChatRequest::historyLimits()
{
    ChatRequestLimits limits;
    limits.maxHistoryTurns = 2;
    limits.maxHistoryChars = 10;
    const QByteArray turn = "{\"type\":\"user\",\"content\":\"abcd\"}";
    const auto two
        = rill::parseChatRequest(parts(kJson, "{\"history\":[" + turn + ',' + turn + "]}"), limits);
    EXPECT_REQUEST(two);
    QCOMPARE(std::get<ChatRequest>(two).history.size(), 2);

    const auto three = rill::parseChatRequest(
        parts(kJson, "{\"history\":[" + turn + ',' + turn + ',' + turn + "]}"), limits);
    EXPECT_ERROR(three);
    QCOMPARE(std::get<ChatRequestError>(three).status, 413);
    QVERIFY(std::get<ChatRequestError>(three).reason.contains(u"turns"_s));

    const QByteArray longTurn = "{\"type\":\"user\",\"content\":\"abcdefg\"}";
    const auto tooLong = rill::parseChatRequest(
        parts(kJson, "{\"history\":[" + turn + ',' + longTurn + "]}"), limits);
    EXPECT_ERROR(tooLong);
    QCOMPARE(std::get<ChatRequestError>(tooLong).status, 413);
    QVERIFY(std::get<ChatRequestError>(tooLong).reason.contains(u"10"_s));
}

QTEST_GUILESS_MAIN(TestChatRequest)
#include "tst_chatrequest.moc"
