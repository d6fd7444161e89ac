// Chat rows to JSON and back, and the history a window sends with a message.
#include "ui/widgets/chatmodel.h"
#include "ui/widgets/chatmodeljson.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using rill::ChatItem;
using rill::PlanStep;
using rill::StepState;
using Kind = rill::ChatItem::Kind;

namespace {

// A tool call's step keeps its tool, arguments and result on disk.
PlanStep toolStep()
{
    PlanStep step { u"1. read_text_file /tmp/notes.md"_s, StepState::Done, u"buy milk"_s };
    step.tool = u"read_text_file"_s;
    step.arguments = u"{\n    \"path\": \"/tmp/notes.md\"\n}"_s;
    step.result = u"buy milk\n"_s;
    return step;
}

QList<ChatItem> sample()
{
    return {
        { Kind::User, u"我想听晴天\nsecond line \"quoted\" \\ \t"_s, {} },
        { Kind::Plan, {},
            { PlanStep { u"1. 下载歌曲"_s, StepState::Done, u"got it"_s },
                PlanStep { u"2. 分析歌曲"_s, StepState::Failed, u"broken"_s },
                PlanStep { u"3. 解析参数"_s, StepState::Pending, {} },
                PlanStep { u"4. running"_s, StepState::Running, u"…"_s } } },
        { Kind::Assistant, u"**好的**\n\n| a | b |\n|---|---|\n| 1 | 2 |"_s, {} },
        { Kind::Error, u"step 2 failed (500)"_s, {} },
        { Kind::Plan, {}, {} },
        { Kind::Assistant, QString(), {} },
        { Kind::Assistant, u"cut short"_s, {}, rill::RunEnd::Stopped },
        { Kind::Plan, {}, { PlanStep { u"1. one"_s, StepState::Failed, {} } },
            rill::RunEnd::Failed },
        { Kind::Plan, {}, { toolStep() } },
    };
}

void compareItems(const QList<ChatItem> &actual, const QList<ChatItem> &expected)
{
    QCOMPARE(actual.size(), expected.size());
    for (qsizetype i = 0; i < actual.size(); ++i) {
        QCOMPARE(actual.at(i).kind, expected.at(i).kind);
        QCOMPARE(actual.at(i).text, expected.at(i).text);
        QCOMPARE(actual.at(i).steps, expected.at(i).steps);
        QCOMPARE(actual.at(i).end, expected.at(i).end);
        QCOMPARE(actual.at(i).shownVersion, expected.at(i).shownVersion);
        QCOMPARE(actual.at(i).versions.size(), expected.at(i).versions.size());
        for (qsizetype v = 0; v < actual.at(i).versions.size(); ++v)
            compareItems(actual.at(i).versions.at(v), expected.at(i).versions.at(v));
    }
}

} // namespace

class TestChatModelJson : public QObject
{
    Q_OBJECT
private slots:
    void roundTrip();
    void format();
    void rejected_data();
    void rejected();
    void modelTakesItemsBack();
    void versionsRoundTrip();
    void badVersionsRejected_data();
    void badVersionsRejected();
    void history();
    void historyKeepsNewestWithinBudget();
};

void TestChatModelJson::roundTrip()
{
    const QJsonArray json = rill::chatItemsToJson(sample());
    // Through bytes, as the store does.
    const QJsonArray reread = QJsonDocument::fromJson(QJsonDocument(json).toJson()).array();
    QString error;
    const auto items = rill::chatItemsFromJson(reread, &error);
    QVERIFY2(items, qPrintable(error));
    compareItems(*items, sample());
}

void TestChatModelJson::format()
{
    const QJsonArray json = rill::chatItemsToJson(sample());
    QCOMPARE(json.at(0).toObject().value(u"kind"_s).toString(), u"user"_s);
    const QJsonObject plan = json.at(1).toObject();
    QCOMPARE(plan.value(u"kind"_s).toString(), u"plan"_s);
    const QJsonArray steps = plan.value(u"steps"_s).toArray();
    QCOMPARE(steps.size(), 4);
    QCOMPARE(steps.at(1).toObject().value(u"state"_s).toString(), u"failed"_s);
    QCOMPARE(steps.at(3).toObject().value(u"state"_s).toString(), u"running"_s);
    QCOMPARE(steps.at(0).toObject().value(u"detail"_s).toString(), u"got it"_s);
    // How a run ended is written only when it did not complete.
    QVERIFY(!json.at(2).toObject().contains(u"end"_s));
    QCOMPARE(json.at(6).toObject().value(u"end"_s).toString(), u"stopped"_s);
    QCOMPARE(json.at(7).toObject().value(u"end"_s).toString(), u"failed"_s);
    QCOMPARE(json.at(3).toObject().value(u"kind"_s).toString(), u"error"_s);
}

void TestChatModelJson::rejected_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("not an object") << QByteArrayLiteral("[1]");
    QTest::newRow("unknown kind") << QByteArrayLiteral("[{\"kind\":\"robot\",\"text\":\"x\"}]");
    QTest::newRow("no kind") << QByteArrayLiteral("[{\"text\":\"x\"}]");
    QTest::newRow("text not a string") << QByteArrayLiteral("[{\"kind\":\"user\",\"text\":1}]");
    QTest::newRow("plan without steps") << QByteArrayLiteral("[{\"kind\":\"plan\"}]");
    QTest::newRow("unknown state") << QByteArrayLiteral(
        "[{\"kind\":\"plan\",\"steps\":[{\"title\":\"a\",\"state\":\"dancing\"}]}]");
    QTest::newRow("good then bad")
        << QByteArrayLiteral("[{\"kind\":\"user\",\"text\":\"ok\"},{\"kind\":\"assistant\"}]");
}

void TestChatModelJson::rejected()
{
    QFETCH(QByteArray, json);
    QString error;
    QVERIFY(!rill::chatItemsFromJson(QJsonDocument::fromJson(json).array(), &error));
    QVERIFY(error.contains(u"row"_s));
}

void TestChatModelJson::modelTakesItemsBack()
{
    rill::ChatModel model;
    model.addUserMessage(u"old"_s);
    model.setPlanStep(1, u"running one"_s);
    QVERIFY(model.currentPlanRow() >= 0);
    model.setItems(sample());
    QCOMPARE(model.rowCount(), sample().size());
    compareItems(model.items(), sample());
    QCOMPARE(model.currentPlanRow(), -1); // no run is under way in a kept chat
    QVERIFY(model.index(1).data(rill::ChatModel::BusyRole).toBool()); // shown as it was
    // A new turn gets its own plan card, not the kept one.
    model.addUserMessage(u"new"_s);
    model.setPlanStep(1, u"fresh"_s);
    QCOMPARE(model.currentPlanRow(), sample().size() + 1);
    QCOMPARE(model.item(1).steps, sample().at(1).steps);
}

void TestChatModelJson::versionsRoundTrip()
{
    // A first turn regenerated once, then its question edited: three versions.
    rill::ChatModel model;
    model.addUserMessage(u"A"_s);
    model.addAssistantMessage(u"answer 1"_s);
    model.addUserMessage(u"B"_s);
    model.addAssistantMessage(u"answer B"_s);
    model.startBranch(0);
    QCOMPARE(model.rowCount(), 0);
    model.addUserMessage(u"A"_s);
    model.addAssistantMessage(u"answer 2"_s);
    model.startBranch(0);
    model.addUserMessage(u"A edited"_s);
    model.addAssistantMessage(u"answer 3"_s);
    QCOMPARE(model.index(0).data(rill::ChatModel::VersionCountRole).toInt(), 3);
    QCOMPARE(model.index(0).data(rill::ChatModel::VersionRole).toInt(), 2);

    const QJsonArray json = rill::chatItemsToJson(model.items());
    QCOMPARE(json.at(0).toObject().value(u"shownVersion"_s).toInt(), 2);
    QString error;
    const auto items = rill::chatItemsFromJson(
        QJsonDocument::fromJson(QJsonDocument(json).toJson()).array(), &error);
    QVERIFY2(items, qPrintable(error));
    rill::ChatModel reread;
    reread.setItems(*items);
    compareItems(reread.items(), model.items());
    // The first version comes back with the turn that followed it.
    reread.showVersion(0, 0);
    QCOMPARE(reread.rowCount(), 4);
    QCOMPARE(reread.item(1).text, u"answer 1"_s);
    QCOMPARE(reread.item(2).text, u"B"_s);
    reread.showVersion(0, 1);
    QCOMPARE(reread.rowCount(), 2);
    QCOMPARE(reread.item(1).text, u"answer 2"_s);
    reread.showVersion(0, 2);
    QCOMPARE(reread.item(0).text, u"A edited"_s);
    QCOMPARE(reread.index(0).data(rill::ChatModel::VersionCountRole).toInt(), 3);

    // Deleting a turn takes its rows only.
    reread.showVersion(0, 0);
    reread.removeTurn(0);
    QCOMPARE(reread.rowCount(), 2);
    QCOMPARE(reread.item(0).text, u"B"_s);
}

void TestChatModelJson::badVersionsRejected_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("versions not an array")
        << QByteArrayLiteral("[{\"kind\":\"user\",\"text\":\"a\",\"versions\":1,"
                             "\"shownVersion\":0}]");
    QTest::newRow("shown out of range")
        << QByteArrayLiteral("[{\"kind\":\"user\",\"text\":\"a\",\"versions\":[[]],"
                             "\"shownVersion\":3}]");
    QTest::newRow("version not starting with a question")
        << QByteArrayLiteral("[{\"kind\":\"user\",\"text\":\"a\",\"versions\":"
                             "[[{\"kind\":\"error\",\"text\":\"x\"}],[]],\"shownVersion\":1}]");
}

void TestChatModelJson::badVersionsRejected()
{
    QFETCH(QByteArray, json);
    const QJsonDocument document = QJsonDocument::fromJson(json);
    QVERIFY(document.isArray());
    QVERIFY(!rill::chatItemsFromJson(document.array()));
}

void TestChatModelJson::history()
{
    const QJsonArray history = rill::chatHistoryJson(sample(), 64 * 1024, 200);
    // Only what was said: no plans, no errors, oldest first.
    QCOMPARE(history.size(), 4);
    QCOMPARE(history.at(0).toObject().value(u"type"_s).toString(), u"user"_s);
    QCOMPARE(history.at(0).toObject().value(u"content"_s).toString(), sample().at(0).text);
    QCOMPARE(history.at(1).toObject().value(u"type"_s).toString(), u"assistant"_s);
    QCOMPARE(history.at(1).toObject().value(u"content"_s).toString(), sample().at(2).text);
    QCOMPARE(history.at(2).toObject().value(u"content"_s).toString(), QString());
    QCOMPARE(history.at(3).toObject().value(u"content"_s).toString(), u"cut short"_s);
}

void TestChatModelJson::historyKeepsNewestWithinBudget()
{
    QList<ChatItem> items;
    for (int i = 0; i < 100; ++i)
        items.append({ i % 2 ? Kind::Assistant : Kind::User,
            u"turn %1 "_s.arg(i, 3) + QString(90, u'x'), {} });
    const QJsonArray byCount = rill::chatHistoryJson(items, 1024 * 1024, 10);
    QCOMPARE(byCount.size(), 10);
    QVERIFY(byCount.first().toObject().value(u"content"_s).toString().startsWith(u"turn  90"_s));
    QVERIFY(byCount.last().toObject().value(u"content"_s).toString().startsWith(u"turn  99"_s));

    const qsizetype budget = 2000;
    const QJsonArray byBytes = rill::chatHistoryJson(items, budget, 200);
    QVERIFY(QJsonDocument(byBytes).toJson(QJsonDocument::Compact).size() <= budget);
    QVERIFY(byBytes.size() >= 10 && byBytes.size() < 20);
    QVERIFY(byBytes.last().toObject().value(u"content"_s).toString().startsWith(u"turn  99"_s));

    // A newest turn too large for the budget: nothing rather than a gap.
    items.append({ Kind::User, QString(5000, u'y'), {} });
    QVERIFY(rill::chatHistoryJson(items, budget, 200).isEmpty());
}

QTEST_GUILESS_MAIN(TestChatModelJson)
#include "tst_chatmodeljson.moc"
