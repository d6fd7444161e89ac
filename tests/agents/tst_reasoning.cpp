// The OpenAI agent against tests/peers/fake_openai.py in each of its modes:
// thinking in every form comes as `reasoning` pieces, then the answer as
// `delta` pieces, then the whole answer with its `stats`; the failures a real
// model gives end the run with words saying what to do.
#include "agentrecorder.h"
#include "server/agent/openaiagent.h"
#include "server/protocol/runstats.h"
#include "tests/support/fakeopenai.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace rill;
using rill::testing::record;
using rill::testing::Recorded;

namespace {

// What fake_openai.py thinks, word for word.
const QString kThinking = u"Let me think about this. The user wrote a message; I should answer it "
                          u"**briefly** and say what the request carried."_s;

QString joined(const QList<Message> &messages)
{
    QString text;
    for (const Message &m : messages)
        text += m.content;
    return text;
}

} // namespace

class TestReasoning : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void thinkingThenAnswerThenStats_data();
    void thinkingThenAnswerThenStats();
    void loneCloseTagCollapsesNothing();
    void withoutUsageTheCountIsEstimated();
    void optionsReachTheModel();
    void realModelErrorsInPlainWords_data();
    void realModelErrorsInPlainWords();

private:
    // Runs one request for `model` (a fake_openai.py mode) to its end.
    void runFor(const QString &model, Recorded &got, const ChatOptions &extra = {});

    FakeOpenAi m_fake;
};

void TestReasoning::initTestCase()
{
    QString why;
    QVERIFY2(m_fake.start({ u"--delay"_s, u"0.002"_s }, &why), qPrintable(why));
}

void TestReasoning::runFor(const QString &model, Recorded &got, const ChatOptions &extra)
{
    OpenAiAgentOptions options;
    options.baseUrl = m_fake.url();
    options.timeout = std::chrono::seconds(10);
    OpenAiAgent agent(options);
    record(agent, got);
    AgentRequest request;
    request.sessionId = u"s"_s;
    request.message = u"hello"_s;
    request.options = extra;
    request.options.model = model;
    agent.start(request);
    QTRY_VERIFY_WITH_TIMEOUT(got.ended(), 15000);
}

void TestReasoning::thinkingThenAnswerThenStats_data()
{
    QTest::addColumn<QString>("mode");
    for (const char *mode :
        { "reasoning_content", "reasoning", "think", "thinking", "think-chars" })
        QTest::newRow(mode) << QString::fromLatin1(mode);
    // "<think>" and "</think>" cut after each of their characters.
    for (int at = 1; at <= 8; ++at)
        QTest::addRow("think-split-%d", at) << u"think-split-%1"_s.arg(at);
}

void TestReasoning::thinkingThenAnswerThenStats()
{
    QFETCH(QString, mode);
    Recorded got;
    runFor(mode, got);
    QVERIFY2(got.finished, qPrintable(got.failure));
    // The order: reasoning pieces, then deltas, then one assistant, nothing else.
    QStringList types;
    for (const Message &m : std::as_const(got.messages)) {
        if (types.isEmpty() || types.last() != m.type)
            types.append(m.type);
    }
    QCOMPARE(
        types, QStringList({ MessageType::Reasoning, MessageType::Delta, MessageType::Assistant }));
    const QList<Message> reasoning = got.ofType(MessageType::Reasoning);
    QVERIFY(reasoning.size() > 1); // piece by piece, not at the end
    QCOMPARE(joined(reasoning).trimmed(), kThinking);
    const Message answer = got.messages.last();
    QCOMPARE(joined(got.ofType(MessageType::Delta)), answer.content);
    QVERIFY2(answer.content.startsWith(u"You said **hello**."_s), qPrintable(answer.content));
    QVERIFY(!answer.content.contains(u"think>"_s));
    const std::optional<RunStats> stats = RunStats::fromJson(answer.extra.value(u"stats"_s));
    QVERIFY(stats);
    QVERIFY(!stats->estimated); // fake_openai.py sends usage when asked, and the agent asks
    QVERIFY(stats->tokens > reasoning.size());
    QVERIFY(stats->promptTokens.has_value());
    QVERIFY(stats->thinkingMs > 0);
    QVERIFY(stats->thinkingMs <= stats->generationMs);
    QVERIFY(stats->tokensPerSecond() > 0);
}

void TestReasoning::loneCloseTagCollapsesNothing()
{
    Recorded got;
    runFor(u"lone-close"_s, got);
    QVERIFY2(got.finished, qPrintable(got.failure));
    QVERIFY(got.ofType(MessageType::Reasoning).isEmpty());
    const Message answer = got.messages.last();
    QVERIFY2(answer.content.startsWith(u"An ordinary answer that mentions a lone </think> tag"_s),
        qPrintable(answer.content));
    QCOMPARE(RunStats::fromJson(answer.extra.value(u"stats"_s))->thinkingMs, 0);
}

void TestReasoning::withoutUsageTheCountIsEstimated()
{
    Recorded got;
    runFor(u"no-usage"_s, got);
    QVERIFY2(got.finished, qPrintable(got.failure));
    const std::optional<RunStats> stats
        = RunStats::fromJson(got.messages.last().extra.value(u"stats"_s));
    QVERIFY(stats);
    QVERIFY(stats->estimated);
    QVERIFY(!stats->promptTokens);
    // One token taken for each piece that came; here each piece is one event.
    QCOMPARE(stats->tokens,
        got.ofType(MessageType::Reasoning).size() + got.ofType(MessageType::Delta).size());
}

void TestReasoning::optionsReachTheModel()
{
    ChatOptions options;
    options.temperature = 0.3;
    options.topP = 0.9;
    options.maxTokens = 77;
    Recorded got;
    runFor(u"plain"_s, got, options);
    QVERIFY2(got.finished, qPrintable(got.failure));
    // fake_openai.py says what the request carried.
    QVERIFY2(got.messages.last().content.contains(
                 u"model=plain temperature=0.3 top_p=0.9 max_tokens=77"_s),
        qPrintable(got.messages.last().content));
}

void TestReasoning::realModelErrorsInPlainWords_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("words");
    QTest::newRow("context, llama-server") << u"error-context-llama"_s << 400
                                           << u"too long for the model's context (5000 tokens; "
                                              u"the model holds 4096). Start a new conversation"_s;
    QTest::newRow("context, OpenAI")
        << u"error-context-openai"_s << 400 << u"too long for the model's context. Start a new"_s;
    QTest::newRow("unknown model")
        << u"error-model"_s << 404 << u"has no model \"error-model\". Pick one of its models"_s;
    QTest::newRow("401") << u"error-401"_s << 401 << u"refused the API key (401). Set the right"_s;
    QTest::newRow("403") << u"error-403"_s << 403
                         << u"refused access (403): this API key may not use"_s;
    QTest::newRow("loading") << u"error-503"_s << 503
                             << u"still loading the model, or is busy (503). Wait a moment"_s;
    QTest::newRow("in the stream") << u"error-in-stream"_s << 502 << u"the model crashed"_s;
}

void TestReasoning::realModelErrorsInPlainWords()
{
    QFETCH(QString, mode);
    QFETCH(int, status);
    QFETCH(QString, words);
    QElapsedTimer clock;
    clock.start();
    Recorded got;
    runFor(mode, got);
    QVERIFY(!got.finished);
    QCOMPARE(got.failureStatus, status);
    QVERIFY2(got.failure.contains(words), qPrintable(got.failure));
    QVERIFY(got.ofType(MessageType::Assistant).isEmpty());
    QVERIFY2(clock.elapsed() < 5000, "an error must end the run at once, not hang");
}

QTEST_GUILESS_MAIN(TestReasoning)
#include "tst_reasoning.moc"
