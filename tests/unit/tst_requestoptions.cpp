// What the window asks of the model, before it goes on the wire: the POST
// /chat body ChatClient builds (options only with the fields chosen), the
// settings' defaults as kept in QSettings (unset stays unset; a value edited
// by hand that a server would refuse is dropped), a conversation's choices
// over them, and where the models are listed for an LLM server's URL.
#include "server/protocol/chatoptions.h"
#include "ui/net/chatclient.h"
#include "ui/net/modeldefaults.h"
#include "ui/net/modellist.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using rill::ChatClient;
using rill::ChatOptions;
namespace ModelDefaults = rill::ModelDefaults;

namespace {

QJsonObject bodyOf(const QString &sessionId, const QString &message, const QJsonArray &history,
    const ChatOptions &options)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(
        ChatClient::requestBody(sessionId, message, history, options), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        qFatal("the body is not a JSON object");
    return document.object();
}

} // namespace

class TestRequestOptions : public QObject
{
    Q_OBJECT

private slots:
    void bodyWithoutOptionsIsAsBefore();
    void bodyCarriesOnlyTheChosenFields();
    void bodyOptionsPassTheServersChecks();
    void settingsKeepUnsetAsUnset();
    void settingsDropWhatAServerWouldRefuse();
    void conversationChoicesWin();
    void modelsUrlFollowsTheLlmUrl_data();
    void modelsUrlFollowsTheLlmUrl();

private:
    QTemporaryDir m_dir;
};

void TestRequestOptions::bodyWithoutOptionsIsAsBefore()
{
    // The seed's bare POST /chat: nothing at all.
    QCOMPARE(ChatClient::requestBody({}, {}, {}, {}), QByteArray("{}"));
    const QJsonArray history { QJsonObject {
        { u"type"_s, u"user"_s }, { u"content"_s, u"hi"_s } } };
    const QJsonObject body = bodyOf(u"s1"_s, u"hello"_s, history, {});
    QCOMPARE(body.keys(), (QStringList { u"history"_s, u"message"_s, u"sessionId"_s }));
    QCOMPARE(body.value(u"history"_s).toArray(), history);
}

void TestRequestOptions::bodyCarriesOnlyTheChosenFields()
{
    ChatOptions options;
    options.model = u"qwen3:8b"_s;
    options.temperature = 0.7;
    const QJsonObject body = bodyOf({}, u"hello"_s, {}, options);
    const QJsonObject sent = body.value(u"options"_s).toObject();
    QCOMPARE(sent.keys(), (QStringList { u"model"_s, u"temperature"_s }));
    QCOMPARE(sent.value(u"model"_s).toString(), u"qwen3:8b"_s);
    QCOMPARE(sent.value(u"temperature"_s).toDouble(), 0.7);

    // An empty system prompt is a choice (none at all), not an unset field.
    ChatOptions none;
    none.system = QString();
    QCOMPARE(bodyOf({}, u"x"_s, {}, none).value(u"options"_s).toObject(),
        (QJsonObject { { u"system"_s, u""_s } }));
}

void TestRequestOptions::bodyOptionsPassTheServersChecks()
{
    ChatOptions options;
    options.model = u"m"_s;
    options.system = u"Answer like a pirate."_s;
    options.temperature = 0;
    options.topP = 1;
    options.maxTokens = 1024;
    const QJsonValue sent = bodyOf({}, u"x"_s, {}, options).value(u"options"_s);
    const auto parsed = ChatOptions::fromJson(sent);
    QVERIFY2(std::holds_alternative<ChatOptions>(parsed),
        qPrintable(std::get_if<QString>(&parsed) ? *std::get_if<QString>(&parsed) : QString()));
    QCOMPARE(std::get<ChatOptions>(parsed), options);
    QCOMPARE(sent.toObject().value(u"top_p"_s).toDouble(), 1.0);
    QCOMPARE(sent.toObject().value(u"max_tokens"_s).toInt(), 1024);
}

void TestRequestOptions::settingsKeepUnsetAsUnset()
{
    QSettings settings(m_dir.filePath(u"unset.ini"_s), QSettings::IniFormat);
    QCOMPARE(ModelDefaults::load(settings), ChatOptions {});

    ChatOptions chosen;
    chosen.model = u"llama3.2"_s;
    chosen.temperature = 0.25;
    chosen.maxTokens = 300;
    ModelDefaults::save(settings, chosen);
    QCOMPARE(ModelDefaults::load(settings), chosen);
    QVERIFY(!settings.contains(u"model/topP"_s));

    // Back to "Server default": the key goes, and nothing is sent.
    chosen.temperature.reset();
    ModelDefaults::save(settings, chosen);
    QVERIFY(!settings.contains(u"model/temperature"_s));
    QCOMPARE(ModelDefaults::load(settings), chosen);
    QVERIFY(!ModelDefaults::load(settings).toJson().contains(u"temperature"_s));
}

void TestRequestOptions::settingsDropWhatAServerWouldRefuse()
{
    QSettings settings(m_dir.filePath(u"edited.ini"_s), QSettings::IniFormat);
    settings.setValue(u"model/name"_s, u"  gemma3  "_s);
    settings.setValue(u"model/temperature"_s, 5); // out of 0..2: a 400 on every send
    settings.setValue(u"model/topP"_s, u"high"_s); // not a number
    settings.setValue(u"model/maxTokens"_s, 12.5); // not whole
    settings.setValue(u"model/system"_s, u"   "_s); // blank: no default
    ChatOptions expected;
    expected.model = u"gemma3"_s;
    QCOMPARE(ModelDefaults::load(settings), expected);
}

void TestRequestOptions::conversationChoicesWin()
{
    ChatOptions settings;
    settings.model = u"alpha"_s;
    settings.system = u"Be brief."_s;
    settings.temperature = 0.3;
    ChatOptions conversation;
    conversation.model = u"beta"_s;
    conversation.system = u"Answer like a pirate."_s;
    const ChatOptions asked = ModelDefaults::forRequest(settings, conversation);
    QCOMPARE(asked.model, u"beta"_s);
    QCOMPARE(asked.system, u"Answer like a pirate."_s);
    QCOMPARE(asked.temperature, 0.3); // the conversation does not choose it

    // A conversation that wants no system prompt at all sends an empty one.
    ChatOptions none;
    none.system = QString();
    QCOMPARE(ModelDefaults::forRequest(settings, none).system, QString());
    QCOMPARE(ModelDefaults::forRequest(settings, {}), settings);
}

void TestRequestOptions::modelsUrlFollowsTheLlmUrl_data()
{
    QTest::addColumn<QString>("llmUrl");
    QTest::addColumn<QString>("models");
    const QString expected = u"http://127.0.0.1:8080/v1/models"_s;
    QTest::newRow("bare") << u"http://127.0.0.1:8080"_s << expected;
    QTest::newRow("slash") << u"http://127.0.0.1:8080/"_s << expected;
    QTest::newRow("v1") << u"http://127.0.0.1:8080/v1/"_s << expected;
    QTest::newRow("completions") << u"http://127.0.0.1:8080/v1/chat/completions"_s << expected;
    QTest::newRow("prefix") << u"https://host/ollama"_s << u"https://host/ollama/v1/models"_s;
}

void TestRequestOptions::modelsUrlFollowsTheLlmUrl()
{
    QFETCH(QString, llmUrl);
    QFETCH(QString, models);
    QCOMPARE(rill::ModelList::modelsUrl(QUrl(llmUrl)).toString(), models);
}

QTEST_GUILESS_MAIN(TestRequestOptions)
#include "tst_requestoptions.moc"
